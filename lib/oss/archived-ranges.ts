/**
 * @module What the archive already holds for a topic-partition's part of a batch. A consumer that
 * restarts re-reads from its last committed offset, with new batch boundaries, so a batch may
 * overlap ranges archived before; this finds them, and reads their records.
 *
 * The archived ranges of a partition are listed in offset order (keys start with the zero-padded
 * first offset) and never overlap. The one range that could start before the batch and reach into
 * it is the last one starting before it, so the listing starts a little before the batch — four
 * times its own span, which in a steady stream holds the previous batch or two — and goes further
 * back only when nothing started in that window. A batch that overlaps nothing thus costs one LIST.
 */
import { padOffset } from '../platform/kafka';
import { decodeObject } from '../objects/object-decoder';
import type { ArchivedRange } from '../objects/object-plan';
import type { OffsetRange, RangeListing } from '../objects/object-naming';
import type { Bucket } from './bucket';

const PAGE_KEYS = 100;
const WIDEN = 16n;

export type Listed = { key: string; size: number; range: OffsetRange };

/**
 * The archived objects (or `_index/` entries) whose ranges overlap the batch, from the listing alone.
 * `folder`: the listing is one time bucket's folder, which holds at most that bucket's objects of
 * the partition; when the first window finds nothing before the batch, the folder is listed from
 * its start rather than in ever wider windows (a bucket's first batch would otherwise take several).
 */
export async function listOverlapping(bucket: Bucket, listing: RangeListing, batch: OffsetRange, folder = false): Promise<Listed[]> {
  const span = batch.last - batch.first + 1n;
  for (let window = 4n * span; ; window *= WIDEN) {
    const windowStart = folder && window > 4n * span ? 0n : batch.first - window;
    const ranges = await listFrom(bucket, listing, windowStart > 0n ? `${listing.prefix}${padOffset(windowStart)}` : undefined, batch.last);
    const startsBefore = ranges.some(({ range }) => range.first < batch.first);
    if (startsBefore || windowStart <= 0n) {
      return ranges.filter(({ range }) => range.first <= batch.last && range.last >= batch.first);
    }
  }
}

/** The records of the listed ranges that fall in the batch, read from their objects. */
export function readArchived(
  bucket: Bucket,
  listing: RangeListing,
  batch: OffsetRange,
  found: readonly Listed[],
): Promise<ArchivedRange[]> {
  return Promise.all(
    found.map(async ({ key, size, range }) => {
      const records = new Map<bigint, Awaited<ReturnType<typeof decodeObject>>[number]>();
      for (const objectKey of listing.indexed ? await indexedObjects(bucket, key) : [key]) {
        for (const record of await decodeObject(objectKey, await bucket.get(objectKey))) {
          if (record.offset >= batch.first && record.offset <= batch.last) records.set(record.offset, record);
        }
      }
      return { ...range, key, size, records };
    }),
  );
}

/** The ranges listed after `startAfter`, up to the first one that starts past `last`. */
async function listFrom(bucket: Bucket, listing: RangeListing, startAfter: string | undefined, last: bigint): Promise<Listed[]> {
  const ranges: Listed[] = [];
  let after = startAfter;
  for (;;) {
    const page = await bucket.list(listing.prefix, after, PAGE_KEYS);
    for (const { key, size } of page.objects) {
      const range = listing.rangeOf(key);
      // Ranges sort before the `_…` folders beside them: past the ranges, or past the batch, is the end.
      if (range === undefined || range.first > last) return ranges;
      ranges.push({ key, size, range });
    }
    if (!page.truncated || page.objects.length === 0) return ranges;
    after = page.objects[page.objects.length - 1]?.key;
  }
}

/** The objects an `_index/` entry names (see ObjectNaming). */
async function indexedObjects(bucket: Bucket, indexKey: string): Promise<string[]> {
  const { objects } = JSON.parse((await bucket.get(indexKey)).toString('utf8')) as { objects: string[] };
  return objects;
}
