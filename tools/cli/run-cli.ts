import type { OutputStream } from '../archive';
import { type ArchiveIo, exportArchive, verifyArchive } from './archive-commands';
import type { ParsedArguments } from './arguments';
import { parseArguments, wantsJson } from './arguments';
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
import { PROGRAM } from './usage';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  /** Where s.yaml is looked for, then in each folder above it. */
  cwd: string;
  /** The folder above which s.yaml is not looked for (the file system's root if unset). */
  ceiling?: string;
  /** process.stdout in real use: export streams bytes to it and waits for 'drain'. */
  stdout: TextSink & Partial<Pick<OutputStream, 'once' | 'removeListener'>>;
  stderr: TextSink;
  /** Whether stderr is a terminal (then export and verify draw a progress line). */
  isTTY?: boolean;
  /** Aborted on Ctrl-C: export and verify stop and clean up. */
  signal?: AbortSignal;
}

/**
 * Runs one command line; resolves to the exit code (0 ok, 1 failed, 2 wrong command line). Never
 * rejects. With --json, every outcome is one JSON document on stdout, errors included.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const output = new Output(io.stdout, io.stderr);
  const json = wantsJson(argv);
  let command: string | undefined;
  try {
    const parsed = parseArguments(argv);
    if (parsed.kind === 'text') {
      output.line(parsed.text);
      return 0;
    }
    command = parsed.command;
    return await runCommand(parsed, io, output);
  } catch (error) {
    const failure =
      error instanceof CliError
        ? error
        : new CliError(`unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const usageHint = command === undefined ? `Run '${PROGRAM} --help'.` : `Run '${PROGRAM} ${command} --help' for its options.`;
    const hint = failure.exitCode !== 2 ? undefined : failure instanceof UsageError && failure.hint ? failure.hint : usageHint;
    if (json) output.json({ ok: false, exitCode: failure.exitCode, error: { message: failure.message, ...(hint && { hint }) } });
    else output.error(`Error: ${failure.message}${hint ? `\n${hint}` : ''}`);
    return failure.exitCode;
  }
}

async function runCommand(parsed: Extract<ParsedArguments, { kind: 'command' }>, io: CliIo, output: Output): Promise<number> {
  const vars = readProjectVars(io.cwd, io.env, io.ceiling);
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
    case 'export':
      return exportArchive(context, parsed.options, archiveIo(io, output));
    case 'verify':
      return verifyArchive(context, parsed.options, archiveIo(io, output));
  }
}

/** Data goes to stdout untouched (it may be binary); messages go through the output's redaction. */
function archiveIo(io: CliIo, output: Output): ArchiveIo {
  const { stdout } = io;
  // A capturing sink (tests) takes text and never fills; process.stdout takes bytes and may.
  const capture: OutputStream = {
    write(chunk) {
      stdout.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
    once: () => stdout,
  };
  return {
    env: io.env,
    stdout: stdout.once === undefined ? capture : (stdout as OutputStream),
    stderr: { write: (text: string) => io.stderr.write(output.redact(text)) },
    isTTY: io.isTTY ?? false,
    signal: io.signal ?? new AbortController().signal,
  };
}
