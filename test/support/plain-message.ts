import { TextFromBytes } from '../../lib/payload/element-bytes';
import type { KafkaMessage } from '../../lib/payload/kafka-message';

/** The message with a text value read as bytes given as its plain text, to compare with what a test expects. */
export function plainMessage(message: KafkaMessage): KafkaMessage {
  const { value } = message;
  return value instanceof TextFromBytes ? { ...message, value: { kind: 'text', text: value.text } } : message;
}
