/**
 * @module A batch's objects into OSS, each topic-partition in the order that keeps every promise:
 * the archive's ranges for the batch's offsets are read first; a truncated value's whole object is
 * stored before the record that points at it; records already archived are not written again.
 * Objects of different topic-partitions are stored concurrently.
 */
import { createHash } from 'node:crypto';
import type { ObjectFormat } from '../objects/object-format';
import type { ObjectNaming, OffsetRange, RangeListing } from '../objects/object-naming';
import { type ArchivedRange, byBucket, type PartitionPlan, planPartition, rangeOf } from '../objects/object-plan';
import type { Entry } from '../objects/partition-batch';
import { listOverlapping, readArchived } from './archived-ranges';
import type { Bucket } from './bucket';
import { describeOssFailure, type OssFailure } from './oss-failure';
import { RetryExhausted } from './retry';

export type ObjectKind = 'records' | 'conflicts' | 'overflow' | 'errors' | 'index';

export interface StoredObject {
  key: string;
  kind: ObjectKind;
  records: number;
  bytes: number;
  /** `created` by this call, or `already-stored` by an earlier delivery of the batch. */
  outcome: 'created' | 'already-stored';
  /** Set when the key held other bytes: this object's bytes were kept here instead. */
  conflictKey?: string;
  /** Records whose value the object holds only a prefix of, with the whole value's size. */
  truncated?: Array<{ offset: bigint; valueSize: number }>;
}

export interface FailedObject {
  key: string;
  records: number;
  failure: OssFailure;
  attempts: number;
}

export interface StoreReport {
  stored: StoredObject[];
  failed: FailedObject[];
  /** Records not written because the archive already held them, with the same content. */
  alreadyArchived: number;
  /** Requests retried after a transient failure. */
  retries: number;
}

/** One topic-partition's records from the batch, in offset order. */
export interface PartitionRecords {
  topic: string;
  partition: number;
  entries: Entry[];
}

export interface StoreContext {
  bucket: Bucket;
  format: ObjectFormat;
  naming: ObjectNaming;
  /** Objects stored at the same time. */
  concurrency: number;
  /**
   * Called when the credentials may not list the archive, so a batch's archived ranges cannot be
   * looked up; the batch is then stored as if it overlapped nothing (exact redeliveries are still
   * recognised by their MD5).
   */
  onLookUpDenied(failure: OssFailure): void;
  /** Records were kept in `_conflicts/` because their offsets (or `key`) already held other content. */
  onConflict(conflict: { topic: string; partition: number; records: number; key: string; keptAt: string }): void;
}

export async function storeBatch(
  partitions: readonly PartitionRecords[],
  errors: { key: string; body: Buffer; elements: number } | undefined,
  context: StoreContext,
): Promise<StoreReport> {
  const report: StoreReport = { stored: [], failed: [], alreadyArchived: 0, retries: 0 };
  const limit = limiter(context.concurrency);
  const work = partitions.map((partition) => storePartition(partition, context, report, limit));
  if (errors !== undefined) {
    work.push(limit(() => storeErrors(errors, context, report)));
  }
  await Promise.all(work);
  report.stored.sort((a, b) => (a.key < b.key ? -1 : 1));
  report.retries = context.bucket.retries;
  return report;
}

/** Elements that are not Kafka messages, kept whole; named by their content, so a redelivery finds them. */
async function storeErrors(
  errors: { key: string; body: Buffer; elements: number },
  context: StoreContext,
  report: StoreReport,
): Promise<void> {
  try {
    const stored = await context.bucket.store(errors.key, [errors.body], 'application/json; charset=utf-8');
    if (stored.outcome.kind === 'conflict') throw new Error(`${errors.key} holds other bytes than its MD5 name says`);
    report.stored.push({ key: errors.key, kind: 'errors', records: errors.elements, bytes: stored.size, outcome: stored.outcome.kind });
  } catch (error) {
    report.failed.push(failure(errors.key, errors.elements, error));
  }
}

