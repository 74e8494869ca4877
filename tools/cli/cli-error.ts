/**
 * A failure the operator can act on. The message is printed as is (so it must say what was wrong,
 * with which value, and what to do); the exit code tells scripts whether the command line itself
 * was wrong (2) or the operation failed (1).
 */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** The command line was wrong; `hint` says where the right usage is (by default, the command's help). */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message, 2);
  }
}
