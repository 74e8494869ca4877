import { resolveCredentials } from '../config/credentials';
import { loadSettings, type Settings } from '../config/settings';
import { createJsonLogger, Redactor, type Logger, type LogLevel } from '../log/logger';
import { ObjectAssembler, type ArchiveObject } from '../objects/object-assembler';
import { jsonArrayFormat } from '../objects/json-array-format';
import { OssClients } from '../oss/oss-client';
import { formatOssFailure } from '../oss/oss-failure';
import { StoreError, storeObjects, type StoreReport } from '../oss/store-objects';
import { readTriggerPayload } from '../payload/trigger-payload';
import type { FcContext } from './fc-context';

/** What one invocation did; the handler resolves with it as JSON. */
export interface BatchSummary {
  records: number;
  objects: number;
  bytes: number;
  created: number;
  alreadyStored: number;
  conflicts: number;
  truncatedValues: number;
  duplicateOffsets: number;
  retries: number;
  durationMs: number;
  written: Array<{ key: string; records: number; bytes: number; outcome: string; conflictKey?: string }>;
}

export interface OssSink {
  initializer(context?: FcContext): Promise<void>;
  handler(event: unknown, context?: FcContext): Promise<string>;
}

const DEFAULT_TIMEOUT_SECONDS = 60;
/** Objects put at the same time: a batch has one per topic-partition. */
const PUT_CONCURRENCY = 8;
const TRUNCATIONS_LISTED = 10;

/**
 * The function: a trigger batch in, one object per topic-partition stored in OSS, or a rejection
 * that makes the trigger deliver the batch again. Settings are read once per instance.
 */
export function createOssSink(env: Record<string, string | undefined> = process.env): OssSink {
  const redactor = new Redactor();
  const logger = createJsonLogger(consoleWrite, redactor);
  redactor.add(env.OSS_ACCESS_KEY_SECRET, env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, env.ALIBABA_CLOUD_SECURITY_TOKEN);

  let state: { settings: Settings; clients: OssClients } | undefined;
  const ready = () => {
    if (!state) {
      const settings = loadSettings(env);
      state = { settings, clients: new OssClients(settings) };
      const { bucket, region, endpoint, prefix, maxValueBytes, signatureVersion } = settings;
      logger.info('sink configured', { bucket, region, endpoint, prefix, maxValueBytes, signatureVersion });
    }
    return state;
  };

  const fail = (event: string, error: unknown, fields: Record<string, unknown>): never => {
    const err = error as Error;
    err.message = redactor.redact(err.message);
    logger.error(event, { ...fields, error: err.name, message: err.message });
    throw err;
  };

  return {
    async initializer() {
      try {
        ready();
      } catch (error) {
        fail('sink not configured', error, {});
      }
    },

    async handler(event, context = {}) {
      const started = Date.now();
      const requestId = context.requestId;
      redactor.add(context.credentials?.accessKeySecret, context.credentials?.securityToken);

      let settings: Settings;
      let clients: OssClients;
      try {
        ({ settings, clients } = ready());
      } catch (error) {
        return fail('sink not configured', error, { requestId });
      }

      let objects: ArchiveObject[];
      try {
        const assembler = new ObjectAssembler({ prefix: settings.prefix, maxValueBytes: settings.maxValueBytes, format: jsonArrayFormat });
        readTriggerPayload(event, (message) => assembler.add(message));
        objects = assembler.finish();
      } catch (error) {
        return fail('batch rejected', error, { requestId });
      }

      let report: StoreReport = { stored: [], failed: [], retries: 0 };
      if (objects.length > 0) {
        let credentials;
        try {
          credentials = resolveCredentials(env, context.credentials);
        } catch (error) {
          return fail('sink not configured', error, { requestId });
        }
        const timeoutMs = (context.function?.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
        report = await storeObjects(objects, {
          client: clients.for(credentials),
          format: jsonArrayFormat,
          concurrency: PUT_CONCURRENCY,
          retry: {
            // Leave time to report before FC stops the invocation.
            deadline: started + timeoutMs - Math.min(3000, timeoutMs / 10),
            requestTimeoutMs: settings.requestTimeoutMs,
            minRequestTimeoutMs: Math.min(1000, settings.requestTimeoutMs),
            baseDelayMs: 200,
            maxDelayMs: 5000,
          },
          onRetry: (key, failure, delayMs) =>
            logger.warn('retrying put', { requestId, key, failure: formatOssFailure(failure), delayMs }),
          onConflict: (conflict) =>
            logger.warn('object exists with other content', {
              requestId,
              ...conflict,
              message:
                `${conflict.key} already holds other records for the same offsets; it was left as it is and ` +
                `this batch was stored at ${conflict.conflictKey}. Compare the two: the usual cause is a ` +
                'change of MAX_VALUE_BYTES, or two sinks writing the same topic into one prefix.',
            }),
        });
      }

      const summary = summarize(objects, report, Date.now() - started);
      logTruncations(logger, requestId, objects, settings.maxValueBytes);
      if (report.failed.length > 0) {
        return fail('batch not stored', new StoreError(report), { requestId, ...countsOf(summary) });
      }
      logger.info('batch stored', { requestId, ...countsOf(summary) });
      return JSON.stringify(summary);
    },
  };
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
  const stored = [...report.stored].sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    records,
    objects: objects.length,
    bytes: stored.reduce((sum, object) => sum + object.bytes, 0),
    created: stored.filter((object) => object.outcome === 'created').length,
    alreadyStored: stored.filter((object) => object.outcome === 'already-stored').length,
    conflicts: stored.filter((object) => object.conflictKey !== undefined).length,
    truncatedValues,
    duplicateOffsets,
    retries: report.retries,
    durationMs,
    written: stored,
  };
}

function countsOf(summary: BatchSummary): Omit<BatchSummary, 'written'> {
  const { written: _written, ...counts } = summary;
  return counts;
}

function logTruncations(logger: Logger, requestId: string | undefined, objects: ArchiveObject[], maxValueBytes: number): void {
  const truncated = objects.flatMap((object) => object.truncated.map((record) => ({ object, record })));
  if (truncated.length === 0) return;
  logger.warn('values truncated', {
    requestId,
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

function consoleWrite(level: LogLevel, line: string): void {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
