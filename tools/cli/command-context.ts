import type { GlobalOptions } from './arguments';
import type { Credentials } from './credentials';
import type { FunctionClient } from './function-client';
import type { FunctionTarget } from './function-target';
import type { Output } from './output';
import type { ProjectVars } from './project-vars';

/** What a command gets. `connect` resolves credentials and target only when called, so a command validates its input first. */
export interface CommandContext {
  global: GlobalOptions;
  vars: ProjectVars;
  output: Output;
  connect(): Connection;
}

export interface Connection {
  client: FunctionClient;
  target: FunctionTarget;
  credentials: Credentials;
}

export function describeTarget(connection: Connection): string {
  const { target, client } = connection;
  const name =
    target.serviceName === undefined ? `'${target.functionName}'` : `'${target.functionName}' of service '${target.serviceName}'`;
  return `function ${name} (${client.api}, ${target.region})`;
}
