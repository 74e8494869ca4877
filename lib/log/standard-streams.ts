/**
 * @module Where the function's log lines go. FC's Node.js runtime puts `<time> <request id> [<level>] `
 * in front of everything written through `console.*` (and drops lines below ALIYUN_FC_LOG_LEVEL),
 * which would turn a JSON line into text; what is written to stdout and stderr reaches the logstore
 * as written. So the lines bypass `console`.
 */
import type { LogLevel } from './logger';

export function writeToStandardStreams(level: LogLevel, line: string): void {
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
}