async function storePartition(records: PartitionRecords, context: StoreContext, report: StoreReport, limit: Limit): Promise<void> {
  const { topic, partition } = records;
  const { naming, format } = context;
  const looked = await lookUpAndPlan(records, context, report, limit);
  if (looked === undefined) return;
  const { plan, found } = looked;
  for (const [{ key, size }, count] of plan.alreadyArchived) {
    report.alreadyArchived += count;
    report.stored.push({ key, kind: 'records', records: count, bytes: size, outcome: 'already-stored' });
  }

  // A record with overflowFlag never exists without its whole value: spills go first.
  const spilled = [...plan.runs.flat(), ...plan.conflicts].filter((entry) => entry.spill !== undefined);
  const spills = await Promise.all(spilled.map((entry) => limit(() => storeSpill(entry, records, context, report))));
  const groups = plan.runs.map((run) =>
    byBucket(run).map((group) => ({ key: naming.dataKey(topic, partition, rangeOf(group), group[0]?.bucket), entries: group })),
  );
  if (spills.includes(false)) {
    for (const { key, entries: group } of groups.flat()) report.failed.push(notAttempted(key, group.length));
    return;
  }

  const owner = (range: OffsetRange) => ({ topic, partition, range });
  const listing = naming.rangeListing(topic, partition);
  const byRun = await Promise.all(
    plan.runs.map(async (run, i) => {
      const stored = await Promise.all(
        (groups[i] ?? []).map(({ key, entries: group }) =>
          limit(async () =>
            put({ key, kind: 'records', entries: group, body: await format.body(group) }, owner(rangeOf(group)), context, report),
          ),
        ),
      );
      // An index entry is written only once every object of its run is stored, so it never names a missing object.
      if (listing.indexed && !naming.listsByBucket && !stored.includes(undefined)) {
        await limit(() => storeIndex(naming.indexKey(topic, partition, rangeOf(run)), stored as string[], run.length, context, report));
      }
      return (groups[i] ?? []).map(({ key, entries: group }, j) => ({ key, ...rangeOf(group), stored: stored[j] === key }));
    }),
  );
  if (naming.listsByBucket) {
    const written = byRun.flat();
    // One entry for what this batch holds of the partition: the objects written now, and those it
    // found archived (which names any a crashed delivery left without an entry), so that compaction finds them all.
    const named = [...written.filter((object) => object.stored), ...found];
    if (written.every((object) => object.stored) && named.length > 0) {
      const keys = [...new Set(named.map((object) => object.key))].sort();
      const span = { first: min(named.map((o) => o.first)), last: max(named.map((o) => o.last)) };
      await limit(() => storeIndex(naming.indexKey(topic, partition, span), keys, records.entries.length, context, report));
    }
  }
  if (plan.conflicts.length > 0) {
    await limit(async () => {
      const range = rangeOf(plan.conflicts);
      const body = await format.body(plan.conflicts);
      const keptAt = naming.conflictKey(topic, partition, range, md5Hex(body));
      const stored = await put({ key: keptAt, kind: 'conflicts', entries: plan.conflicts, body }, owner(range), context, report);
      if (stored) context.onConflict({ topic, partition, records: plan.conflicts.length, key: naming.home(topic, partition), keptAt });
    });
  }
}

/**
 * What the archive already holds for the partition's offsets, and the plan that follows. With time
 * folders before the offsets, each time bucket of the batch is looked up and planned in its own
 * folder (see ObjectNaming.listsByBucket); otherwise the partition's ranges are listed once.
 * Undefined when the look-up failed (the failure is reported).
 */
async function lookUpAndPlan(
  records: PartitionRecords,
  context: StoreContext,
  report: StoreReport,
  limit: Limit,
): Promise<{ plan: PartitionPlan; found: ArchivedRange[] } | undefined> {
  const { topic, partition, entries } = records;
  const { naming } = context;
  // Only a refused listing lets the batch be stored without looking (credentials without
  // oss:ListObjects). Objects the listing found overlap the batch: one that cannot be read fails
  // the partition, to be delivered again, since storing blind would archive its offsets twice.
  const lookUp = async (listing: RangeListing, range: OffsetRange, folder: boolean): Promise<ArchivedRange[] | undefined> => {
    let found: Awaited<ReturnType<typeof listOverlapping>>;
    try {
      found = await limit(() => listOverlapping(context.bucket, listing, range, folder));
    } catch (error) {
      const failed = failure(listing.prefix, entries.length, error);
      if (failed.failure.code !== 'AccessDenied') {
        report.failed.push(failed);
        return undefined;
      }
      context.onLookUpDenied(failed.failure);
      return [];
    }
    try {
      return await limit(() => readArchived(context.bucket, listing, range, found));
    } catch (error) {
      report.failed.push(failure(listing.prefix, entries.length, error));
      return undefined;
    }
  };
  if (!naming.listsByBucket) {
    const archived = await lookUp(naming.rangeListing(topic, partition), rangeOf(entries), false);
    return archived && { plan: planPartition(entries, archived), found: [] };
  }
  const buckets = byBucket(entries);
  const looked = await Promise.all(
    buckets.map((group) => lookUp(naming.bucketListing(topic, partition, group[0]?.bucket ?? '') as RangeListing, rangeOf(group), true)),
  );
  if (looked.includes(undefined)) return undefined;
  const plan: PartitionPlan = { alreadyArchived: new Map(), runs: [], conflicts: [] };
  buckets.forEach((group, i) => {
    const part = planPartition(group, looked[i] as ArchivedRange[]);
    for (const [range, count] of part.alreadyArchived) plan.alreadyArchived.set(range, count);
    plan.runs.push(...part.runs);
    plan.conflicts.push(...part.conflicts);
  });
  plan.conflicts.sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
  return { plan, found: looked.flat() as ArchivedRange[] };
}

const min = (values: bigint[]) => values.reduce((a, b) => (b < a ? b : a));
const max = (values: bigint[]) => values.reduce((a, b) => (b > a ? b : a));

