// Elements are read from their bytes as Latin-1 text where they can be: these prove that what
// comes out is what decoding the UTF-8 first gives, and that a text value's literal is handed on
// only when it is byte for byte what JSON.stringify writes.
import { TextFromBytes } from '../../../lib/payload/element-bytes';
import type { KafkaMessage } from '../../../lib/payload/kafka-message';
import { type RejectedElement, readTriggerPayload } from '../../../lib/payload/trigger-payload';

function read(elementsJson: string): { messages: KafkaMessage[]; rejected: RejectedElement[] } {
  const messages: KafkaMessage[] = [];
  const rejected: RejectedElement[] = [];
  readTriggerPayload(
    Buffer.from(`[${elementsJson}]`, 'utf8'),
    { valueDataType: 'Text' },
    { onMessage: (m) => messages.push(m), onRejected: (r) => rejected.push(r) },
  );
  return { messages, rejected };
}

/** A RawData element, its value written as `valueLiteral` exactly. */
const element = (valueLiteral: string, fields = '"topic":"t","key":"clé 键"') =>
  `{${fields},"partition":0,"offset":1,"timestamp":1700000000000,"headers":{"headers":[{"名":"值"}],"isReadOnly":false},"value":${valueLiteral}}`;

function onlyMessage(elementsJson: string): KafkaMessage {
  const { messages, rejected } = read(elementsJson);
  expect(rejected).toEqual([]);
  expect(messages).toHaveLength(1);
  return messages[0] as KafkaMessage;
}

describe('reading an element from its bytes', () => {
  it('decodes multi-byte keys, headers and values exactly, and keeps the value literal as it came', () => {
    const message = onlyMessage(element('"数据 😀 \\"quoted\\" \\\\ tab\\t"'));
    expect(message.key).toBe('clé 键');
    expect(message.headers).toBe('[{"名":"值"}]');
    const value = message.value as TextFromBytes;
    expect(value).toBeInstanceOf(TextFromBytes);
    expect(value.text).toBe('数据 😀 "quoted" \\ tab\t');
    expect(Buffer.from(value.bytes, 'latin1')).toEqual(Buffer.from(value.text, 'utf8'));
    expect(Buffer.from(value.literal as string, 'latin1')).toEqual(Buffer.from(JSON.stringify(value.text), 'utf8'));
  });

  it('hands on no literal for a value with an escaped solidus, which JSON.stringify writes bare', () => {
    const value = onlyMessage(element('"a\\/b"')).value as TextFromBytes;
    expect(value.text).toBe('a/b');
    expect(value.literal).toBeUndefined();
  });

  it('decodes an element with a \\u escape as UTF-8 first: the escape makes a character, not a byte', () => {
    const message = onlyMessage(element('"caf\\u00e9 数据"'));
    expect(message.value).toEqual({ kind: 'text', text: 'café 数据' });
    expect(message.key).toBe('clé 键');
  });

  it('reads an element sent as a JSON string the same way', () => {
    const value = onlyMessage(JSON.stringify(element('"数据"'))).value as TextFromBytes;
    expect(value.text).toBe('数据');
    expect(Buffer.from(value.literal as string, 'latin1').toString('utf8')).toBe('"数据"');
  });

  it('quotes a rejected element as it was sent, not as its bytes read one by one', () => {
    const { messages, rejected } = read(element('"v"', '"topic":"tópico"'));
    expect(messages).toEqual([]);
    expect(rejected[0]?.problems.join('\n')).toContain('"tópico" is not a Kafka topic name');
  });
});
