/**
 * @module How every command of the project runs as a process: a pure function from arguments to
 * an exit code (0 ok, 1 failed, 2 wrong command line), given a signal that Ctrl-C (or SIGTERM)
 * aborts so it can stop and clean up before the process ends.
 */

export type Command = (args: string[], signal: AbortSignal) => Promise<number>;

/** The exit code of a process ended by Ctrl-C, as shells report it. */
export const INTERRUPTED = 130;

export function runMain(command: Command): void {
  const controller = new AbortController();
  const interrupt = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(INTERRUPTED); // a second Ctrl-C: do not wait for the cleanup
    process.stderr.write(`\n${signal === 'SIGINT' ? 'Interrupted' : `${signal} received`}: stopping and cleaning up…\n`);
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  command(process.argv.slice(2), controller.signal).then(
    (code) => finish(controller.signal.aborted && code !== 0 ? INTERRUPTED : code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      finish(controller.signal.aborted ? INTERRUPTED : 1);
    },
  );

  function finish(code: number): void {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    process.exitCode = code;
  }
}
