import { recordJson } from '../../../lib/objects/record-json';
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
  headers: '[{"key":"h","value":[1,2]}]',
  keyEncoding: 'text',
  valueEncoding: 'text',
  overflowKey: 'Test/0/_overflow/0000000000000000004.bin',
};

describe('recordJson', () => {
  it('writes the seed format byte for byte: fields in alphabetical order', () => {
    expect(recordJson(record, 'seed')).toBe(
      '{"key":"123","offset":4,"overflowFlag":true,"partition":0,"timestamp":1603779578478,"topic":"Test","value":"1","valueSize":272687}',
    );
  });

  it('writes the full format: the seed fields, then headers exactly as delivered, encodings and the overflow key', () => {
    expect(recordJson(record, 'full')).toBe(
      '{"key":"123","offset":4,"overflowFlag":true,"partition":0,"timestamp":1603779578478,"topic":"Test","value":"1","valueSize":272687,' +
        '"headers":[{"key":"h","value":[1,2]}],"keyEncoding":"text","valueEncoding":"text","overflowKey":"Test/0/_overflow/0000000000000000004.bin"}',
    );
  });

  it('writes the same text as JSON.stringify of the record', () => {
    const unusual = { ...record, key: null, value: 'quote " newline \n 中 😀 \u2028 \u0000' };
    const { headers: _h, keyEncoding: _k, valueEncoding: _v, overflowKey: _o, ...seed } = unusual;
    expect(recordJson(unusual, 'seed')).toBe(JSON.stringify({ ...seed, offset: 4 }));
  });

  it('keeps every digit of an offset beyond 2^53', () => {
    expect(recordJson({ ...record, offset: 9007199254740993n }, 'seed')).toContain('"offset":9007199254740993,');
  });

  it('escapes a lone surrogate, so the object stays valid UTF-8', () => {
    expect(recordJson({ ...record, value: 'a\ud800' }, 'seed')).toContain('"value":"a\\ud800"');
  });
});
