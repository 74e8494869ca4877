import { TOPIC_CHARACTER } from '../platform/kafka';

/**
 * A topic as exactly one path segment of a key. Kafka topic names (the payload reader accepts no
 * other) pass unchanged; anything else is percent-encoded, so no name could add or climb segments.
 */
export function topicSegment(topic: string): string {
  let segment = '';
  for (const char of topic) segment += TOPIC_CHARACTER.test(char) ? char : percentEncode(char);
  return segment === '.' || segment === '..' ? segment.replaceAll('.', '%2E') : segment;
}

function percentEncode(char: string): string {
  return [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}
