/**
 * @module Every object key the sink writes, in one place. Keys are pure functions of what they
 * hold, so that a redelivered batch maps to the keys it had before:
 *
 *     <prefix><key template>.<ext>                               the records (by default
 *     <prefix><topic>/<partition>/<first>-<last>.json             offsets padded to 19 digits)
 *     <prefix><topic>/<partition>/_overflow/<offset>.bin          a truncated value, whole
 *     <prefix><topic>/<partition>/_conflicts/<first>-<last>.<md5>.<ext>  records whose offsets were
 *                                                                 already archived with other content
 *     <prefix><topic>/<partition>/_index/<first>-<last>           which objects hold a range (key
 *                                                                 templates that do not sort by offset)
 *     <prefix>_errors/<md5>.json                                  elements that are not Kafka messages
 */
import { padOffset, TOPIC_CHARACTER } from '../platform/kafka';

/** The longest prefix accepted: what is left of OSS's 1023 bytes still fits a long topic and two offsets. */
export const MAX_PREFIX_BYTES = 512;
const RANGE = /^(\d{19})-(\d{19})/;

export interface OffsetRange {
  first: bigint;
  last: bigint;
}

export class ObjectNaming {
  constructor(
    /** Empty, or ending in `/`. */
    readonly prefix: string,
    /** The records' extension, e.g. `.json` or `.jsonl.gz`. */
    readonly extension: string,
  ) {}

  dataKey(topic: string, partition: number, range: OffsetRange): string {
    return `${this.home(topic, partition)}${padOffset(range.first)}-${padOffset(range.last)}${this.extension}`;
  }

  conflictKey(topic: string, partition: number, range: OffsetRange, md5Hex: string): string {
    return `${this.home(topic, partition)}_conflicts/${padOffset(range.first)}-${padOffset(range.last)}.${md5Hex}${this.extension}`;
  }

  overflowKey(topic: string, partition: number, offset: bigint, md5Hex?: string): string {
    return `${this.home(topic, partition)}_overflow/${padOffset(offset)}${md5Hex === undefined ? '' : `.${md5Hex}`}.bin`;
  }

  errorKey(md5Hex: string): string {
    return `${this.prefix}_errors/${md5Hex}.json`;
  }

  /**
   * Where a topic-partition's archived ranges can be listed in offset order: keys under `prefix`
   * whose name starts with `<first>-<last>`. With the default layout these are the record objects
   * themselves; they sort before the `_…` folders beside them.
   */
  rangeListing(topic: string, partition: number): { prefix: string; rangeOf(key: string): OffsetRange | undefined } {
    const prefix = this.home(topic, partition);
    return {
      prefix,
      rangeOf(key) {
        const match = RANGE.exec(key.slice(prefix.length));
        return match ? { first: BigInt(match[1] as string), last: BigInt(match[2] as string) } : undefined;
      },
    };
  }

  /** The folder of a topic-partition: `<prefix><topic>/<partition>/`. */
  home(topic: string, partition: number): string {
    return `${this.prefix}${topicSegment(topic)}/${partition}/`;
  }
}

/**
 * A topic as exactly one path segment. Kafka topic names (the payload reader accepts no other) pass
 * unchanged; anything else is percent-encoded, so no name could add or climb path segments.
 */
export function topicSegment(topic: string): string {
  let segment = '';
  for (const char of topic) segment += TOPIC_CHARACTER.test(char) ? char : percentEncode(char);
  return segment === '.' || segment === '..' ? segment.replaceAll('.', '%2E') : segment;
}

function percentEncode(char: string): string {
  return [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/**
 * Checks an OSS_PREFIX and gives it the trailing `/` that makes it a folder. Returns a problem
 * description instead when the prefix could produce keys OSS rejects or that climb out of it.
 */
export function normalizeKeyPrefix(prefix: string): { prefix: string } | { problem: string } {
  if (prefix === '') return { prefix };
  if (prefix.startsWith('/') || prefix.startsWith('\\')) {
    return { problem: 'must not start with "/" or "\\" (OSS object keys cannot); write e.g. "archive/kafka"' };
  }
  const segments = prefix.replace(/\/$/, '').split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return { problem: 'must not contain empty, "." or ".." path segments' };
  }
  if (Buffer.byteLength(prefix) > MAX_PREFIX_BYTES) {
    return { problem: `must be at most ${MAX_PREFIX_BYTES} bytes, leaving room for topic and offsets` };
  }
  return { prefix: prefix.endsWith('/') ? prefix : `${prefix}/` };
}
