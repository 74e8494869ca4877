import type { KafkaMessage } from '../../../lib/payload/kafka-message';
import { toArchiveRecord } from '../../../lib/records/archive-record';

const message = (value: string | null, extra: Partial<KafkaMessage> = {}): KafkaMessage => ({
  topic: 't',
  partition: 1,
  offset: 7n,
  timestamp: 1700000000000,
  key: 'k',
  value,
  ...extra,
});

describe('toArchiveRecord', () => {
  it('keeps a value within the limit whole and measures it in UTF-8 bytes', () => {
    expect(toArchiveRecord(message('héllo'), 10)).toEqual({
      key: 'k',
      offset: 7n,
      overflowFlag: false,
      partition: 1,
      timestamp: 1700000000000,
      topic: 't',
      value: 'héllo',
      valueSize: 6,
    });
  });

  it('keeps a value of exactly the limit whole', () => {
    expect(toArchiveRecord(message('中中'), 6)).toMatchObject({ value: '中中', overflowFlag: false, valueSize: 6 });
  });

  it('cuts a value one byte over the limit and flags it, reporting the full size', () => {
    expect(toArchiveRecord(message('中中'), 5)).toMatchObject({ value: '中', overflowFlag: true, valueSize: 6 });
  });

  it('gives a null value a size of 0 and no flag', () => {
    expect(toArchiveRecord(message(null), 0)).toMatchObject({ value: null, overflowFlag: false, valueSize: 0 });
  });

  it('keeps the flag and original size of a value the legacy connector already cut', () => {
    expect(toArchiveRecord(message('1', { truncatedFromBytes: 272687 }), 100)).toMatchObject({
      value: '1',
      overflowFlag: true,
      valueSize: 272687,
    });
  });

  it('lists the fields in the seed format order', () => {
    expect(Object.keys(toArchiveRecord(message('v'), 10))).toEqual([
      'key',
      'offset',
      'overflowFlag',
      'partition',
      'timestamp',
      'topic',
      'value',
      'valueSize',
    ]);
  });
});
