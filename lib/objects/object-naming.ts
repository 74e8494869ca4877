/**
 * @module Every object key the sink writes, in one place. Keys are pure functions of what they
 * hold, so that a redelivered batch maps to the keys it had before:
 *
 *     <prefix><key template><ext>                                the records; by default
 *     <prefix><topic>/<partition>/<first>-<last>.json             (offsets padded to 19 digits)
 *     <prefix><topic>/<partition>/_overflow/<offset>.bin          a truncated value, whole
 *     <prefix><topic>/<partition>/_conflicts/<first>-<last>.<md5><ext>   records whose offsets were
 *                                                                 already archived with other content
 *     <prefix><topic>/<partition>/_index/<first>-<last>           which objects hold a range, for key
 *                                                                 templates whose keys do not sort by offset
 *     <prefix>_errors/<md5>.json                                  elements that are not Kafka messages
 */
import { padOffset } from '../platform/kafka';
import type { KeyTemplate } from './key-template';
import { bucketFolderParts, bucketListingPrefix, parseRenderedKey, partitionListingPrefix, renderKey } from './key-template-keys';
import { topicSegment } from './topic-segment';

/** The longest prefix accepted: what is left of OSS's 1023 bytes still fits a long topic and two offsets. */
export const MAX_PREFIX_BYTES = 512;
const RANGE_NAME = /^(\d{19})-(\d{19})$/;

export interface OffsetRange {
  first: bigint;
  last: bigint;
}

/**
 * Where a topic-partition's archived ranges are listed in offset order, and how to read a range
 * from a listed key. With a key template that sorts a partition's keys by offset (the default
 * does) the record objects themselves are listed; otherwise `_index/` entries are, one per stored
 * run, naming the objects that hold it (`indexed`).
 */
export interface RangeListing {
  prefix: string;
  indexed: boolean;
  rangeOf(key: string): OffsetRange | undefined;
}

export class ObjectNaming {
  /**
   * Whether the archived ranges of a topic-partition are looked up in each time bucket's own folder
   * (bucketListing): with time folders before the offsets, a record can only ever be archived in
   * the folder of its own time, so a batch finds everything archived for its offsets by listing the
   * folders of its records' times, whatever wrote them and whether or not an `_index/` entry names them.
   */
  readonly listsByBucket: boolean;

  constructor(
    /** Empty, or ending in `/`. */
    readonly prefix: string,
    readonly template: KeyTemplate,
    /** The records' extension, e.g. `.json` or `.jsonl.gz`. */
    readonly extension: string,
  ) {
    this.listsByBucket = bucketFolderParts(template) !== undefined;
  }

  dataKey(topic: string, partition: number, range: OffsetRange, bucket = ''): string {
    const key = renderKey(this.template, { topic, partition, startOffset: range.first, endOffset: range.last, bucket });
    return `${this.prefix}${key}${this.extension}`;
  }

  conflictKey(topic: string, partition: number, range: OffsetRange, md5Hex: string): string {
    return `${this.home(topic, partition)}_conflicts/${padOffset(range.first)}-${padOffset(range.last)}.${md5Hex}${this.extension}`;
  }

  overflowKey(topic: string, partition: number, offset: bigint, md5Hex?: string): string {
    return `${this.home(topic, partition)}_overflow/${padOffset(offset)}${md5Hex === undefined ? '' : `.${md5Hex}`}.bin`;
  }

  indexKey(topic: string, partition: number, range: OffsetRange): string {
    return `${this.home(topic, partition)}_index/${padOffset(range.first)}-${padOffset(range.last)}`;
  }

  errorKey(md5Hex: string): string {
    return `${this.prefix}_errors/${md5Hex}.json`;
  }

  rangeListing(topic: string, partition: number): RangeListing {
    const listed = partitionListingPrefix(this.template, topic, partition);
    if (listed !== undefined && this.template.parts.some((part) => part.kind === 'end_offset')) return this.keyListing(listed);
    const index = `${this.home(topic, partition)}_index/`;
    return {
      prefix: index,
      indexed: true,
      rangeOf(key) {
        const match = RANGE_NAME.exec(key.slice(index.length));
        return match ? { first: BigInt(match[1] as string), last: BigInt(match[2] as string) } : undefined;
      },
    };
  }

  /** Where a topic-partition's objects of one time bucket are listed in offset order; undefined unless listsByBucket. */
  bucketListing(topic: string, partition: number, bucket: string): RangeListing | undefined {
    const listed = bucketListingPrefix(this.template, topic, partition, bucket);
    return listed === undefined ? undefined : this.keyListing(listed);
  }

  private keyListing(listed: string): RangeListing {
    const { prefix, extension, template } = this;
    return {
      prefix: `${prefix}${listed}`,
      indexed: false,
      rangeOf(key) {
        if (!key.startsWith(prefix) || !key.endsWith(extension)) return undefined;
        const fields = parseRenderedKey(template, key.slice(prefix.length, key.length - extension.length));
        return fields?.endOffset === undefined ? undefined : { first: fields.startOffset, last: fields.endOffset };
      },
    };
  }

  /** The folder of a topic-partition: `<prefix><topic>/<partition>/`. */
  home(topic: string, partition: number): string {
    return `${this.prefix}${topicSegment(topic)}/${partition}/`;
  }
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
