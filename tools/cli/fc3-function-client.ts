import { Readable } from 'node:stream';
import Fc3Client, * as $fc3 from '@alicloud/fc20230330';
import * as $OpenApi from '@alicloud/openapi-client';
import type { Credentials } from './credentials';
import { fcFailure } from './fc-failure';
import {
  MAX_TRIGGER_PAGES,
  RESPONSE_TIMEOUT_MS,
  type FunctionChange,
  type FunctionClient,
  type FunctionSettings,
  type Invocation,
  type TriggerSummary,
} from './function-client';
import { endpointUrl, type FunctionTarget } from './function-target';

/** A function of FC 3.0 (what the fc3 component deploys): `/2023-03-30/functions/{name}`. */
export class Fc3FunctionClient implements FunctionClient {
  readonly api = 'FC 3.0';
  private readonly client: Fc3Client;

  constructor(
    private readonly target: FunctionTarget,
    credentials: Credentials,
  ) {
    this.client = new Fc3Client(
      new $OpenApi.Config({
        accessKeyId: credentials.accessKeyId,
        accessKeySecret: credentials.accessKeySecret,
        securityToken: credentials.securityToken,
        regionId: target.region,
        // The SDK takes host[:port] and the scheme separately, and builds the URL from both.
        endpoint: target.endpoint.host,
        protocol: target.endpoint.protocol,
        readTimeout: RESPONSE_TIMEOUT_MS,
        connectTimeout: 10_000,
      }),
    );
  }

  async getFunction(): Promise<FunctionSettings> {
    const response = await this.call('read', () => this.client.getFunction(this.target.functionName, new $fc3.GetFunctionRequest({})));
    return settings(response.body, this.target.functionName);
  }

  async updateFunction(change: FunctionChange): Promise<FunctionSettings> {
    const body = new $fc3.UpdateFunctionInput({ memorySize: change.memorySize, timeout: change.timeout, cpu: change.cpu });
    const response = await this.call('update', () =>
      this.client.updateFunction(this.target.functionName, new $fc3.UpdateFunctionRequest({ body })),
    );
    return settings(response.body, this.target.functionName);
  }

  async invoke(event: Buffer): Promise<Invocation> {
    const response = await this.call('invoke', async () => {
      const answer = await this.client.invokeFunction(
        this.target.functionName,
        new $fc3.InvokeFunctionRequest({ body: Readable.from([event]) }),
      );
      // Read inside the guarded call: a connection lost mid-body is a failure like any other.
      return { headers: answer.headers ?? {}, body: await readAll(answer.body) };
    });
    return {
      requestId: response.headers['x-fc-request-id'],
      errorType: response.headers['x-fc-error-type'],
      body: response.body,
    };
  }

  async listTriggers(): Promise<TriggerSummary[]> {
    const triggers: TriggerSummary[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_TRIGGER_PAGES; page++) {
      const response = await this.call('list the triggers of', () =>
        this.client.listTriggers(this.target.functionName, new $fc3.ListTriggersRequest({ limit: 100, nextToken })),
      );
      for (const trigger of response.body?.triggers ?? []) {
        triggers.push({
          name: trigger.triggerName ?? '',
          type: trigger.triggerType ?? '',
          config: parseConfig(trigger.triggerConfig),
          sourceArn: trigger.sourceArn || undefined,
          status: trigger.status || undefined,
        });
      }
      nextToken = response.body?.nextToken || undefined;
      if (nextToken === undefined) break;
    }
    return triggers;
  }

  private async call<T>(verb: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw fcFailure(error, {
        action: `${verb} function '${this.target.functionName}' (${this.api}, ${this.target.region})`,
        endpoint: endpointUrl(this.target.endpoint),
        notFoundHint:
          `Check --function and --region (or s.yaml vars.name and vars.region). ` +
          `If the function lives in an FC 2.0 service (as the ApsaraMQ console's connector wizard creates them), pass --service <service name>.`,
      });
    }
  }
}

function settings(body: $fc3.Function | undefined, fallbackName: string): FunctionSettings {
  return {
    name: body?.functionName ?? fallbackName,
    runtime: body?.runtime,
    handler: body?.handler,
    memorySize: body?.memorySize,
    cpu: body?.cpu,
    timeout: body?.timeout,
    lastModifiedTime: body?.lastModifiedTime,
    state: body?.state,
  };
}

function parseConfig(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function readAll(stream: Readable | undefined): Promise<string> {
  if (stream === undefined) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
