/**
 * @module The progress of a run, on stderr: a bar redrawn in place when stderr is a terminal,
 * otherwise (CI, a pipe) a plain line now and then, so logs stay readable.
 */
import type { Progress } from './simulation';

export interface ProgressDisplay {
  update(progress: Progress): void;
  /** Ends the bar's line. */
  done(): void;
}

const BAR_WIDTH = 28;
/** Without a terminal, a line at most this often (real ms), and at every tenth of the way. */
const PLAIN_EVERY_MS = 10_000;

export function progressDisplay(stream: NodeJS.WritableStream & { isTTY?: boolean }, started = performance.now()): ProgressDisplay {
  let lastPlain = 0;
  let lastTenth = -1;
  let drawn = false;
  return {
    update(progress) {
      const share = shareDone(progress);
      const seconds = (performance.now() - started) / 1000;
      const text = describe(progress, seconds);
      if (stream.isTTY) {
        const filled = Math.round(share * BAR_WIDTH);
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.floor(share * 100)}%  ${text}\u001b[K`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(share * 10);
      if (tenth > lastTenth || performance.now() - lastPlain >= PLAIN_EVERY_MS) {
        lastTenth = tenth;
        lastPlain = performance.now();
        stream.write(`${Math.floor(share * 100)}%  ${text}\n`);
      }
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

function shareDone(progress: Progress): number {
  if (progress.messages !== undefined && progress.messages > 0) return Math.min(1, progress.committed / progress.messages);
  if (progress.invocationBudget !== undefined) {
    // Reading the partitions to their end after the budget is the last tenth of the bar.
    if (!progress.draining) return Math.min(0.9, (0.9 * progress.invocations) / progress.invocationBudget);
    return progress.produced === 0 ? 1 : 0.9 + 0.1 * Math.min(1, progress.committed / progress.produced);
  }
  return 0;
}

function describe(progress: Progress, seconds: number): string {
  const rate = seconds > 0 ? Math.round(progress.committed / seconds) : 0;
  const messages = progress.messages ?? progress.produced;
  const phase = progress.draining ? ', reading the partitions to their end' : '';
  return `${number(progress.committed)}/${number(messages)} messages, ${number(progress.invocations)} invocations, ${number(rate)} msg/s, ${Math.round(seconds)} s${phase}`;
}

export function number(value: number): string {
  return value.toLocaleString('en-US');
}
