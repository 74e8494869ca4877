/**
 * @module One compaction step: the records of a planned run of batch objects into compacted
 * objects, one per time bucket of the compacted key template, each named by the step's offsets.
 *
 * OSS takes an object's metadata (its MD5 and record count) when its upload starts, so each
 * object's bytes are made once before anything is sent: objects small enough are kept from that
 * first pass and uploaded from memory; larger ones are made again, from the same batch objects,
 * while their upload is open — each holds one part at a time — and must come out with the same MD5.
 * An object that an earlier run already stored is recognised when its upload is refused, and is
 * not sent again.
 */
import type { ObjectNaming } from '../objects/object-naming';
import type { TimeBucketer } from '../objects/key-template-time';
import type { BatchObject } from './batch-sources';
import { type BodyTotals, type CompactedBody, type CompactedFormat, compactedBody } from './compacted-body';
import { CompactedUpload, PART_BYTES, type UploadOutcome } from './compacted-upload';
import type { CompactionBucket } from './compaction-bucket';
import { CompactionError } from './compaction-error';
import { type ReadCounts, stepRecords } from './step-records';

export interface StepTarget {
  bucket: CompactionBucket;
  naming: ObjectNaming;
  format: CompactedFormat;
  contentType: string;
  bucketer: TimeBucketer;
  topic: string;
  partition: number;
}

export interface WrittenObject extends BodyTotals {
  key: string;
  outcome: UploadOutcome;
}

export interface StepResult extends ReadCounts {
  written: WrittenObject[];
}

/** Bytes of finished objects kept between the two passes, per object and in all. */
const HOLD_OBJECT_BYTES = PART_BYTES;
const HOLD_TOTAL_BYTES = 4 * PART_BYTES;

interface Made {
  key: string;
  body: CompactedBody;
  /** The object's bytes, while it is small enough to keep; null once it is not. */
  held: Buffer[] | null;
  heldBytes: number;
}

/** Compacts the records of `objects` with offsets from `firstOffset` to `lastOffset`. */
export async function runStep(
  target: StepTarget,
  objects: readonly BatchObject[],
  firstOffset: bigint,
  lastOffset: bigint,
): Promise<StepResult> {
  const counts: ReadCounts = { objectsRead: 0, bytesIn: 0, duplicatesDropped: 0 };
  const made = await firstPass(target, objects, firstOffset, lastOffset, counts);
  const written: WrittenObject[] = [];
  const remade: Array<{ object: WrittenObject; upload: CompactedUpload }> = [];
  const open: CompactedUpload[] = [];
  try {
    for (const finished of [...made.values()].sort((a, b) => (a.key < b.key ? -1 : 1))) {
      const { key, held, totals } = finished;
      const object: WrittenObject = { key, ...totals, outcome: 'already-written' };
      written.push(object);
      const started = await CompactedUpload.start(target.bucket, key, target.contentType, totals);
      if (started === 'already-written') continue;
      open.push(started);
      if (held === null) {
        finished.upload = started;
        remade.push({ object, upload: started });
        continue;
      }
      for (const chunk of held) await started.write(chunk);
      finished.held = null;
      object.outcome = await started.complete();
    }
    if (remade.length > 0) await secondPass(target, objects, firstOffset, made);
    for (const { object, upload } of remade) object.outcome = await upload.complete();
  } catch (error) {
    await Promise.allSettled(open.map((upload) => upload.abort()));
    throw error;
  }
  return { ...counts, written };
}

interface Finished {
  key: string;
  held: Buffer[] | null;
  totals: BodyTotals;
  /** Set when the object is made again in the second pass. */
  upload?: CompactedUpload;
}

/** Makes every object of the step, keeping the bytes of the small ones. */
async function firstPass(
  target: StepTarget,
  objects: readonly BatchObject[],
  firstOffset: bigint,
  lastOffset: bigint,
  counts: ReadCounts,
): Promise<Map<string, Finished>> {
  const making = new Map<string, Made>();
  let heldTotal = 0;
  const hold = (object: Made, chunk: Buffer) => {
    if (object.held === null) return;
    if (object.heldBytes + chunk.length > HOLD_OBJECT_BYTES || heldTotal + chunk.length > HOLD_TOTAL_BYTES) {
      heldTotal -= object.heldBytes;
      object.held = null;
      object.heldBytes = 0;
      return;
    }
    object.held.push(chunk);
    object.heldBytes += chunk.length;
    heldTotal += chunk.length;
  };
  for await (const record of stepRecords(target.bucket, objects, firstOffset, counts)) {
    const bucketId = target.bucketer.bucketOf(record.timestamp);
    let object = making.get(bucketId);
    if (object === undefined) {
      const key = target.naming.dataKey(target.topic, target.partition, { first: firstOffset, last: lastOffset }, bucketId);
      const started: Made = { key, held: [], heldBytes: 0, body: undefined as unknown as CompactedBody };
      started.body = compactedBody(target.format, (chunk) => hold(started, chunk));
      making.set(bucketId, started);
      object = started;
    }
    await object.body.add(record);
  }
  const finished = new Map<string, Finished>();
  for (const [bucketId, object] of making) {
    const totals = await object.body.finish();
    finished.set(bucketId, { key: object.key, held: object.held, totals });
  }
  return finished;
}

/** Makes the objects whose bytes were not kept again, sending them as they are made, and checks they came out the same. */
async function secondPass(
  target: StepTarget,
  objects: readonly BatchObject[],
  firstOffset: bigint,
  made: Map<string, Finished>,
): Promise<void> {
  const remaking = new Map<string, { finished: Finished; body: CompactedBody }>();
  for (const [bucketId, finished] of made) {
    const upload = finished.upload;
    if (upload !== undefined) remaking.set(bucketId, { finished, body: compactedBody(target.format, (chunk) => upload.write(chunk)) });
  }
  const counts: ReadCounts = { objectsRead: 0, bytesIn: 0, duplicatesDropped: 0 };
  for await (const record of stepRecords(target.bucket, objects, firstOffset, counts)) {
    await remaking.get(target.bucketer.bucketOf(record.timestamp))?.body.add(record);
  }
  for (const { finished, body } of remaking.values()) {
    const totals = await body.finish();
    if (totals.md5Hex !== finished.totals.md5Hex || totals.records !== finished.totals.records) {
      throw new CompactionError(
        `${finished.key} came out different when made a second time (MD5 ${totals.md5Hex}, ${totals.records} records, not ` +
          `${finished.totals.md5Hex}, ${finished.totals.records}): a batch object of the step changed while it was read; nothing was stored, run again`,
      );
    }
  }
}
