import fc from 'fast-check';
import type { KafkaMessage } from '../../../lib/payload/kafka-message';
import { type RejectedElement, readTriggerPayload } from '../../../lib/payload/trigger-payload';

function readBinary(value: string) {
  const messages: KafkaMessage[] = [];
  const rejected: RejectedElement[] = [];
  const event = `[{"topic":"t","partition":0,"offset":1,"timestamp":1,"value":${JSON.stringify(value)}}]`;
  readTriggerPayload(event, { valueDataType: 'Binary' }, { onMessage: (m) => messages.push(m), onRejected: (r) => rejected.push(r) });
  return { messages, problems: rejected.flatMap((element) => element.problems) };
}

const NOT_BASE64 =
  'element 0 (RawData message) field value: expected base64 (VALUE_DATA_TYPE is Binary), but the value is not standard padded base64';

describe('Binary values (VALUE_DATA_TYPE=Binary)', () => {
  it('takes every value Buffer encodes as base64, of any length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const base64 = Buffer.from(bytes).toString('base64');
        expect(readBinary(base64).messages[0]?.value).toEqual({ kind: 'base64', base64 });
      }),
    );
  });

  it.each(['A', 'AB=', 'A===', '====', 'AB=C', 'ABC=D===', 'QUJD\n', 'QU JD', 'QUJD-_==', '数据数据'])('refuses %j', (value) => {
    expect(readBinary(value).problems).toEqual([NOT_BASE64]);
  });

  it('takes a value of 20 MB (a pattern of groups of four overflowed the stack from about 4.5 MB)', () => {
    const base64 = Buffer.alloc(15 * 1024 * 1024, 0xa5).toString('base64');
    expect(readBinary(base64).messages[0]?.value).toEqual({ kind: 'base64', base64 });
    expect(readBinary(`${base64}!`).problems).toEqual([NOT_BASE64]);
  });
});
