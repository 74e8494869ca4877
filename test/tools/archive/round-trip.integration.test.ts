// The whole way back: messages → the trigger's CloudEvents → the BUILT function (RECORD_FORMAT=full;
// VALUE_DATA_TYPE Binary and Text; values over MAX_VALUE_BYTES; headers, null keys, tombstones; a
// re-batched redelivery the function stores once) → the local OSS server, plus planted duplicate
// objects → export → the same messages, byte for byte, as JSON lines and as kcat's input.
import { decodeObject } from '../../../lib/objects/object-decoder';
import { objectFormat } from '../../../lib/objects/object-format';
import type { ArchiveRecord } from '../../../lib/records/archive-record';
import { runExport } from '../../../tools/archive';
import { cloudEventBatch, type TriggerMessage } from '../../../tools/trigger-events';
import { duckQuery, sqlString, withFiles } from '../../support/duckdb';
import { BUCKET, ossPerTest, sinkInstance, summaryOf } from '../../support/sink-fixture';
import { captureIo, exportedLines, pad, sourceFor } from './archive-fixture';

const oss = ossPerTest();
const MAX_VALUE_BYTES = 64;

interface Message {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  /** The bytes Kafka held; null for a tombstone. */
  value: Buffer | null;
  headers: unknown[];
}

/** Deterministic bytes that are not UTF-8, without kcat's message delimiter 0x1E; 0x1F (its key delimiter) is kept on purpose. */
function bytes(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let state = seed * 2654435761;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = (state >>> 16) & 0xff;
  }
  out[0] = 0xff; // never valid UTF-8
  return Buffer.from(out.map((byte) => (byte === 0x1e ? 0x1d : byte)));
}

function messagesOf(topic: string, kind: 'Binary' | 'Text'): Message[] {
  return Array.from({ length: 20 }, (_, i) => {
    const partition = i % 2;
    const offset = Math.floor(i / 2);
    const value =
      i === 6
        ? null // a tombstone
        : kind === 'Binary'
          ? i % 5 === 0
            ? Buffer.from(`utf-8 text in a binary value ${i} ✓`)
            : bytes(i, i === 9 ? 200 : 10 + i)
          : Buffer.from(i === 9 ? `${'数据'.repeat(40)} over the limit` : `text ${i}: 中文 😀 \u001f`);
    return {
      topic,
      partition,
      offset,
      timestamp: 1795000000000 + i,
      key: i % 4 === 1 ? null : `key-${i}`,
      value,
      headers:
        i % 3 === 0
          ? []
          : [
              { key: 'trace', value: Buffer.from(`t${i}`).toString('base64') },
              { key: 'n', value: [1, 2.5] },
            ],
    };
  });
}

function triggerMessage(message: Message, kind: 'Binary' | 'Text'): TriggerMessage {
  const value = message.value === null ? null : kind === 'Binary' ? message.value.toString('base64') : message.value.toString('utf8');
  return { ...message, value };
}

async function archive(messages: Message[], kind: 'Binary' | 'Text'): Promise<void> {
  const sink = sinkInstance(oss.server, {
    env: { RECORD_FORMAT: 'full', VALUE_DATA_TYPE: kind, MAX_VALUE_BYTES: String(MAX_VALUE_BYTES) },
  });
  const batch = (from: number, to: number) =>
    cloudEventBatch(messages.filter((m) => m.offset >= from && m.offset <= to).map((m) => triggerMessage(m, kind)));
  const spilled = summaryOf(await sink.invoke(batch(0, 4))).spilledValues + summaryOf(await sink.invoke(batch(5, 9))).spilledValues;
  expect(spilled).toBe(1);
  // A consumer restart re-reads with other boundaries: the function stores those offsets once.
  expect(summaryOf(await sink.invoke(batch(2, 7)))).toMatchObject({ created: 0, alreadyArchivedRecords: 12 });
}

/** What kcat -P -K '\x1f' -D '\x1e' -Z produces from its input: split at every 0x1E, key at the first 0x1F, empty means null. */
function kcatMessages(input: Buffer): Array<{ key: string | null; value: Buffer | null }> {
  const messages: Array<{ key: string | null; value: Buffer | null }> = [];
  for (let start = 0; start < input.length; ) {
    let end = input.indexOf(0x1e, start);
    if (end === -1) end = input.length;
    const message = input.subarray(start, end);
    start = end + 1;
    if (message.length === 0) continue;
    const split = message.indexOf(0x1f);
    const key = message.subarray(0, split);
    const value = message.subarray(split + 1);
    messages.push({ key: key.length === 0 ? null : key.toString('utf8'), value: value.length === 0 ? null : Buffer.from(value) });
  }
  return messages;
}

