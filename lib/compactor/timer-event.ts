/**
 * @module The event of FC's timer trigger, read for the log only: compaction does the same work
 * whatever it says, so any event (or none) is accepted.
 *
 * @example {"triggerTime":"2023-12-26T07:49:00Z","triggerName":"every-15-minutes","payload":""}
 */
import { isJsonObject } from '../platform/json';

export interface TimerEvent {
  triggerTime?: string;
  triggerName?: string;
  payload?: string;
}

/** Longest payload repeated in the log. */
const PAYLOAD_SHOWN = 200;

export function readTimerEvent(event: unknown): TimerEvent {
  let parsed: unknown = event;
  if (Buffer.isBuffer(event) || typeof event === 'string') {
    try {
      parsed = JSON.parse(event.toString());
    } catch {
      return {};
    }
  }
  if (!isJsonObject(parsed)) return {};
  const text = (name: string) => (typeof parsed[name] === 'string' ? (parsed[name] as string) : undefined);
  const payload = text('payload');
  return {
    ...(text('triggerTime') === undefined ? {} : { triggerTime: text('triggerTime') }),
    ...(text('triggerName') === undefined ? {} : { triggerName: text('triggerName') }),
    ...(payload === undefined || payload === '' ? {} : { payload: payload.slice(0, PAYLOAD_SHOWN) }),
  };
}
