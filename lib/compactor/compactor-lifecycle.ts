/**
 * @module The compaction function as FC runs it, as the sink's lifecycle does: settings read once
 * per instance (in the initializer), each invocation's context read once, one log line per run,
 * and the one place that turns an error into its log event.
 */
import { ConfigError } from '../config/config-error';
import { type CompactorSettings, loadCompactorSettings } from '../config/compaction-settings';
import { createJsonLogger, type LogFields, type Logger } from '../log/logger';
import { Redactor } from '../log/redactor';
import { reportedError } from '../log/reported-error';
import { writeToStandardStreams } from '../log/standard-streams';
import { DEFAULT_TIMEOUT_SECONDS, type Env } from '../platform/fc';
import { readInvocation } from '../sink/invocation';
import type { FcFunction } from '../sink/lifecycle';
import { CompactionError } from './compaction-error';
import type { CompactionSummary } from './compaction-report';
import { compactArchive } from './compaction-run';
import { type CompactorDeps, compactorDeps } from './compactor-deps';
import { readTimerEvent } from './timer-event';

export function createCompactorFunction(env: Env = process.env): FcFunction {
  const redactor = new Redactor();
  redactor.add(env.OSS_ACCESS_KEY_SECRET, env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, env.ALIBABA_CLOUD_SECURITY_TOKEN);
  const logger = createJsonLogger(writeToStandardStreams, redactor);

  let configured: CompactorDeps | undefined;
  const configure = (): CompactorDeps => {
    if (configured === undefined) {
      configured = compactorDeps(loadCompactorSettings(env), env);
      logger.info('compactor configured', settingsFields(configured.settings));
    }
    return configured;
  };

  return {
    async initializer() {
      try {
        configure();
      } catch (error) {
        throw reported(error, logger, redactor);
      }
    },

    async handler(event, context = {}) {
      const invocation = readInvocation(context);
      const clock = { ...invocation, end: invocation.started + (context.function?.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000 };
      redactor.add(context.credentials?.accessKeySecret, context.credentials?.securityToken);
      const trigger = readTimerEvent(event);
      const log = logger.child({ requestId: invocation.requestId, ...trigger });
      let summary: CompactionSummary | undefined;
      try {
        summary = await compactArchive(clock, configure(), { triggerTime: trigger.triggerTime, triggerName: trigger.triggerName });
        const failed = summary.partitions.flatMap((partition) => (partition.error === undefined ? [] : [partition.error]));
        if (failed.length > 0) throw new CompactionError(failed);
        log.info('compaction done', countsOf(summary));
        return JSON.stringify(summary);
      } catch (error) {
        throw reported(error, log, redactor, summary === undefined ? {} : countsOf(summary));
      }
    },
  };
}

/** Which log event an error is: the one mapping of the compactor's error families. */
function failureEvent(error: unknown): string {
  if (error instanceof ConfigError) return 'compactor not configured';
  if (error instanceof CompactionError) return 'compaction stopped';
  return 'invocation failed';
}

function reported(error: unknown, logger: Logger, redactor: Redactor, fields: LogFields = {}): Error {
  return reportedError(error, logger, redactor, failureEvent(error), fields);
}

/** The summary without the lists of objects: the log line's fields. */
function countsOf(summary: CompactionSummary): LogFields {
  const { partitions, triggerTime: _time, triggerName: _name, ...counts } = summary;
  return {
    ...counts,
    partitions: partitions
      .filter((partition) => partition.steps > 0 || partition.state !== 'up to date' || partition.conflicts > 0)
      .map(({ written: _written, ...partition }) => partition),
  };
}

function settingsFields(settings: CompactorSettings): LogFields {
  const { sink, compaction } = settings;
  return {
    bucket: sink.bucket,
    region: sink.region,
    endpoint: sink.endpoint,
    prefix: sink.prefix,
    keyTemplate: sink.keyTemplate.text,
    timeZone: sink.timeZone,
    compactedPrefix: compaction.prefix,
    compactedFormat: compaction.format,
    compactedCompression: compaction.compression,
    compactedKeyTemplate: compaction.keyTemplate.text,
    targetBytes: compaction.targetBytes,
    minAgeSeconds: compaction.minAgeSeconds,
    deleteSources: compaction.deleteSources,
  };
}
