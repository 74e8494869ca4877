import { type RejectedElement, readTriggerPayload } from '../../../lib/payload/trigger-payload';

function rejected(event: Buffer): RejectedElement[] {
  const out: RejectedElement[] = [];
  readTriggerPayload(event, { valueDataType: 'Text' }, { onMessage: () => {}, onRejected: (element) => out.push(element) });
  return out;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('an event that is not an array is set aside exactly as it was delivered', () => {
  it.each([
    ['a number, with whitespace around it', Buffer.from(' \n 42 \t')],
    ['an object that is no message, after a byte order mark', Buffer.concat([BOM, Buffer.from(' {"topic":5}\n')])],
    ['a JSON string that is not JSON inside', Buffer.from('"hello"  ')],
  ])('%s', (_name, event) => {
    const [element] = rejected(event);
    expect(element?.index).toBeUndefined();
    expect(element?.raw.equals(event)).toBe(true);
  });

  it('names the bad byte by its place in the event', () => {
    const event = Buffer.concat([BOM, Buffer.from('  {"topic":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    expect(rejected(event)).toEqual([
      {
        index: undefined,
        raw: event,
        problems: ['the event is not valid UTF-8 (byte 0xe9 at byte 18 of the event); JSON must be UTF-8'],
      },
    ]);
  });
});
