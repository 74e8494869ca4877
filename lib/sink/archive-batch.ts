/**
 * @module The sink's one job, in the order of the README's drawing: the trigger's payload in →
 * records → objects per topic-partition → OSS. FC's lifecycle (settings once per instance, errors
 * to log events) is lifecycle.ts's.
 */
import { resolveCredentials } from '../config/credentials';
import type { Logger } from '../log/logger';
import { BatchAssembler } from '../objects/batch-assembler';
import { type ErrorObject, errorObject } from '../objects/error-object';
import { Bucket } from '../oss/bucket';
import { formatOssFailure } from '../oss/oss-failure';
import { ossRetryPolicy } from '../oss/retry';
import { StoreError } from '../oss/store-error';
import { type PartitionRecords, type StoreReport, storeBatch } from '../oss/store-objects';
import { PayloadError } from '../payload/payload-error';
import { type RejectedElement, readTriggerPayload } from '../payload/trigger-payload';
import type { BatchSummary } from './batch-summary';
import type { Invocation } from './invocation';
import type { SinkDeps } from './sink-deps';

/** Objects put at the same time: a batch has one per topic-partition, and overflow objects. */
const PUT_CONCURRENCY = 8;
const LISTED = 10;
/** Remembered by the instance, so that a refused listing is explained once; every batch still tries (a refusal may pass). */
const LOOK_UP_DENIED = 'look-up denied';

interface ReadBatch {
  partitions: PartitionRecords[];
  rejected: RejectedElement[];
  duplicateOffsets: number;
}

/**
 * Archives one trigger batch: resolves with what was stored, or throws a PayloadError (nothing
 * written), a ConfigError, or a StoreError (some objects not stored: the trigger must deliver the
 * batch again).
 */
export async function archiveBatch(event: unknown, invocation: Invocation, deps: SinkDeps): Promise<BatchSummary> {
  const batch = readBatch(event, deps);
  if (batch.rejected.length > 0 && deps.settings.failurePolicy === 'stop') throw new PayloadError(problemsOf(batch.rejected));
  const errors = errorObject(batch.rejected, deps.naming);
  const bucket = openBucket(invocation, deps);
  const report = await storeBatch(batch.partitions, errors, {
    bucket,
    format: deps.format,
    naming: deps.naming,
    concurrency: PUT_CONCURRENCY,
    onLookUpDenied: (failure) => {
      if (deps.warned.has(LOOK_UP_DENIED)) return;
      deps.warned.add(LOOK_UP_DENIED);
      deps.logger.warn('archived ranges not looked up', {
        failure: formatOssFailure(failure),
        message:
          'The credentials may not list the bucket (oss:ListObjects), so a batch redelivered with new boundaries can archive offsets twice. ' +
          'Grant oss:ListObjects on the bucket, with the prefix as condition (see the README); while listing is refused, ' +
          'batches are stored without looking (each batch tries again; this is said once per instance).',
      });
    },
    onConflict: (conflict) =>
      deps.logger.warn('records kept apart', {
        ...conflict,
        message:
          `${conflict.records} record(s) of ${conflict.topic}/${conflict.partition} were already archived with other content ` +
          `(${conflict.key}); that was left as it is and these were stored at ${conflict.keptAt}. Compare the two: the usual causes ` +
          'are a change of MAX_VALUE_BYTES or RECORD_FORMAT, a topic deleted and created again, or two sinks writing one prefix.',
      }),
  });
  logSetAside(deps.logger, report, errors, batch.rejected);
  if (report.failed.length > 0) throw new StoreError(report);
  return summarize(batch, report, bucket, Date.now() - invocation.started);
}

