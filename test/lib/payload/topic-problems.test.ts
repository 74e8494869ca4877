import { type RejectedElement, readTriggerPayload } from '../../../lib/payload/trigger-payload';

function problemsOf(topicJson: string): string[] {
  const rejected: RejectedElement[] = [];
  const event = `[{"topic":${topicJson},"partition":0,"offset":1,"timestamp":1}]`;
  readTriggerPayload(event, { valueDataType: 'Text' }, { onMessage: () => {}, onRejected: (element) => rejected.push(element) });
  return rejected.flatMap((element) => element.problems);
}

describe('a topic that is not a string has that one problem', () => {
  it.each(['[]', '["/"]', `[${'1,'.repeat(249)}1]`, '{"length":0}', '{"length":1000}'])('%s', (topic) => {
    expect(problemsOf(topic)).toEqual(['element 0 (RawData message) field topic: expected the topic name as a string']);
  });

  it.each([
    ['""', 'topic must not be empty'],
    [`"${'a'.repeat(250)}"`, 'topic is longer than Kafka allows (249 characters)'],
    ['"a/b"', 'topic "a/b" is not a Kafka topic name (letters, digits, ".", "_" and "-" only, not "." or "..")'],
    ['".."', 'topic ".." is not a Kafka topic name (letters, digits, ".", "_" and "-" only, not "." or "..")'],
  ])('and a string topic that is not a Kafka name has one: %s', (topic, problem) => {
    expect(problemsOf(topic)).toEqual([`element 0 (RawData message) field topic: ${problem}`]);
  });
});
