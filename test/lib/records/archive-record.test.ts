import type { KafkaMessage, MessageValue } from '../../../lib/payload/kafka-message';
import { TextFromBytes } from '../../../lib/payload/element-bytes';
import { type RecordOptions, toArchiveRecord } from '../../../lib/records/archive-record';

const text = (value: string): MessageValue => ({ kind: 'text', text: value });
const message = (value: MessageValue | null, extra: Partial<KafkaMessage> = {}): KafkaMessage => ({
  topic: 't',
  partition: 1,
  offset: 7n,
  timestamp: 1700000000000,
  key: 'k',
  value,
  headers: '[]',
  ...extra,
});
const options = (maxValueBytes: number, extra: Partial<RecordOptions> = {}): RecordOptions => ({
  maxValueBytes,
  recordFormat: 'seed',
  overflow: 'spill',
  ...extra,
});
const built = (m: KafkaMessage, o: RecordOptions) => toArchiveRecord(m, o, () => 't/1/_overflow/0000000000000000007.bin');
const build = (m: KafkaMessage, o: RecordOptions) => {
  const { record, spill } = built(m, o);
  return spill === undefined ? { record: record() } : { record: record(), spill };
};
const record = (m: KafkaMessage, o: RecordOptions) => build(m, o).record;

describe('toArchiveRecord', () => {
  describe('a text value read as bytes', () => {
    const bytes = (value: string, literal = JSON.stringify(value)) =>
      new TextFromBytes(Buffer.from(value).toString('latin1'), Buffer.from(literal).toString('latin1'));

    it('is sized by its bytes, decoded in the record, and hands its literal to the JSON writer', () => {
      const { fields, record, valueJson } = built(message(bytes('数据 "x"')), options(100));
      expect(fields.valueSize).toBe(Buffer.byteLength('数据 "x"'));
      expect(record().value).toBe('数据 "x"');
      expect(valueJson).toBe(Buffer.from('"数据 \\"x\\""').toString('latin1'));
    });

    it('hands no literal on when the value is cut: the record holds only a prefix', () => {
      const cut = built(message(bytes('中中')), options(5));
      expect(cut.valueJson).toBeUndefined();
      expect(cut.record().value).toBe('中');
      expect(cut.spill).toEqual(Buffer.from('中中'));
    });

    it('hands no literal on when the sender escaped a solidus, which JSON.stringify does not', () => {
      expect(built(message(bytes('a/b', '"a\\/b"')), options(100)).valueJson).toBeUndefined();
    });
  });

  it('keeps a value within the limit whole and measures it in UTF-8 bytes', () => {
    expect(build(message(text('héllo')), options(10))).toEqual({
      record: {
        key: 'k',
        offset: 7n,
        overflowFlag: false,
        partition: 1,
        timestamp: 1700000000000,
        topic: 't',
        value: 'héllo',
        valueSize: 6,
        headers: '[]',
        keyEncoding: 'text',
        valueEncoding: 'text',
        overflowKey: null,
      },
    });
  });

  it('keeps a value of exactly the limit whole', () => {
    expect(record(message(text('中中')), options(6))).toMatchObject({ value: '中中', overflowFlag: false, valueSize: 6 });
  });

  it('cuts a value one byte over the limit, flags it, reports the full size and hands the whole value back to spill', () => {
    expect(build(message(text('中中')), options(5))).toEqual({
      record: expect.objectContaining({
        value: '中',
        overflowFlag: true,
        valueSize: 6,
        overflowKey: 't/1/_overflow/0000000000000000007.bin',
      }),
      spill: Buffer.from('中中'),
    });
  });

  it('hands nothing back to spill with OVERFLOW=truncate', () => {
    expect(build(message(text('中中')), options(5, { overflow: 'truncate' }))).toEqual({
      record: expect.objectContaining({ value: '中', overflowFlag: true, overflowKey: null }),
    });
  });

  it('gives a null value a size of 0, no flag and no encoding', () => {
    expect(record(message(null), options(0))).toMatchObject({ value: null, overflowFlag: false, valueSize: 0, valueEncoding: null });
  });

  it('keeps a JSON value as its JSON text', () => {
    expect(record(message({ kind: 'json', json: '{"a":1}' }), options(10))).toMatchObject({
      value: '{"a":1}',
      valueEncoding: 'json',
      valueSize: 7,
    });
  });

  it('keeps the flag and original size of a value the legacy connector already cut, with nothing to spill', () => {
    expect(build(message(text('1'), { truncatedFromBytes: 272687 }), options(100))).toEqual({
      record: expect.objectContaining({ value: '1', overflowFlag: true, valueSize: 272687 }),
    });
  });

  describe('binary values', () => {
    const bytes = Buffer.from([0xff, 0x00, 0x80, 0x41, 0x42]);
    const binary: MessageValue = { kind: 'base64', base64: bytes.toString('base64') };

    it('seed format: the base64 text as it arrived, sized in the bytes Kafka held', () => {
      expect(record(message(binary), options(100))).toMatchObject({ value: '/wCAQUI=', valueSize: 5, valueEncoding: 'base64' });
    });

    it('full format: base64 for bytes that are not UTF-8, text for bytes that are', () => {
      expect(record(message(binary), options(100, { recordFormat: 'full' }))).toMatchObject({ value: '/wCAQUI=', valueEncoding: 'base64' });
      const utf8 = { kind: 'base64' as const, base64: Buffer.from('héllo').toString('base64') };
      expect(record(message(utf8), options(100, { recordFormat: 'full' }))).toMatchObject({
        value: 'héllo',
        valueEncoding: 'text',
        valueSize: 6,
      });
    });

    it('cuts base64 to whole 4-character groups and spills the bytes, not the text', () => {
      expect(build(message(binary), options(6))).toEqual({
        record: expect.objectContaining({ value: '/wCA', overflowFlag: true, valueSize: 5 }),
        spill: bytes,
      });
    });
  });

  it('lists the seed format fields first, in order, then the full format fields', () => {
    expect(Object.keys(record(message(text('v')), options(10)))).toEqual([
      'key',
      'offset',
      'overflowFlag',
      'partition',
      'timestamp',
      'topic',
      'value',
      'valueSize',
      'headers',
      'keyEncoding',
      'valueEncoding',
      'overflowKey',
    ]);
  });
});
