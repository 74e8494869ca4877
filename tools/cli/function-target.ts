import { REGION_ID } from '../../lib/platform/oss';
import type { GlobalOptions } from './arguments';
import { CliError, UsageError } from './cli-error';
import type { Credentials } from './credentials';
import type { ProjectVars, VarName } from './project-vars';

/** Which function the command acts on, and the FC endpoint that serves it. */
export interface FunctionTarget {
  region: string;
  functionName: string;
  /** Set for functions in an FC 2.0 service; the FC 2.0 API is used then. */
  serviceName?: string;
  endpoint: Endpoint;
}

export interface Endpoint {
  protocol: 'http' | 'https';
  /** host[:port] */
  host: string;
}

export function resolveTarget(options: GlobalOptions, vars: ProjectVars, credentials: Credentials): FunctionTarget {
  const region = pick(options.region, vars, 'region', '--region');
  if (!REGION_ID.test(region)) {
    throw new CliError(`Region '${region}' is not a region id. Use the id, e.g. cn-hangzhou or ap-southeast-1.`, 2);
  }
  const functionName = pick(options.function, vars, 'name', '--function');
  return {
    region,
    functionName,
    serviceName: options.service,
    endpoint: options.endpoint !== undefined ? parseEndpoint(options.endpoint) : defaultEndpoint(region, credentials),
  };
}

/** A value for `name` from its option, else from s.yaml; the error names both places. */
export function pick(option: string | undefined, vars: ProjectVars, name: VarName, flag: string): string {
  if (option !== undefined) return option;
  const value = vars.values[name];
  if (value !== undefined) return value;
  const problem = vars.problems[name];
  if (problem !== undefined) throw new CliError(`${problem}. Set the variable, or pass ${flag}.`);
  const where =
    vars.file === undefined ? `there is no s.yaml in ${vars.searched} or any folder above it` : `${vars.file} has no vars.${name}`;
  throw new UsageError(`Missing ${flag}: ${where}. Pass ${flag}, or run inside the project folder.`);
}

function parseEndpoint(text: string): Endpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`--endpoint '${text}' is not a URL. Give the scheme too, e.g. https://<account id>.cn-hangzhou.fc.aliyuncs.com.`, 2);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '') || url.search !== '') {
    throw new CliError(
      `--endpoint '${text}' must be http(s)://host[:port] with no path, e.g. https://<account id>.cn-hangzhou.fc.aliyuncs.com.`,
      2,
    );
  }
  return { protocol: url.protocol === 'http:' ? 'http' : 'https', host: url.host };
}

/** FC's endpoint is per account: https://<account id>.<region>.fc.aliyuncs.com (both API versions). */
function defaultEndpoint(region: string, credentials: Credentials): Endpoint {
  if (credentials.accountId === undefined) {
    throw new CliError(
      `The Alibaba Cloud account ID is unknown, and FC's endpoint (<account id>.${region}.fc.aliyuncs.com) needs it. ` +
        `Set ALIBABA_CLOUD_ACCOUNT_ID, add AccountID to ${credentials.source}, or pass --endpoint.`,
    );
  }
  if (!/^\d+$/.test(credentials.accountId)) {
    throw new CliError(
      `The account ID from ${credentials.source} is not a number. Fix it (it is the numeric ID shown in the console's account menu).`,
    );
  }
  return { protocol: 'https', host: `${credentials.accountId}.${region}.fc.aliyuncs.com` };
}

export function endpointUrl(endpoint: Endpoint): string {
  return `${endpoint.protocol}://${endpoint.host}`;
}
