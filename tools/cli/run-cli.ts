import type { ParsedArguments } from './arguments';
import { parseArguments } from './arguments';
import { CliError, UsageError } from './cli-error';
import type { CommandContext, Connection } from './command-context';
import { configure } from './configure-command';
import { resolveCredentials } from './credentials';
import { openFunctionClient } from './open-function-client';
import { resolveTarget } from './function-target';
import { Output, type TextSink } from './output';
import { readProjectVars } from './project-vars';
import { sendTest } from './send-test-command';
import { status } from './status-command';
import { USAGE } from './usage';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  /** Where s.yaml is looked for. */
  cwd: string;
  stdout: TextSink;
  stderr: TextSink;
}

/** Runs one command line; resolves to the exit code (0 ok, 1 failed, 2 wrong command line). Never rejects. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const output = new Output(io.stdout, io.stderr);
  try {
    const parsed = parseArguments(argv);
    if (parsed.kind === 'help') {
      output.line(USAGE.trimEnd());
      return 0;
    }
    return await runCommand(parsed, io, output);
  } catch (error) {
    if (error instanceof UsageError) {
      output.error(`Error: ${error.message}\n\n${USAGE.trimEnd()}`);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      output.error(`Error: ${error.message}`);
      return error.exitCode;
    }
    output.error(`Error: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

async function runCommand(parsed: Extract<ParsedArguments, { kind: 'command' }>, io: CliIo, output: Output): Promise<number> {
  const vars = readProjectVars(io.cwd, io.env);
  const context: CommandContext = {
    global: parsed.global,
    vars,
    output,
    connect(): Connection {
      const credentials = resolveCredentials(io.env, parsed.global.access);
      output.hideSecrets(credentials.accessKeySecret, credentials.securityToken);
      const target = resolveTarget(parsed.global, vars, credentials);
      return { client: openFunctionClient(target, credentials), target, credentials };
    },
  };
  switch (parsed.command) {
    case 'send-test':
      return sendTest(context, parsed.options);
    case 'configure':
      return configure(context, parsed.options);
    case 'status':
      return status(context);
  }
}