/** payload → records → topic-partitions: the whole batch is read before anything is written. */
function readBatch(event: unknown, deps: SinkDeps): ReadBatch {
  const { settings } = deps;
  const assembler = new BatchAssembler({
    maxValueBytes: settings.maxValueBytes,
    recordFormat: settings.recordFormat,
    overflow: settings.overflow,
    keepRecords: settings.outputFormat === 'parquet',
    naming: deps.naming,
    bucketOf: deps.bucketOf,
  });
  const rejected: RejectedElement[] = [];
  readTriggerPayload(
    event,
    { valueDataType: settings.valueDataType },
    { onMessage: (message) => assembler.add(message), onRejected: (element) => rejected.push(element) },
  );
  let duplicateOffsets = 0;
  const partitions = assembler.finish().map((partition) => {
    const sorted = partition.sorted();
    duplicateOffsets += sorted.duplicateOffsets;
    return { topic: partition.topic, partition: partition.partition, entries: sorted.entries };
  });
  return { partitions, rejected, duplicateOffsets };
}

function openBucket(invocation: Invocation, deps: SinkDeps): Bucket {
  const { settings, logger } = deps;
  const client = deps.clients.for(resolveCredentials(deps.env, invocation.credentials));
  const retry = ossRetryPolicy(invocation.deadline, settings.requestTimeoutMs);
  return new Bucket(client, retry, (what, failure, delayMs) =>
    logger.warn('retrying', { request: what, failure: formatOssFailure(failure), delayMs }),
  );
}

function problemsOf(rejected: readonly RejectedElement[]): string[] {
  return rejected.flatMap((element) => element.problems);
}

function summarize(batch: ReadBatch, report: StoreReport, bucket: Bucket, durationMs: number): BatchSummary {
  const written = report.stored;
  const recordObjects = written.filter((object) => object.kind === 'records' || object.kind === 'conflicts');
  return {
    records: batch.partitions.reduce((sum, partition) => sum + partition.entries.length, 0),
    objects: recordObjects.length,
    bytes: written.filter((object) => object.outcome === 'created').reduce((sum, object) => sum + object.bytes, 0),
    created: recordObjects.filter((object) => object.outcome === 'created').length,
    alreadyStored: recordObjects.filter((object) => object.outcome === 'already-stored').length,
    conflicts: written.filter((object) => object.kind === 'conflicts' || (object.kind === 'records' && object.conflictKey !== undefined))
      .length,
    alreadyArchivedRecords: report.alreadyArchived,
    truncatedValues: recordObjects.reduce((sum, object) => sum + (object.truncated?.length ?? 0), 0),
    spilledValues: written.filter((object) => object.kind === 'overflow').length,
    rejectedElements: batch.rejected.length,
    duplicateOffsets: batch.duplicateOffsets,
    retries: report.retries,
    requests: { ...bucket.requests },
    durationMs,
    written: written.map(({ truncated: _truncated, ...object }) => object),
  };
}

/** Warnings for what was set aside: truncated values (and where their whole values went) and rejected elements. */
function logSetAside(logger: Logger, report: StoreReport, errors: ErrorObject | undefined, rejected: readonly RejectedElement[]): void {
  const truncated = report.stored.flatMap((object) => (object.truncated ?? []).map((record) => ({ object: object.key, ...record })));
  if (truncated.length > 0) {
    const spilled = report.stored.filter((object) => object.kind === 'overflow').length;
    const notSpilled = truncated.length - spilled;
    logger.warn('values truncated', {
      count: truncated.length,
      spilled,
      records: truncated.slice(0, LISTED),
      message:
        `${truncated.length} record(s) hold only a prefix of their value (overflowFlag true); ${spilled} whole value(s) are stored under _overflow/` +
        (notSpilled > 0 ? `, ${notSpilled} not (OVERFLOW=truncate, or the value was truncated before it reached the sink)` : ''),
    });
  }
  if (errors !== undefined) {
    logger.warn('elements set aside', {
      count: rejected.length,
      key: errors.key,
      problems: new PayloadError(problemsOf(rejected)).problems,
      message: `${rejected.length} element(s) of the batch are not Kafka messages; they were stored whole in ${errors.key}, and the rest of the batch was archived`,
    });
  }
}
