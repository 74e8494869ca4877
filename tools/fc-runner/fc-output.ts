/**
 * @module What FC's Node.js runtime makes of a function's output, per its logging page
 * (help.aliyun.com/zh/functioncompute/user-guide/logging): a `console.*` call becomes
 * `<UTC time> <request id> [<level>] <text>` (`2024-03-04 07:01:16.927 1-65e571bc-158a59e8-b63f98cd471c [info] hello`),
 * and only its first line carries that prefix; `process.stdout.write` and `process.stderr.write`
 * reach the log as written. Both end up in one log, line by line, in the order they were written.
 */
import { Console } from 'node:console';
import { Writable } from 'node:stream';

export interface FcOutput {
  /** The `console` the function sees (and `context.logger`). */
  readonly console: Console;
  /** The function's `process.stdout` and `process.stderr`. */
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** The request id FC puts in front of console lines: the invocation running now. */
  requestId: string;
  /** Emits what was written without a final line break, as FC does when an invocation ends. */
  flush(): void;
}

type ConsoleLevel = 'debug' | 'info' | 'warn' | 'error';

export function startFcOutput(emit: (line: string) => void): FcOutput {
  const stdout = rawLines(emit);
  const stderr = rawLines(emit);
  const output = {
    requestId: '',
    stdout: stdout.stream,
    stderr: stderr.stream,
    flush() {
      stdout.flush();
      stderr.flush();
    },
  };
  const prefixed = (level: ConsoleLevel) =>
    lineStream((text) => {
      const [first, ...more] = text.split('\n');
      emit(`${fcTime()} ${output.requestId} [${level}] ${first}`);
      for (const line of more) emit(line);
    });
  // One Console per level, so that each method writes with the level FC gives it; the Console
  // formats its arguments as Node's console does (util.format), which is what FC's runtime prints.
  const info = new Console({ stdout: prefixed('info'), stderr: prefixed('error') });
  const instanceConsole = Object.assign(info, {
    debug: new Console(prefixed('debug')).log,
    warn: new Console(prefixed('warn')).log,
  });
  return Object.assign(output, { console: instanceConsole });
}

/** `2024-03-04 07:01:16.927`, the UTC time FC writes. */
function fcTime(): string {
  return new Date().toISOString().replace('T', ' ').replace('Z', '');
}

/** A stream whose every write is one console call's text (Console writes each call at once, ending in a line break). */
function lineStream(onText: (text: string) => void): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      onText(String(chunk).replace(/\n$/, ''));
      done();
    },
  });
}

/** Collects what is written and emits it line by line, as written; a trailing partial line waits for its end. */
function rawLines(emit: (line: string) => void): { stream: Writable; flush(): void } {
  let pending = '';
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      const lines = (pending + String(chunk)).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) emit(line);
      done();
    },
  });
  const flush = () => {
    if (pending !== '') emit(pending);
    pending = '';
  };
  return { stream, flush };
}
