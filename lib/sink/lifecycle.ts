/**
 * @module The sink as FC runs it: settings read once per instance (in the initializer), each
 * invocation's context read once, and the one place that turns an error into its log event.
 */
import { ConfigError } from '../config/config-error';
import type { Env } from '../platform/fc';
import { loadSettings } from '../config/settings';
import { createJsonLogger, type Logger } from '../log/logger';
import { Redactor } from '../log/redactor';
import { reportedError } from '../log/reported-error';
import { writeToStandardStreams } from '../log/standard-streams';
import { StoreError } from '../oss/store-error';
import { PayloadError } from '../payload/payload-error';
import type { FcContext } from '../platform/fc';
import { archiveBatch } from './archive-batch';
import type { BatchCounts, BatchSummary } from './batch-summary';
import { readInvocation } from './invocation';
import { type SinkDeps, sinkDeps } from './sink-deps';

/** What FC calls: `exports.initializer` once per instance, `exports.handler` per batch. */
export interface FcFunction {
  initializer(context?: FcContext): Promise<void>;
  handler(event: unknown, context?: FcContext): Promise<string>;
}

export function createSinkFunction(env: Env = process.env): FcFunction {
  const redactor = new Redactor();
  redactor.add(env.OSS_ACCESS_KEY_SECRET, env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, env.ALIBABA_CLOUD_SECURITY_TOKEN);
  const logger = createJsonLogger(writeToStandardStreams, redactor);

  let configured: Omit<SinkDeps, 'logger'> | undefined;
  const configure = (log: Logger = logger): Omit<SinkDeps, 'logger'> => {
    if (configured === undefined) {
      configured = sinkDeps(loadSettings(env), env);
      const { keyTemplate, ...settings } = configured.settings;
      log.info('sink configured', { ...settings, keyTemplate: keyTemplate.text });
    }
    return configured;
  };

  return {
    async initializer(context = {}) {
      const log = logger.child({ requestId: context.requestId });
      try {
        configure(log);
      } catch (error) {
        throw reported(error, log, redactor);
      }
    },

    async handler(event, context = {}) {
      const invocation = readInvocation(context);
      redactor.add(context.credentials?.accessKeySecret, context.credentials?.securityToken);
      const log = logger.child({ requestId: invocation.requestId });
      try {
        const summary = await archiveBatch(event, invocation, { ...configure(), logger: log });
        log.info('batch stored', countsOf(summary));
        return JSON.stringify(summary);
      } catch (error) {
        throw reported(error, log, redactor);
      }
    },
  };
}

/** Which log event an error is: the one mapping of the sink's error families. */
function failureEvent(error: unknown): string {
  if (error instanceof ConfigError) return 'sink not configured';
  if (error instanceof PayloadError) return 'batch rejected';
  if (error instanceof StoreError) return 'batch not stored';
  return 'invocation failed';
}

/** The error logged as its event, with what was stored for a StoreError, and returned for FC to report. */
function reported(error: unknown, logger: Logger, redactor: Redactor): Error {
  const fields =
    error instanceof StoreError
      ? { stored: error.report.stored.length, notStored: error.report.failed.length, retries: error.report.retries }
      : {};
  return reportedError(error, logger, redactor, failureEvent(error), fields);
}

function countsOf(summary: BatchSummary): BatchCounts {
  const { written: _written, ...counts } = summary;
  return counts;
}
