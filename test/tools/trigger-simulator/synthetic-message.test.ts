// The simulated topics' messages: rebuilt identically from the seed (a redelivery and the ledger
// depend on it), and as varied as the archive's promises need.
import { isUtf8 } from 'node:buffer';
import { type MessageMix, syntheticMessage, type ValueDataType } from '../../../tools/trigger-simulator/synthetic-message';

const mix = (valueDataType: ValueDataType, extra: Partial<MessageMix> = {}): MessageMix => ({
  valueDataType,
  maxValueBytes: 6 * 1024 * 1024,
  oversizeEvery: 0,
  largeEvery: 0,
  poisonEvery: 0,
  ...extra,
});
const many = (m: MessageMix, count = 2000) =>
  Array.from({ length: count }, (_, index) => syntheticMessage('s', 't', 1, index, 100 + index * 2, m));

test('a message is a pure function of the seed, topic, partition, position and offset', () => {
  const first = syntheticMessage('s', 't', 1, 5, 77, mix('Binary'));
  expect(syntheticMessage('s', 't', 1, 5, 77, mix('Binary'))).toEqual(first);
  expect(syntheticMessage('other', 't', 1, 5, 77, mix('Binary'))).not.toEqual(first);
});

test('Text: null and empty keys, tombstones beside empty values, 4-byte characters, control characters, header shapes', () => {
  const messages = many(mix('Text'));
  expect(messages.some((m) => m.key === null)).toBe(true);
  expect(messages.some((m) => m.key === '')).toBe(true);
  expect(messages.some((m) => m.value === null && m.delivered === null)).toBe(true);
  expect(messages.some((m) => m.value?.length === 0 && m.delivered === '')).toBe(true);
  expect(messages.some((m) => typeof m.delivered === 'string' && /\p{Extended_Pictographic}|𝄞|𠜎/u.test(m.delivered))).toBe(true);
  expect(messages.some((m) => typeof m.delivered === 'string' && m.delivered.includes('\u0000'))).toBe(true);
  const headerKeys = new Set(messages.flatMap((m) => m.headers.map((entry) => Object.keys(entry as object).join(','))));
  expect(headerKeys).toEqual(new Set(['key,value', 'name,value', 'odd']));
  expect(messages.every((m) => m.value === null || m.value.equals(Buffer.from(m.delivered as string, 'utf8')))).toBe(true);
});

test('Json: parsed JSON values whose compact text is the message, and text that is not JSON', () => {
  const messages = many(mix('Json'));
  const json = messages.filter((m) => m.json);
  expect(json.length).toBeGreaterThan(1000);
  expect(json.every((m) => JSON.stringify(m.delivered) === m.value?.toString('utf8'))).toBe(true);
  expect(json.some((m) => Array.isArray(m.delivered))).toBe(true);
  expect(json.some((m) => typeof m.delivered === 'number')).toBe(true);
  expect(messages.some((m) => !m.json && typeof m.delivered === 'string' && m.delivered.startsWith('plain'))).toBe(true);
});

test('Binary: base64 of bytes that are UTF-8 text or not, and of no bytes at all', () => {
  const messages = many(mix('Binary'));
  const values = messages.filter((m) => m.value !== null);
  expect(values.every((m) => m.delivered === m.value?.toString('base64'))).toBe(true);
  expect(values.some((m) => !isUtf8(m.value as Buffer))).toBe(true);
  expect(values.some((m) => (m.value as Buffer).length > 10 && isUtf8(m.value as Buffer))).toBe(true);
  expect(values.some((m) => m.value?.length === 0)).toBe(true);
});

test('rare kinds at their rate: values over MAX_VALUE_BYTES, large values, poison elements', () => {
  const messages = many(mix('Text', { maxValueBytes: 5000, oversizeEvery: 100, largeEvery: 50, poisonEvery: 40 }), 1000);
  // Rare kinds are placed by position, so a short run meets them too.
  const oversize = messages.filter((m) => m.index % 100 === (m.partition * 211 + 17) % 100);
  expect(oversize).toHaveLength(10);
  expect(oversize.every((m) => (m.value?.length ?? 0) > 5000 && !m.poison)).toBe(true);
  expect(messages.filter((m) => (m.value?.length ?? 0) >= 65_536).length).toBeGreaterThanOrEqual(19);
  expect(messages.filter((m) => m.poison).length).toBeGreaterThanOrEqual(20);
});