const exportedValue = (line: Record<string, unknown>) =>
  line.value === null ? null : Buffer.from(line.value as string, line.valueEncoding === 'base64' ? 'base64' : 'utf8');

describe.each(['Binary', 'Text'] as const)('VALUE_DATA_TYPE=%s: archived by the built function, exported back', (kind) => {
  const topic = `replay-${kind.toLowerCase()}`;
  const messages = messagesOf(topic, kind);
  const inOrder = [...messages].sort((a, b) => a.partition - b.partition || a.offset - b.offset);

  beforeEach(async () => {
    await archive(messages, kind);
    // Planted duplicates: a byte-for-byte copy of a batch object under a key no template reads, and
    // some of its records again as Parquet under a key of the default template.
    const first = `archive/${topic}/0/${pad(0)}-${pad(4)}.json`;
    const body = (await oss.server.getObject(BUCKET, first)) as Buffer;
    await oss.server.putObject(BUCKET, `archive/copies/${topic}-0-first.json`, body);
    const records = (await decodeObject(first, body)).filter((r) => r.offset >= 1n && r.offset <= 3n) as ArchiveRecord[];
    const parquet = objectFormat('parquet', 'zstd', 'full');
    const entries = records.map((record) => ({ offset: record.offset, bucket: '', record }));
    await oss.server.putObject(BUCKET, `archive/${topic}/0/${pad(1)}-${pad(3)}.parquet`, Buffer.concat(await parquet.body(entries)));
  });

  it('JSON lines: the same messages, byte for byte, each offset once, the duplicates dropped and counted', async () => {
    const captured = captureIo();
    const code = await runExport({ source: sourceFor(oss.server), topic, json: true }, captured.io);
    expect(code).toBe(0);
    const lines = exportedLines(captured.stdoutText());
    expect(lines.map((line) => `${line.partition}:${line.offset}`)).toEqual(inOrder.map((m) => `${m.partition}:${m.offset}`));
    lines.forEach((line, i) => {
      const message = inOrder[i] as Message;
      expect({ key: line.key, timestamp: line.timestamp, headers: line.headers }).toEqual({
        key: message.key,
        timestamp: message.timestamp,
        headers: message.headers,
      });
      expect(exportedValue(line)).toEqual(message.value);
    });
    const [note, summary] = captured.stderr().trimEnd().split('\n');
    expect(note).toContain('1 object(s) have keys that no known key template reads; they were opened');
    expect(JSON.parse(summary as string)).toMatchObject({ messages: 20, duplicatesDropped: 8, conflicts: 0, overflowValuesRead: 1 });
  });

  it("DuckDB over the downloaded archive: the README's query gives each offset once", async () => {
    const files: Record<string, Buffer> = {};
    for (const key of await oss.server.listKeys(BUCKET, 'archive/')) files[key] = (await oss.server.getObject(BUCKET, key)) as Buffer;
    const rows = await withFiles(files, (dir) =>
      duckQuery(`
        SELECT "partition", "offset", epoch_ms("timestamp") AS produced, key, value, valueEncoding, headers
        FROM read_json(${sqlString(`${dir}/archive/${topic}/*/*.json`)}, format = 'array', union_by_name = true)
        QUALIFY row_number() OVER (PARTITION BY "partition", "offset") = 1
        ORDER BY "partition", "offset"`),
    );
    expect(rows.map((row) => `${row.partition}:${row.offset}`)).toEqual(inOrder.map((m) => `${m.partition}:${m.offset}`));
    expect(typeof rows[0]?.offset).toBe('bigint');
  });

  it.each([0, 1])('kcat input of partition %i: what kcat produces is the same messages', async (partition) => {
    const captured = captureIo();
    const code = await runExport({ source: sourceFor(oss.server), topic, partition, format: 'kcat' }, captured.io);
    expect(code).toBe(0);
    const expected = inOrder.filter((m) => m.partition === partition).map(({ key, value }) => ({ key, value }));
    expect(kcatMessages(captured.stdout())).toEqual(expected);
    expect(captured.stderr()).toContain('message(s) carry headers, which kcat cannot take from its input');
  });
});
