import { type RejectedElement, readTriggerPayload } from '../../../lib/payload/trigger-payload';

function read(event: string) {
  let messages = 0;
  const rejected: RejectedElement[] = [];
  readTriggerPayload(event, { valueDataType: 'Text' }, { onMessage: () => messages++, onRejected: (r) => rejected.push(r) });
  return { messages, rejected: rejected.map(({ index, raw, problems }) => ({ index, raw: raw.toString(), problems })) };
}

const message = '{"topic":"t","partition":0,"offset":1,"timestamp":1}';

describe('an array that is cut short or has an empty element says so', () => {
  it.each([`[${message}`, `[${message}, ${message}  `])('%s', (event) => {
    const count = event.split(message).length - 2;
    expect(read(event).rejected).toEqual([
      {
        index: undefined,
        raw: event,
        problems: [
          `the event is not valid JSON: the event ends after element ${count}, without the closing "]" (is it cut short?); it begins ${JSON.stringify(event.length > 64 ? `${event.slice(0, 64)}…` : event)}`,
        ],
      },
    ]);
  });

  it.each([
    [`[${message},,${message}]`, 1, 2],
    [`[${message}, ]`, 1, 1],
    [`[ ,${message}]`, 0, 1],
  ])('%s', (event, index, messages) => {
    expect(read(event)).toEqual({
      messages,
      rejected: [
        {
          index,
          raw: '',
          problems: [`element ${index} is not valid JSON: it is empty (nothing between two commas, or between a comma and a bracket)`],
        },
      ],
    });
  });
});
