import { jsonArrayFormat } from '../../../lib/objects/json-array-format';
import type { ArchiveRecord } from '../../../lib/records/archive-record';

const record: ArchiveRecord = {
  key: '123',
  offset: 4n,
  overflowFlag: true,
  partition: 0,
  timestamp: 1603779578478,
  topic: 'Test',
  value: '1',
  valueSize: 272687,
};

describe('jsonArrayFormat', () => {
  it('writes the seed format byte for byte: fields in alphabetical order, framed as a JSON array', () => {
    expect(jsonArrayFormat.encodeRecord(record)).toBe(
      '{"key":"123","offset":4,"overflowFlag":true,"partition":0,"timestamp":1603779578478,"topic":"Test","value":"1","valueSize":272687}',
    );
    expect(jsonArrayFormat.frame).toEqual({ start: '[', separator: ',', end: ']' });
  });

  it('writes the same text as JSON.stringify of the record', () => {
    const unusual = { ...record, key: null, value: 'quote " newline \n 中 😀 \u2028 \u0000' };
    expect(jsonArrayFormat.encodeRecord(unusual)).toBe(JSON.stringify({ ...unusual, offset: 4 }));
  });

  it('keeps every digit of an offset beyond 2^53', () => {
    expect(jsonArrayFormat.encodeRecord({ ...record, offset: 9007199254740993n })).toContain('"offset":9007199254740993,');
  });

  it('escapes a lone surrogate, so the object stays valid UTF-8', () => {
    expect(jsonArrayFormat.encodeRecord({ ...record, value: 'a\ud800' })).toContain('"value":"a\\ud800"');
  });
});
