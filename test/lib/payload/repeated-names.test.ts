import type { KafkaMessage } from '../../../lib/payload/kafka-message';
import { type RejectedElement, readTriggerPayload } from '../../../lib/payload/trigger-payload';

function read(event: string) {
  const messages: KafkaMessage[] = [];
  const rejected: RejectedElement[] = [];
  readTriggerPayload(event, { valueDataType: 'Text' }, { onMessage: (m) => messages.push(m), onRejected: (r) => rejected.push(r) });
  return { messages, rejected };
}

const fields = '"topic":"t","partition":0,"offset":1,"timestamp":1';
const twice = "given twice in one object; which one is the message's cannot be told (names must be unique)";

describe('a name given twice where the message is read from is rejected, not read two ways', () => {
  it.each([
    ['value, a JSON value first', `{${fields},"value":{"a":1},"value":[2]}`, 'element 0 (RawData message) field value'],
    ['value, spelled with an escape', `{${fields},"value":{"a":1},"val\\u0075e":[2]}`, 'element 0 (RawData message) field value'],
    ['offset', `{${fields},"offset":2}`, 'element 0 (RawData message) field offset'],
    ['topic', `{"topic":"a",${fields}}`, 'element 0 (RawData message) field topic'],
    [
      'the headers wrapper',
      `{${fields},"headers":{"headers":[],"headers":[{"key":"k"}]}}`,
      'element 0 (RawData message) field headers.headers',
    ],
    [
      "a CloudEvent's data",
      `{"specversion":"1.0","data":{${fields},"value":"a"},"data":{${fields.replace('"t"', '"u"')},"value":[1]}}`,
      'element 0 (CloudEvent) field data',
    ],
    ['a member of data', `{"specversion":"1.0","data":{${fields},"key":"a","key":"b"}}`, 'element 0 (CloudEvent) field data.key'],
    [
      'the headers wrapper in data',
      `{"specversion":"1.0","data":{${fields},"headers":{"isReadOnly":false,"isReadOnly":true,"headers":[]}}}`,
      'element 0 (CloudEvent) field data.headers.isReadOnly',
    ],
    [
      'a legacy record field',
      '{"key":"k","offset":1,"overflowFlag":false,"partition":0,"timestamp":1,"topic":"T","value":"v","valueSize":1,"valueSize":9}',
      'element 0 (legacy connector record) field valueSize',
    ],
  ])('%s', (_name, element, where) => {
    const { messages, rejected } = read(`[${element}]`);
    expect(messages).toEqual([]);
    expect(rejected).toEqual([{ index: 0, raw: Buffer.from(element), problems: [`${where}: ${twice}`] }]);
  });

  it('names the field inside an element sent as a JSON string', () => {
    const { rejected } = read(JSON.stringify([`{${fields},"key":"a","key":"b"}`]));
    expect(rejected[0]?.problems).toEqual([`element 0 (a JSON string) (RawData message) field key: ${twice}`]);
  });

  it('archives a value whose own objects repeat a name exactly as it came', () => {
    const { messages } = read(`[{${fields},"value":{"a":1,"a":2},"headers":{"headers":[{"k":1,"k":2}]}}]`);
    expect(messages[0]).toMatchObject({ value: { kind: 'json', json: '{"a":1,"a":2}' }, headers: '[{"k":1,"k":2}]' });
  });
});
