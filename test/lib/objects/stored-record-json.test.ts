import { BodyFormatError } from '../../../lib/objects/object-decode-error';
import { parseStoredRecord } from '../../../lib/objects/stored-record-json';
import { FULL_RECORDS, recordJson, SEED_RECORDS } from './sample-records';

const SEED_TEXT =
  '{"key":"k","offset":9007199254740993,"overflowFlag":false,"partition":1,"timestamp":5,"topic":"t","value":"v","valueSize":1}';

describe('parseStoredRecord', () => {
  it.each(SEED_RECORDS.map((record) => [record.offset, record]))('reads offset %s exactly from the text', (_offset, record) => {
    expect(parseStoredRecord(recordJson(record, 'seed'))).toEqual(record);
  });

  it('reads the full record format', () => {
    for (const record of FULL_RECORDS) expect(parseStoredRecord(recordJson(record, 'full'))).toEqual(record);
  });

  it('leaves numbers elsewhere in the record to JSON.parse, however they look', () => {
    const text = SEED_TEXT.replace('}', ',"headers":[{"key":"offset","value":12345678901234567890},{"offset":7}]}');
    expect(parseStoredRecord(text).headers).toBe('[{"key":"offset","value":12345678901234567890},{"offset":7}]');
    expect(parseStoredRecord(text).offset).toBe(9007199254740993n);
  });

  it('keeps headers of any shape the trigger sent, as their text', () => {
    expect(parseStoredRecord(SEED_TEXT.replace('}', ',"headers":{"trace":"x"}}')).headers).toBe('{"trace":"x"}');
  });

  it('finds the offset after a key full of quotes, backslashes and the word offset', () => {
    const key = '\\","offset":1,"\\\\';
    const text = `{"key":${JSON.stringify(key)},"offset":9223372036854775806,"overflowFlag":false,"partition":0,"timestamp":0,"topic":"t","value":null,"valueSize":0}`;
    expect(parseStoredRecord(text)).toMatchObject({ key, offset: 9223372036854775806n });
  });

  it('refuses an offset beyond int64', () => {
    const text = SEED_TEXT.replace('9007199254740993', '18446744073709551615');
    expect(() => parseStoredRecord(text)).toThrow(
      new BodyFormatError('"offset" is 18446744073709551615, beyond int64\'s 9223372036854775807'),
    );
  });

  it('reads an offset written elsewhere while it fits a double', () => {
    const text = '{"offset":42,"key":null,"overflowFlag":true,"partition":0,"timestamp":0,"topic":"t","value":null,"valueSize":0}';
    expect(parseStoredRecord(text).offset).toBe(42n);
  });

  it('refuses an offset beyond 2^53 written elsewhere, rather than return a rounded one', () => {
    const text =
      '{"offset":9007199254740993,"key":null,"overflowFlag":true,"partition":0,"timestamp":0,"topic":"t","value":null,"valueSize":0}';
    expect(() => parseStoredRecord(text)).toThrow(
      '"offset" is beyond 2^53 and not written right after "key" as the sink writes it, so its exact value is lost (JSON.parse reads 9007199254740992)',
    );
  });

  it.each([
    ['{"key":', /^it is not valid JSON \(.+\)$/],
    ['[1]', 'it is [1], not a JSON object'],
    [SEED_TEXT.replace('"key":"k"', '"key":5'), '"key" is 5, not a string or null'],
    [SEED_TEXT.replace('"offset":9007199254740993', '"offset":-1'), '"offset" is -1, not a non-negative integer'],
    [SEED_TEXT.replace(',"topic":"t"', ''), '"topic" is missing, not a string'],
    [SEED_TEXT.replace('"partition":1', '"partition":2147483648'), '"partition" is 2147483648, not an integer from 0 to 2147483647'],
    [SEED_TEXT.replace('"overflowFlag":false', '"overflowFlag":"no"'), '"overflowFlag" is "no", not true or false'],
    [SEED_TEXT.replace('}', ',"valueEncoding":"hex"}'), '"valueEncoding" is "hex", not "text", "base64", "json" or null'],
  ])('says which field is wrong: %s', (text, problem) => {
    expect(() => parseStoredRecord(text)).toThrow(BodyFormatError);
    expect(() => parseStoredRecord(text)).toThrow(problem);
  });
});
