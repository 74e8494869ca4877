import { sampleEvent } from '../../support/repo';
import type { KafkaMessage } from '../../../lib/payload/kafka-message';
import { PayloadError } from '../../../lib/payload/payload-error';
import { readTriggerPayload } from '../../../lib/payload/trigger-payload';

function readAll(event: unknown): KafkaMessage[] {
  const messages: KafkaMessage[] = [];
  readTriggerPayload(event, (message) => messages.push(message));
  return messages;
}

const event = sampleEvent;
const data = {
  topic: 'mytopic',
  partition: 7,
  offset: 25,
  timestamp: 1655952591589,
  headers: { headers: [], isReadOnly: false },
  key: 'keytest',
  value: '{"name":"a","age":28}',
};
const cloudEvent = { specversion: '1.0', id: '8e215af8', source: 'acs:alikafka', type: 'alikafka:Topic:Message', data };
const expected = { topic: 'mytopic', partition: 7, offset: 25n, timestamp: 1655952591589, key: 'keytest', value: '{"name":"a","age":28}' };

function rejection(input: unknown): PayloadError {
  try {
    readAll(input);
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError);
    return error as PayloadError;
  }
  throw new Error('expected the payload to be rejected');
}

describe('readTriggerPayload: every form the trigger delivers', () => {
  it('reads a CloudEvents array of objects from a Buffer', () => {
    expect(readAll(Buffer.from(JSON.stringify([cloudEvent])))).toEqual([expected]);
  });

  it('reads a CloudEvents array whose elements are JSON strings', () => {
    expect(readAll(JSON.stringify([JSON.stringify(cloudEvent), cloudEvent]))).toEqual([expected, expected]);
  });

  it('reads a single CloudEvent', () => {
    expect(readAll(JSON.stringify(cloudEvent))).toEqual([expected]);
  });

  it('reads a RawData array of data objects', () => {
    expect(readAll(JSON.stringify([data]))).toEqual([expected]);
  });

  it('reads legacy connector records and keeps the size of a value the connector already cut', () => {
    const legacy = [
      { key: '123', offset: 4, overflowFlag: true, partition: 0, timestamp: 1603779578478, topic: 'Test', value: '1', valueSize: 272687 },
      { offset: 5, overflowFlag: false, partition: 0, timestamp: 1603779578479, topic: 'Test', valueSize: 0 },
    ];
    expect(readAll(JSON.stringify(legacy))).toEqual([
      { key: '123', offset: 4n, partition: 0, timestamp: 1603779578478, topic: 'Test', value: '1', truncatedFromBytes: 272687 },
      { key: null, offset: 5n, partition: 0, timestamp: 1603779578479, topic: 'Test', value: null },
    ]);
  });

  it('accepts an empty array', () => {
    expect(readAll(Buffer.from('[]'))).toEqual([]);
  });

  it.each(['cloudevents.json', 'cloudevents-as-strings.json', 'single-cloudevent.json', 'rawdata.json', 'legacy-connector.json'])(
    'reads the sample event %s',
    (name) => {
      expect(readAll(event(name)).length).toBeGreaterThan(0);
    },
  );
});

describe('readTriggerPayload: values, keys and offsets', () => {
  const withData = (patch: Record<string, unknown>) => JSON.stringify([{ ...cloudEvent, data: { ...data, ...patch } }]);

  it.each([
    [{ a: 1, b: [true, null] }, '{"a":1,"b":[true,null]}'],
    [[1, 'two'], '[1,"two"]'],
    [42, '42'],
    [false, 'false'],
    ['text', 'text'],
    [null, null],
  ])('archives value %j as %j', (value, text) => {
    expect(readAll(withData({ value }))[0]?.value).toBe(text);
  });

  it('treats a missing value as a tombstone (null)', () => {
    const { value: _value, ...noValue } = data;
    expect(readAll(JSON.stringify([noValue]))[0]?.value).toBeNull();
  });

  it.each([[null], [undefined]])('gives a %s or missing key as null', (key) => {
    expect(readAll(withData({ key }))[0]?.key).toBeNull();
  });

  it('keeps every digit of an int64 offset sent as a string', () => {
    expect(readAll(withData({ offset: '9223372036854775807' }))[0]?.offset).toBe(9223372036854775807n);
  });

  it('reads a timestamp sent as a string of digits', () => {
    expect(readAll(withData({ timestamp: '1655952591589' }))[0]?.timestamp).toBe(1655952591589);
  });
});

