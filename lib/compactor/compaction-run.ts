/**
 * @module One run of the compaction function: every topic-partition under OSS_PREFIX, a step at a
 * time in turn (so a partition with a long backlog does not starve the others), until each is up
 * to date or the invocation's time runs short. No step starts when too little time is left for
 * it; a step cut short by the deadline leaves its plan pending for the next run.
 */
import { resolveCredentials } from '../config/credentials';
import { formatOssFailure } from '../oss/oss-failure';
import { ossRetryPolicy, RetryExhausted } from '../oss/retry';
import type { Invocation } from '../sink/invocation';
import { CompactionBucket } from './compaction-bucket';
import { CompactionError } from './compaction-error';
import { type CompactionSummary, totalsOf } from './compaction-report';
import type { CompactorDeps } from './compactor-deps';
import { discoverPartitions } from './partition-discovery';
import { PartitionCompaction } from './partition-compaction';
import type { StepLimits } from './step-plan';

export interface RunClock extends Invocation {
  /** When FC stops the function (epoch ms): aborting abandoned uploads may go on until a little before. */
  end: number;
}

/** Batch-object bytes per compacted byte, when compaction compresses what the sink did not (JSON text shrinks about that much). */
const COMPRESSION_GAIN = 4;
/** A step must fit in one invocation: at least this many seconds of it per source object, and per MiB of them. */
const SECONDS_PER_SOURCE = 0.1;
const SECONDS_PER_MIB = 0.5;
const STEP_SOURCES = { min: 500, max: 5000 };
const MIN_STEP_BUDGET_BYTES = 64 * 1024 * 1024;

export async function compactArchive(
  clock: RunClock,
  deps: CompactorDeps,
  trigger: { triggerTime?: string; triggerName?: string },
): Promise<CompactionSummary> {
  const bucket = openBucket(clock, deps);
  const sinkPrefix = deps.settings.sink.prefix;
  let found: Awaited<ReturnType<typeof discoverPartitions>>;
  try {
    found = await discoverPartitions(bucket, sinkPrefix);
  } catch (error) {
    throw new CompactionError(`the partitions under ${sinkPrefix || 'the bucket root'} could not be listed: ${describe(error)}`, {
      cause: error,
    });
  }
  const partitions = found.map((at) => new PartitionCompaction(at, bucket, deps));
  const limits = stepLimits(clock, deps);
  let active = [...partitions];
  let stoppedAtDeadline = false;
  let cutShort: string | undefined;
  let longestStepMs = 0;
  while (active.length > 0 && !stoppedAtDeadline) {
    const next: PartitionCompaction[] = [];
    for (const partition of active) {
      if (!roomForStep(clock, longestStepMs)) {
        stoppedAtDeadline = true;
        break;
      }
      const started = Date.now();
      try {
        if (await partition.step(limits)) next.push(partition);
      } catch (error) {
        if (isDeadline(error)) {
          stoppedAtDeadline = true;
          cutShort = `${partition.at.topic}/${partition.at.partition}: ${describe(error)}`;
          break;
        }
        partition.fail(`${partition.at.topic}/${partition.at.partition}: ${describe(error)}`);
      }
      longestStepMs = Math.max(longestStepMs, Date.now() - started);
    }
    active = next;
  }
  const reports = partitions.map((partition) => partition.report);
  return {
    ...trigger,
    partitions: reports,
    totals: totalsOf(reports),
    stoppedAtDeadline,
    ...(cutShort === undefined ? {} : { cutShort }),
    requests: { ...bucket.requests },
    retries: bucket.retries,
    durationMs: Date.now() - clock.started,
  };
}

function openBucket(clock: RunClock, deps: CompactorDeps): CompactionBucket {
  const { sink } = deps.settings;
  const client = deps.clients.for(resolveCredentials(deps.env, clock.credentials));
  const retry = ossRetryPolicy(clock.deadline, sink.requestTimeoutMs);
  // Aborting an upload is quick and saves storage: it may use the margin kept for reporting.
  const cleanup = { ...retry, deadline: clock.end - 100, minRequestTimeoutMs: Math.min(100, sink.requestTimeoutMs) };
  return new CompactionBucket(client, retry, cleanup);
}

/** How much a new step may take on, from the settings and the function's timeout alone, so every run plans alike. */
function stepLimits(clock: RunClock, deps: CompactorDeps): () => StepLimits {
  const { sink, compaction } = deps.settings;
  const seconds = (clock.end - clock.started) / 1000;
  const sourceCompressed = sink.outputFormat === 'parquet' || sink.compression !== 'none';
  const compactedCompressed = compaction.format === 'parquet' || compaction.compression !== 'none';
  const gain = sourceCompressed === compactedCompressed ? 1 : compactedCompressed ? COMPRESSION_GAIN : 1 / COMPRESSION_GAIN;
  const budgetBytes = Math.min(compaction.targetBytes * gain, Math.max(MIN_STEP_BUDGET_BYTES, (seconds / SECONDS_PER_MIB) * 1024 * 1024));
  const maxSources = Math.min(STEP_SOURCES.max, Math.max(STEP_SOURCES.min, Math.floor(seconds / SECONDS_PER_SOURCE)));
  return () => ({ budgetBytes, maxSources, minAgeMs: compaction.minAgeSeconds * 1000, now: Date.now() });
}

/** Room for a step: half again the longest step so far, and at least a fifth of the invocation (at most 10 s). */
function roomForStep(clock: RunClock, longestStepMs: number): boolean {
  const reserve = Math.max(1.5 * longestStepMs, Math.min(10_000, (clock.end - clock.started) / 5));
  return clock.deadline - Date.now() >= reserve;
}

/** A transient failure is retried until the deadline, so one that comes back means the time ran out. */
function isDeadline(error: unknown): boolean {
  return error instanceof RetryExhausted && (error.failure.code === 'DeadlineReached' || error.failure.transient);
}

function describe(error: unknown): string {
  if (error instanceof RetryExhausted) return `${formatOssFailure(error.failure)}${advice(error.failure.code)}`;
  if (error instanceof CompactionError) return error.problems.join('; ');
  return error instanceof Error ? error.message : String(error);
}

function advice(code: string): string {
  if (code === 'AccessDenied') {
    return ' (grant the function oss:ListObjects, oss:GetObject and oss:PutObject on the bucket, oss:AbortMultipartUpload, and oss:DeleteObject when DELETE_COMPACTED_SOURCES=true)';
  }
  if (code === 'NoSuchBucket') return ' (check OSS_BUCKET and OSS_REGION)';
  return '';
}
