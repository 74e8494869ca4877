import { type ExportedMessage, kcatRecord, messageJsonLine } from '../../../tools/archive/export-formats';
import { runExport } from '../../../tools/archive';
import { ossPerTest } from '../../support/sink-fixture';
import { captureIo, pad, plant, record, sourceFor } from './archive-fixture';

const message = (fields: Partial<ExportedMessage> = {}): ExportedMessage => ({
  topic: 'orders',
  partition: 3,
  offset: 9223372036854775807n,
  timestamp: 1795000000000,
  key: 'k',
  value: 'v',
  valueEncoding: 'text',
  headers: '[{"key":"h","value":"YWJj"}]',
  truncated: false,
  ...fields,
});

describe('JSON lines', () => {
  it('writes the offset with every digit and the headers exactly as the archive holds them', () => {
    expect(messageJsonLine(message())).toBe(
      '{"topic":"orders","partition":3,"offset":9223372036854775807,"timestamp":1795000000000,"key":"k","keyEncoding":"text",' +
        '"value":"v","valueEncoding":"text","headers":[{"key":"h","value":"YWJj"}]}\n',
    );
  });
});

describe("kcat's input", () => {
  it('key, 0x1F, the value bytes, 0x1E; a null key or value is empty (kcat -Z reads it back as null)', () => {
    expect(kcatRecord(message({ value: '/wAf', valueEncoding: 'base64' }))).toEqual(Buffer.from([0x6b, 0x1f, 0xff, 0x00, 0x1f, 0x1e]));
    expect(kcatRecord(message({ key: null, value: null, valueEncoding: null }))).toEqual(Buffer.from([0x1f, 0x1e]));
  });

  it.each([
    [{ key: 'a\u001fb' }, "its key holds the byte 0x1F or 0x1E, kcat's delimiters"],
    [{ key: 'a\u001eb' }, "its key holds the byte 0x1F or 0x1E, kcat's delimiters"],
    [{ value: 'Hh4=', valueEncoding: 'base64' as const }, "its value holds the byte 0x1E, kcat's message delimiter"],
    [{ key: '' }, 'its key is empty but not null, which kcat -Z turns into null'],
    [{ value: '' }, 'its value is empty but not null, which kcat -Z turns into null'],
  ])('refuses %j, naming the offset', (fields, problem) => {
    expect(() => kcatRecord(message(fields))).toThrow(
      `orders/3 offset 9223372036854775807: ${problem}; export this partition with --format json instead`,
    );
  });
});

describe('export --format kcat', () => {
  const oss = ossPerTest();

  it('stops at a message kcat cannot take, with exit 1 and its offset named', async () => {
    await plant(oss.server, `archive/orders/0/${pad(0)}-${pad(2)}.json`, [record(0), record(1, { value: 'a\u001eb' }), record(2)]);
    const captured = captureIo();
    const code = await runExport({ source: sourceFor(oss.server), topic: 'orders', partition: 0, format: 'kcat' }, captured.io);
    expect(code).toBe(1);
    expect(captured.stderr()).toContain("orders/0 offset 1: its value holds the byte 0x1E, kcat's message delimiter");
    expect(captured.stdout()).toEqual(Buffer.from('k0\u001fvalue 0\u001e'));
  });

  it('says which kcat setting a message over 1 MiB needs', async () => {
    const value = 'x'.repeat(1024 * 1024 + 10);
    await plant(oss.server, `archive/orders/0/${pad(0)}-${pad(0)}.json`, [record(0, { value })]);
    const captured = captureIo();
    expect(await runExport({ source: sourceFor(oss.server), topic: 'orders', partition: 0, format: 'kcat' }, captured.io)).toBe(0);
    expect(captured.stderr()).toContain(`the largest message is ${value.length + 3} bytes, over kcat's default input limit of 1048576`);
    expect(captured.stderr()).toContain(`-X message.max.bytes=${value.length + 3 + 1024}`);
  });
});
