/** @module JSON text in which bigints (offsets) are written as bare digits, every digit kept. */
import { randomBytes } from 'node:crypto';

export function exactJson(value: unknown, indent?: number): string {
  const marker = `\u0000${randomBytes(6).toString('hex')}:`;
  const text = JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? `${marker}${item}` : item), indent);
  return text.replace(new RegExp(`"\\\\u0000${marker.slice(1)}(-?\\d+)"`, 'g'), '$1');
}
