/**
 * @module The sink's one job, in the order of the README's drawing: the trigger's payload in →
 * records → one object per topic-partition → OSS. FC's lifecycle (settings once per instance,
 * errors to log events) is lifecycle.ts's.
 */
import type { Env } from '../platform/fc';
import { resolveCredentials } from '../config/credentials';
import type { Settings } from '../config/settings';
import type { Logger } from '../log/logger';
import { jsonArrayFormat } from '../objects/json-array-format';
import { type ArchiveObject, ObjectAssembler } from '../objects/object-assembler';
import type { OssClients } from '../oss/oss-client';
import { formatOssFailure } from '../oss/oss-failure';
import { StoreError } from '../oss/store-error';
import { type StoreReport, storeObjects } from '../oss/store-objects';
import { readTriggerPayload } from '../payload/trigger-payload';
import type { BatchSummary } from './batch-summary';
import type { Invocation } from './invocation';

export interface SinkDeps {
  settings: Settings;
  clients: OssClients;
  /** The function's environment, where credentials may be set. */
  env: Env;
  /** Bound to the invocation's request id. */
  logger: Logger;
}

/** Objects put at the same time: a batch has one per topic-partition. */
const PUT_CONCURRENCY = 8;
const TRUNCATIONS_LISTED = 10;

/**
 * Archives one trigger batch: resolves with what was stored, or throws a PayloadError (nothing
 * written), a ConfigError, or a StoreError (some objects not stored: the trigger must deliver the
 * batch again).
 */
export async function archiveBatch(event: unknown, invocation: Invocation, deps: SinkDeps): Promise<BatchSummary> {
  const objects = assembleObjects(event, deps.settings);
  const report = objects.length === 0 ? { stored: [], failed: [], retries: 0 } : await store(objects, invocation, deps);
  logTruncations(deps.logger, objects, deps.settings.maxValueBytes);
  if (report.failed.length > 0) throw new StoreError(report);
  return summarize(objects, report, Date.now() - invocation.started);
}

/** payload → records → objects: the whole batch is checked before anything is written. */
function assembleObjects(event: unknown, settings: Settings): ArchiveObject[] {
  const assembler = new ObjectAssembler({ prefix: settings.prefix, maxValueBytes: settings.maxValueBytes, format: jsonArrayFormat });
  readTriggerPayload(event, (message) => assembler.add(message));
  return assembler.finish();
}

function store(objects: ArchiveObject[], invocation: Invocation, deps: SinkDeps): Promise<StoreReport> {
  const { settings, logger } = deps;
  return storeObjects(objects, {
    client: deps.clients.for(resolveCredentials(deps.env, invocation.credentials)),
    format: jsonArrayFormat,
    concurrency: PUT_CONCURRENCY,
    retry: {
      deadline: invocation.deadline,
      requestTimeoutMs: settings.requestTimeoutMs,
      minRequestTimeoutMs: Math.min(1000, settings.requestTimeoutMs),
      baseDelayMs: 200,
      maxDelayMs: 5000,
    },
    onRetry: (key, failure, delayMs) => logger.warn('retrying put', { key, failure: formatOssFailure(failure), delayMs }),
    onConflict: (conflict) =>
      logger.warn('object exists with other content', {
        ...conflict,
        message:
          `${conflict.key} already holds other records for the same offsets; it was left as it is and ` +
          `this batch was stored at ${conflict.conflictKey}. Compare the two: the usual cause is a ` +
          'change of MAX_VALUE_BYTES, or two sinks writing the same topic into one prefix.',
      }),
  });
}

function summarize(objects: ArchiveObject[], report: StoreReport, durationMs: number): BatchSummary {
  let records = 0;
  let truncatedValues = 0;
  let duplicateOffsets = 0;
  for (const object of objects) {
    records += object.records;
    duplicateOffsets += object.duplicateOffsets;
    truncatedValues += object.truncated.length;
  }
  const written = [...report.stored].sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    records,
    objects: objects.length,
    bytes: written.reduce((sum, object) => sum + object.bytes, 0),
    created: written.filter((object) => object.outcome === 'created').length,
    alreadyStored: written.filter((object) => object.outcome === 'already-stored').length,
    conflicts: written.filter((object) => object.conflictKey !== undefined).length,
    truncatedValues,
    duplicateOffsets,
    retries: report.retries,
    durationMs,
    written,
  };
}

function logTruncations(logger: Logger, objects: ArchiveObject[], maxValueBytes: number): void {
  const truncated = objects.flatMap((object) => object.truncated.map((record) => ({ object, record })));
  if (truncated.length === 0) return;
  logger.warn('values truncated', {
    count: truncated.length,
    maxValueBytes,
    records: truncated.slice(0, TRUNCATIONS_LISTED).map(({ object, record }) => ({
      object: object.key,
      topic: object.topic,
      partition: object.partition,
      offset: record.offset,
      valueSize: record.valueSize,
    })),
    hint: 'overflowFlag is true on these records; the whole value can be read back from Kafka by topic, partition and offset',
  });
}