describe('readTriggerPayload: rejected input names the element and the field', () => {
  const withData = (patch: Record<string, unknown>) => JSON.stringify([cloudEvent, { ...cloudEvent, data: { ...data, ...patch } }]);

  it.each([
    [{ offset: -1 }, 'element 1 (CloudEvent) field data.offset: expected a non-negative integer, got -1'],
    [{ offset: 'twelve' }, 'element 1 (CloudEvent) field data.offset: expected a string of digits within int64, got "twelve"'],
    [{ offset: 2 ** 53 + 2 }, 'is beyond 2^53 and was rounded'],
    [{ offset: '9223372036854775808' }, 'within int64'],
    [{ partition: 1.5 }, 'element 1 (CloudEvent) field data.partition: expected an integer partition number'],
    [{ partition: '3' }, 'field data.partition: expected an integer partition number'],
    [{ topic: '' }, 'field data.topic: topic must not be empty'],
    [{ topic: undefined }, 'field data.topic: expected the topic name as a string'],
    [{ timestamp: 'yesterday' }, 'field data.timestamp: expected epoch milliseconds as an integer, got "yesterday"'],
  ])('%j', (patch, message) => {
    expect(rejection(withData(patch)).message).toContain(message);
  });

  it('rejects a CloudEvent without data', () => {
    const { data: _data, ...envelope } = cloudEvent;
    expect(rejection(JSON.stringify([envelope])).message).toContain(
      'element 0 (CloudEvent) field data: expected the Kafka message object in data',
    );
  });

  it('rejects an element that is a string but not JSON', () => {
    expect(rejection(JSON.stringify([cloudEvent, '{oops'])).message).toContain('element 1 (a JSON string) is not valid JSON');
  });

  it.each([
    [5, 'got number'],
    [null, 'got null'],
    [[1], 'got an array'],
  ])('rejects element %j', (element, message) => {
    expect(rejection(JSON.stringify([element])).message).toContain(`element 0 must be an object, ${message}`);
  });

  it('hands no message on once an element was bad', () => {
    const seen: KafkaMessage[] = [];
    expect(() => readTriggerPayload(JSON.stringify([cloudEvent, 7, cloudEvent]), (m) => seen.push(m))).toThrow(PayloadError);
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['[', 'ends in the middle of a value'],
    ['[{"a":"b', 'ends inside a string'],
    ['[{"a":1} {"b":2}]', 'expected "," or "]" after element 0, at byte 9'],
    ['[1] x', 'unexpected data after the closing "]"'],
    ['', 'the event is empty'],
    ['[1,,2]', 'element 1 is not valid JSON'],
  ])('rejects the malformed JSON %j', (body, message) => {
    expect(rejection(body).message).toContain(message);
  });

  it('finds elements whose strings hold brackets, commas and escaped quotes', () => {
    const tricky = { ...data, key: 'a,]}{["\\', value: 'say "hi", [ok]' };
    expect(readAll(`[ ${JSON.stringify(tricky)} ,\n${JSON.stringify(data)} ]`).map((m) => m.key)).toEqual([tricky.key, 'keytest']);
  });

  it('rejects a body that is not JSON, quoting its start', () => {
    expect(rejection(Buffer.from('{not json at all')).message).toContain('the event is not valid JSON');
  });

  it('rejects an event of the wrong type', () => {
    expect(rejection(42).message).toContain('the event must be a Buffer or a string of JSON, got number');
  });

  it('rejects a legacy record with a non-boolean overflowFlag', () => {
    const legacy = { key: 'k', offset: 1, overflowFlag: 'no', partition: 0, timestamp: 1, topic: 'T', value: 'v', valueSize: 1 };
    expect(rejection(JSON.stringify([legacy])).message).toContain(
      'element 0 (legacy connector record) field overflowFlag: expected overflowFlag to be true or false',
    );
  });

  it('lists at most ten problems and counts the rest', () => {
    const bad = Array.from({ length: 25 }, () => ({ ...cloudEvent, data: { ...data, offset: -1 } }));
    const error = rejection(JSON.stringify(bad));
    expect(error.problems).toHaveLength(11);
    expect(error.message).toContain('and 15 more problems');
    expect(error.message).toContain('nothing was written');
  });
});
