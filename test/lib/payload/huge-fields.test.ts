import { type RejectedElement, readTriggerPayload } from '../../../lib/payload/trigger-payload';

function problemsOf(event: string): string[] {
  const rejected: RejectedElement[] = [];
  readTriggerPayload(event, { valueDataType: 'Text' }, { onMessage: () => {}, onRejected: (element) => rejected.push(element) });
  return rejected.flatMap((element) => element.problems);
}

const MB20 = 20 * 1024 * 1024;

describe('a field of tens of megabytes gets a problem of one line', () => {
  it('a topic of 20 MB is too long, and is not read character by character', () => {
    const problems = problemsOf(`[{"topic":"${'数'.repeat(MB20 / 3)}","partition":0,"offset":1,"timestamp":1}]`);
    expect(problems).toEqual(['element 0 (RawData message) field topic: topic is longer than Kafka allows (249 characters)']);
  });

  it('a timestamp of 20 MB of digits is quoted by its start only', () => {
    const problems = problemsOf(`[{"topic":"t","partition":0,"offset":1,"timestamp":"${'9'.repeat(MB20)}"}]`);
    expect(problems).toEqual([
      `element 0 (RawData message) field timestamp: expected epoch milliseconds as an integer, got "${'9'.repeat(59)}…`,
    ]);
  });
});
