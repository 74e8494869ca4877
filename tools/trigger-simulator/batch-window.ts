/**
 * @module The trigger's batch window: a consumer's next push holds the messages that arrived on its
 * partitions, in arrival order, until the count is reached, the window's seconds have passed since
 * it opened, or one more element would take the body over the synchronous invocation limit.
 */
import { MAX_SYNC_EVENT_BYTES } from '../../lib/platform/fc';
import { pushBody, pushBodyOverhead } from '../trigger-events';
import type { PartitionLog } from './partition-log';
import type { SimClock } from './sim-clock';

export interface WindowSettings {
  /** CountBasedWindow: 1-10,000 messages. */
  batchCount: number;
  /** TimeBasedWindow: 0-15 seconds. */
  batchSeconds: number;
  /** The body limit; a synchronous invocation takes at most 32 MB. */
  maxBodyBytes: number;
}

export const DEFAULT_WINDOW: WindowSettings = { batchCount: 100, batchSeconds: 3, maxBodyBytes: MAX_SYNC_EVENT_BYTES };

/** Where a consumer reads a partition: the next position to push. */
export interface Cursor {
  readonly log: PartitionLog;
  position: number;
}

export type WindowClose = 'count' | 'time' | 'bytes';

/** One push: the positions [from, to) of each partition it holds, and its body. */
export interface Batch {
  parts: Array<{ log: PartitionLog; from: number; to: number }>;
  messages: number;
  body: Buffer;
  closedBy: WindowClose;
}

export interface WindowRequest {
  cursors: readonly Cursor[];
  settings: WindowSettings;
  /** At most this many messages (the count, or less when a consumer re-reads after a restart). */
  limit: number;
  /** The window opens no earlier than this: when the consumer was ready for its next push. */
  readySince: number;
  element(log: PartitionLog, index: number): string;
}

/** Rest between two looks at the logs when nothing is known to be coming (virtual ms). */
const IDLE_POLL_MS = 1000;

/** The next batch, waiting on the clock for the window to close; undefined once the partitions hold nothing more. */
export async function nextBatch(clock: SimClock, request: WindowRequest): Promise<Batch | undefined> {
  const { cursors, settings, limit } = request;
  const next = cursors.map((cursor) => cursor.position);
  const texts: string[] = [];
  let bytes = pushBodyOverhead(0);
  let openedAt: number | undefined;
  let last = cursors.length - 1;

  for (;;) {
    const now = clock.now();
    const arrived = cursors.map((cursor) => cursor.log.arrivedBy(now));
    for (;;) {
      if (texts.length >= limit) return batch('count');
      const chosen = earliest(cursors, next, arrived, last);
      if (chosen === undefined) break;
      last = chosen;
      const cursor = cursors[chosen] as Cursor;
      const index = next[chosen] as number;
      const text = request.element(cursor.log, index);
      const added = Buffer.byteLength(text) + (texts.length > 0 ? 1 : 0);
      if (bytes + added > settings.maxBodyBytes) {
        if (texts.length === 0) {
          throw new Error(
            `${cursor.log.topic}/${cursor.log.partition} offset ${cursor.log.offsets[index]} alone is over the body limit of ${settings.maxBodyBytes} bytes`,
          );
        }
        return batch('bytes');
      }
      texts.push(text);
      bytes += added;
      next[chosen] = index + 1;
      openedAt ??= Math.max(request.readySince, cursor.log.arrivalOf(index) as number);
    }
    if (texts.length === 0 && cursors.every((cursor, i) => cursor.log.finished && next[i] === arrived[i])) return undefined;
    const closesAt = openedAt === undefined ? undefined : openedAt + settings.batchSeconds * 1000;
    if (closesAt !== undefined && now >= closesAt) return batch('time');
    const coming = nextArrival(cursors, next);
    await clock.until(Math.min(closesAt ?? Number.POSITIVE_INFINITY, coming ?? now + IDLE_POLL_MS));
  }

  function batch(closedBy: WindowClose): Batch {
    const parts = cursors.flatMap((cursor, i) =>
      (next[i] as number) > cursor.position ? [{ log: cursor.log, from: cursor.position, to: next[i] as number }] : [],
    );
    return { parts, messages: texts.length, body: pushBody(texts), closedBy };
  }
}

/** The cursor whose next arrived message came first; of messages that arrived together, partitions take turns. */
function earliest(cursors: readonly Cursor[], next: readonly number[], arrived: readonly number[], after: number): number | undefined {
  let chosen: number | undefined;
  let first = Number.POSITIVE_INFINITY;
  for (let step = 1; step <= cursors.length; step++) {
    const i = (after + step) % cursors.length;
    const index = next[i] as number;
    if (index >= (arrived[i] as number)) continue;
    const at = (cursors[i] as Cursor).log.arrivalOf(index) as number;
    if (at < first) {
      first = at;
      chosen = i;
    }
  }
  return chosen;
}

function nextArrival(cursors: readonly Cursor[], next: readonly number[]): number | undefined {
  let first: number | undefined;
  cursors.forEach((cursor, i) => {
    const at = cursor.log.arrivalOf(next[i] as number);
    if (at !== undefined && (first === undefined || at < first)) first = at;
  });
  return first;
}
