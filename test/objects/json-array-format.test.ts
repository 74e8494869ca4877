import fc from 'fast-check';
import { encodeRecordExactly, jsonArrayFormat } from '../../lib/objects/json-array-format';
import type { ArchiveRecord } from '../../lib/records/archive-record';

const record: ArchiveRecord = {
  key: '123', offset: 4n, overflowFlag: true, partition: 0, timestamp: 1603779578478, topic: 'Test', value: '1', valueSize: 272687,
};

describe('jsonArrayFormat', () => {
  it('writes the seed format byte for byte: a JSON array, fields in alphabetical order', () => {
    expect(jsonArrayFormat.encode([record]).toString('utf8')).toBe(
      '[{"key":"123","offset":4,"overflowFlag":true,"partition":0,"timestamp":1603779578478,"topic":"Test","value":"1","valueSize":272687}]',
    );
  });

  it('writes null key and value as null and escapes text as JSON', () => {
    const text = jsonArrayFormat.encode([{ ...record, key: null, value: null }, { ...record, value: 'quote " newline \n 中 😀' }]).toString();
    const parsed = JSON.parse(text);
    expect(parsed[0]).toMatchObject({ key: null, value: null });
    expect(parsed[1].value).toBe('quote " newline \n 中 😀');
  });

  it('keeps every digit of an offset beyond 2^53, in a batch with small offsets too', () => {
    const text = jsonArrayFormat.encode([record, { ...record, offset: 9007199254740993n }]).toString();
    expect(text).toContain('"offset":4,');
    expect(text).toContain('"offset":9007199254740993,');
  });

  it('writes the same bytes on the fast path as digit by digit', () => {
    const anyRecord = fc.record({
      key: fc.option(fc.string({ unit: 'binary' })),
      offset: fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }),
      overflowFlag: fc.boolean(),
      partition: fc.nat(),
      timestamp: fc.nat(),
      topic: fc.string({ minLength: 1, unit: 'binary' }),
      value: fc.option(fc.string({ unit: 'binary' })),
      valueSize: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(anyRecord, { maxLength: 5 }), (records) => {
        expect(jsonArrayFormat.encode(records).toString()).toBe(`[${records.map(encodeRecordExactly).join(',')}]`);
      }),
    );
  });

  it('writes valid UTF-8 for lone surrogates', () => {
    const body = jsonArrayFormat.encode([{ ...record, value: 'a\ud800' }]);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(body)).toContain('a\\ud800');
  });

  it('writes an empty array for no records', () => {
    expect(jsonArrayFormat.encode([]).toString()).toBe('[]');
  });
});