/** The `_index/` entry of a stored run: the objects that hold it, so a later batch can find and read them. */
async function storeIndex(key: string, objects: string[], records: number, context: StoreContext, report: StoreReport): Promise<void> {
  try {
    const stored = await context.bucket.store(key, [Buffer.from(JSON.stringify({ objects }))], 'application/json; charset=utf-8');
    let outcome = stored.outcome.kind;
    if (outcome === 'conflict') {
      // An entry written earlier for the same range (perhaps listing its objects in another order) will do if it names them all.
      const earlier = (JSON.parse((await context.bucket.get(key)).toString('utf8')) as { objects?: unknown }).objects;
      const named = new Set(Array.isArray(earlier) ? earlier : []);
      if (!objects.every((object) => named.has(object))) {
        throw new Error(`${key} names other objects: another writer stored the same offsets`);
      }
      outcome = 'already-stored';
    }
    report.stored.push({ key, kind: 'index', records, bytes: stored.size, outcome });
  } catch (error) {
    report.failed.push(failure(key, records, error));
  }
}

/** Stores an entry's whole value; on a clash with other bytes, beside it under its MD5. Points the record at where it went. */
async function storeSpill(entry: Entry, records: PartitionRecords, context: StoreContext, report: StoreReport): Promise<boolean> {
  const { naming, bucket } = context;
  const key = naming.overflowKey(records.topic, records.partition, entry.offset);
  const body = [entry.spill as Buffer];
  try {
    let stored = await bucket.store(key, body, OCTETS);
    let keptAt: string | undefined;
    if (stored.outcome.kind === 'conflict') {
      keptAt = naming.overflowKey(records.topic, records.partition, entry.offset, stored.md5Hex);
      stored = await bucket.store(keptAt, body, OCTETS);
      if (stored.outcome.kind === 'conflict') throw new Error(`${keptAt} holds other bytes than its MD5 name says`);
      if (entry.record) entry.record.overflowKey = keptAt;
    }
    report.stored.push({
      key,
      kind: 'overflow',
      records: 1,
      bytes: stored.size,
      outcome: stored.outcome.kind,
      ...(keptAt ? { conflictKey: keptAt } : {}),
    });
    return true;
  } catch (error) {
    report.failed.push(failure(key, 1, error));
    return false;
  }
}

const OCTETS = 'application/octet-stream';

/**
 * Puts a records (or conflicts) object once. A key already holding other bytes (a race with
 * another writer, or ranges that could not be looked up) is never overwritten: the object goes to
 * `_conflicts/`, named by its MD5, instead. Returns where it was stored, or undefined on failure.
 */
async function put(
  object: { key: string; kind: 'records' | 'conflicts'; entries: readonly Entry[]; body: Buffer[] },
  owner: { topic: string; partition: number; range: OffsetRange },
  context: StoreContext,
  report: StoreReport,
): Promise<string | undefined> {
  const { bucket, naming, format } = context;
  const records = object.entries.length;
  try {
    let stored = await bucket.store(object.key, object.body, format.contentType);
    let keptAt: string | undefined;
    if (stored.outcome.kind === 'conflict') {
      if (object.kind === 'conflicts') throw new Error(`${object.key} holds other bytes than its MD5 name says`);
      keptAt = naming.conflictKey(owner.topic, owner.partition, owner.range, stored.md5Hex);
      stored = await bucket.store(keptAt, object.body, format.contentType);
      if (stored.outcome.kind === 'conflict') throw new Error(`${keptAt} holds other bytes than its MD5 name says`);
      context.onConflict({ ...owner, records, key: object.key, keptAt });
    }
    report.stored.push({
      key: object.key,
      kind: object.kind,
      records,
      bytes: stored.size,
      outcome: stored.outcome.kind,
      ...(keptAt === undefined ? {} : { conflictKey: keptAt }),
      ...truncatedIn(object.entries),
    });
    return keptAt ?? object.key;
  } catch (error) {
    report.failed.push(failure(object.key, records, error));
    return undefined;
  }
}

function truncatedIn(entries: readonly Entry[]): { truncated?: Array<{ offset: bigint; valueSize: number }> } {
  const truncated = entries.flatMap((entry) =>
    entry.truncatedFrom === undefined ? [] : [{ offset: entry.offset, valueSize: entry.truncatedFrom }],
  );
  return truncated.length === 0 ? {} : { truncated };
}

function notAttempted(key: string, records: number): FailedObject {
  return {
    key,
    records,
    failure: {
      transient: false,
      code: 'NotAttempted',
      message: 'not written, because the whole value of one of its records could not be stored first',
    },
    attempts: 0,
  };
}

function failure(key: string, records: number, error: unknown): FailedObject {
  if (error instanceof RetryExhausted) return { key, records, failure: error.failure, attempts: error.attempts };
  return { key, records, failure: { ...describeOssFailure(error), transient: false }, attempts: 1 };
}

function md5Hex(body: readonly Buffer[]): string {
  const hash = createHash('md5');
  for (const part of body) hash.update(part);
  return hash.digest('hex');
}

type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `concurrency` tasks at a time, in the order they were asked for. */
function limiter(concurrency: number): Limit {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
