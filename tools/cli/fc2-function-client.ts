import { CliError } from './cli-error';
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

/** The part of @alicloud/fc2 (which ships no types) that this client uses. */
interface Fc2Response<T> {
  headers: Record<string, string | undefined>;
  data: T;
}
type Fc2Function = Omit<FunctionSettings, 'name'> & { functionName?: string };
interface Fc2Trigger {
  triggerName?: string;
  triggerType?: string;
  triggerConfig?: unknown;
  sourceArn?: string;
  status?: string;
}
interface Fc2Sdk {
  getFunction(service: string, fn: string): Promise<Fc2Response<Fc2Function>>;
  updateFunction(service: string, fn: string, options: FunctionChange): Promise<Fc2Response<Fc2Function>>;
  invokeFunction(service: string, fn: string, event: Buffer): Promise<Fc2Response<unknown>>;
  listTriggers(
    service: string,
    fn: string,
    options: { limit?: number; nextToken?: string },
  ): Promise<Fc2Response<{ triggers?: Fc2Trigger[]; nextToken?: string }>>;
}
type Fc2Constructor = new (
  accountId: string,
  config: { accessKeyID: string; accessKeySecret: string; securityToken?: string; region: string; endpoint: string; timeout: number },
) => Fc2Sdk;

/** A function inside an FC 2.0 service: `/2016-08-15/services/{service}/functions/{name}`. */
export class Fc2FunctionClient implements FunctionClient {
  readonly api = 'FC 2.0';
  private readonly client: Fc2Sdk;

  constructor(
    private readonly target: FunctionTarget,
    private readonly service: string,
    credentials: Credentials,
  ) {
    if (credentials.accountId === undefined) {
      throw new CliError(
        `The FC 2.0 API needs the Alibaba Cloud account ID in every request. Set ALIBABA_CLOUD_ACCOUNT_ID or add AccountID to ${credentials.source}.`,
      );
    }
    const FC = require('@alicloud/fc2') as Fc2Constructor;
    this.client = new FC(credentials.accountId, {
      accessKeyID: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      securityToken: credentials.securityToken,
      region: target.region,
      endpoint: endpointUrl(target.endpoint),
      timeout: RESPONSE_TIMEOUT_MS,
    });
  }

  async getFunction(): Promise<FunctionSettings> {
    const response = await this.call('read', () => this.client.getFunction(this.service, this.target.functionName));
    return this.settings(response.data);
  }

  async updateFunction(change: FunctionChange): Promise<FunctionSettings> {
    const options = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
    const response = await this.call('update', () => this.client.updateFunction(this.service, this.target.functionName, options));
    return this.settings(response.data);
  }

  async invoke(event: Buffer): Promise<Invocation> {
    const response = await this.call('invoke', () => this.client.invokeFunction(this.service, this.target.functionName, event));
    const data = response.data;
    return {
      requestId: response.headers['x-fc-request-id'],
      errorType: response.headers['x-fc-error-type'],
      // The SDK parses JSON answers; the commands want the text FC sent.
      body: typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : JSON.stringify(data),
    };
  }

  async listTriggers(): Promise<TriggerSummary[]> {
    const triggers: TriggerSummary[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_TRIGGER_PAGES; page++) {
      const options = nextToken === undefined ? { limit: 100 } : { limit: 100, nextToken };
      const response = await this.call('list the triggers of', () =>
        this.client.listTriggers(this.service, this.target.functionName, options),
      );
      for (const trigger of response.data.triggers ?? []) {
        triggers.push({
          name: trigger.triggerName ?? '',
          type: trigger.triggerType ?? '',
          config: trigger.triggerConfig ?? undefined,
          sourceArn: trigger.sourceArn || undefined,
          status: trigger.status || undefined,
        });
      }
      nextToken = response.data.nextToken || undefined;
      if (nextToken === undefined) break;
    }
    return triggers;
  }

  private settings(data: Fc2Function): FunctionSettings {
    return {
      name: data.functionName ?? this.target.functionName,
      runtime: data.runtime,
      handler: data.handler,
      memorySize: data.memorySize,
      cpu: data.cpu,
      timeout: data.timeout,
      lastModifiedTime: data.lastModifiedTime,
      state: data.state,
    };
  }

  private async call<T>(verb: string, request: () => Promise<T>): Promise<T> {
    const label = `function '${this.target.functionName}' of service '${this.service}' (${this.api}, ${this.target.region})`;
    try {
      return await request();
    } catch (error) {
      throw fcFailure(error, {
        action: `${verb} ${label}`,
        endpoint: endpointUrl(this.target.endpoint),
        notFoundHint:
          `Check --service, --function and --region. ` +
          `Functions deployed with Serverless Devs (fc3) have no service: drop --service to use the FC 3.0 API.`,
      });
    }
  }
}
