import { plainMessage } from '../../support/plain-message';
import { sampleEvent } from '../../support/repo';
import type { KafkaMessage, ValueDataType } from '../../../lib/payload/kafka-message';
import { PayloadError } from '../../../lib/payload/payload-error';
import { type RejectedElement, readTriggerPayload } from '../../../lib/payload/trigger-payload';

/** Every element read, as the sink reads them; a rejected element throws as with FAILURE_POLICY=stop. */
function readAll(event: unknown, valueDataType: ValueDataType = 'Text'): KafkaMessage[] {
  const { messages, rejected } = readSplit(event, valueDataType);
  if (rejected.length > 0) throw new PayloadError(rejected.flatMap((element) => element.problems));
  return messages;
}

function readSplit(event: unknown, valueDataType: ValueDataType = 'Text') {
  const messages: KafkaMessage[] = [];
  const rejected: RejectedElement[] = [];
  readTriggerPayload(event, { valueDataType }, { onMessage: (m) => messages.push(plainMessage(m)), onRejected: (r) => rejected.push(r) });
  return { messages, rejected };
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
const expected = {
  topic: 'mytopic',
  partition: 7,
  offset: 25n,
  timestamp: 1655952591589,
  key: 'keytest',
  value: { kind: 'text', text: '{"name":"a","age":28}' },
  headers: '[]',
};

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
      {
        key: '123',
        offset: 4n,
        partition: 0,
        timestamp: 1603779578478,
        topic: 'Test',
        value: { kind: 'text', text: '1' },
        headers: '[]',
        truncatedFromBytes: 272687,
      },
      { key: null, offset: 5n, partition: 0, timestamp: 1603779578479, topic: 'Test', value: null, headers: '[]' },
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
  ])('keeps the JSON value %j as its compact JSON text', (value, json) => {
    expect(readAll(withData({ value }))[0]?.value).toEqual({ kind: 'json', json });
  });

  it('keeps a string value as text, and a null value as a tombstone', () => {
    expect(readAll(withData({ value: 'text' }))[0]?.value).toEqual({ kind: 'text', text: 'text' });
    expect(readAll(withData({ value: null }))[0]?.value).toBeNull();
  });

  it('cuts a JSON value from the event as it came: every digit, spelling, and no whitespace between tokens', () => {
    const body = `[{"topic":"t","partition":0,"offset":1,"timestamp":1,"value": { "id" : 12345678901234567890 , "price": 2.50, "s": "a  b" } }]`;
    expect(readAll(body)[0]?.value).toEqual({ kind: 'json', json: '{"id":12345678901234567890,"price":2.50,"s":"a  b"}' });
  });

  it('archives a JSON value nested 100,000 levels deep', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const [message] = readAll(`[{"topic":"t","partition":0,"offset":1,"timestamp":1,"value":${deep}}]`);
    expect(message?.value).toEqual({ kind: 'json', json: deep });
  });

  it('keeps header entries exactly, and [] for the empty wrapper', () => {
    const headers = '[{"key":"a","value":"YmluYXJ5"},{"key":"b","value":[1,-2,3]}]';
    const body = `[{"topic":"t","partition":0,"offset":1,"timestamp":1,"headers":{"headers":${headers},"isReadOnly":false}}]`;
    expect(readAll(body)[0]?.headers).toBe(headers);
    expect(readAll(withData({}))[0]?.headers).toBe('[]');
  });

  it('keeps headers of an unexpected shape as they came', () => {
    expect(readAll(withData({ headers: { trace: 'x' } }))[0]?.headers).toBe('{"trace":"x"}');
  });

  it('reads a Binary value as base64, and refuses one that is not', () => {
    expect(readAll(withData({ value: '/wCA' }), 'Binary')[0]?.value).toEqual({ kind: 'base64', base64: '/wCA' });
    expect(() => readAll(withData({ value: 'not base64' }), 'Binary')).toThrow(
      'element 0 (CloudEvent) field data.value: expected base64 (VALUE_DATA_TYPE is Binary)',
    );
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

  it('hands on the good elements and rejects the bad one with its index and its own bytes', () => {
    const { messages, rejected } = readSplit(`[${JSON.stringify(cloudEvent)}, 7 ,${JSON.stringify(cloudEvent)}]`);
    expect(messages).toHaveLength(2);
    expect(rejected.map(({ index, raw, problems }) => ({ index, raw: raw.toString(), problems }))).toEqual([
      { index: 1, raw: '7', problems: ['element 1 must be an object, got number'] },
    ]);
  });

  it('rejects an element that is not UTF-8, and only that one', () => {
    const body = Buffer.concat([Buffer.from(`[${JSON.stringify(cloudEvent)},{"topic":"t`), Buffer.from([0xff]), Buffer.from('"}]')]);
    const { messages, rejected } = readSplit(body);
    expect(messages).toHaveLength(1);
    expect(rejected[0]?.problems[0]).toMatch(/^element 1 is not valid UTF-8 \(byte 0xff/);
  });

  it('reads an event that starts with a UTF-8 byte order mark', () => {
    expect(readAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify([data]))]))).toEqual([expected]);
  });

  it.each([5, true, { id: 1 }, ['a']])('rejects the key %j: the trigger delivers keys as text', (key) => {
    expect(rejection(withData({ key })).message).toContain('field data.key: expected the key as a string or null');
  });

  it.each(['a/b', '..', 'topic-\u00e9', 'a b'])('rejects the topic %j, which is not a Kafka topic name', (topic) => {
    expect(rejection(withData({ topic })).message).toContain('is not a Kafka topic name');
  });

  it('reads own "__proto__" members as data, not as a prototype', () => {
    const body = '[{"__proto__":{"topic":"evil"},"partition":0,"offset":1,"timestamp":1}]';
    expect(rejection(body).message).toContain('field topic: expected the topic name as a string');
  });

  it.each([
    ['[', 'ends in the middle of a value'],
    ['[{"a":"b', 'ends inside a string'],
    ['[{"a":1} {"b":2}]', 'expected "," or "]" after element 0, at byte 9'],
    ['[1] x', 'unexpected data after the closing "]"'],
    ['', 'the event is empty'],
    ['   ', 'the event is empty'],
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
