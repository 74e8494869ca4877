/**
 * @module Peak memory and handler time against the size of the batch, up to the trigger's 32 MiB:
 * which MEMORY_SIZE a batch size needs. Each size runs in a fresh process (the peak of a process
 * only grows), which loads the bundle as FC does, warms up with a small batch, then handles three
 * batches of that size one after the other, as an instance does, each read from a file so that
 * making it adds nothing to the peak. Time is their median, memory the peak over all three.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MAX_SYNC_EVENT_BYTES, MEMORY_MB } from '../../lib/platform/fc';
import { startFcInstance } from '../../tools/fc-runner/fc-instance';
import { LOCAL_DEV_CREDENTIAL } from '../../tools/oss-emulator';
import { INTERRUPTED } from '../../tools/process/run-main';
import { svgChart } from '../chart';
import { kafkaBatch, kafkaBatchOfSize } from '../kafka-batch';
import { type BenchSection, BenchInterrupted, type BenchWorkspace, stopIfAborted } from '../section';
import { MIB, median } from '../stats';

const SIZES_MIB = [1, 4, 8, 16, 32];
/** The function's default memory (s.yaml's MEMORY_SIZE). */
const DEFAULT_MEMORY_MB = 512;
/** Room above the measured peak when choosing a MEMORY_SIZE: other data, a larger value, GC timing. */
const HEADROOM = 1.25;
const GOAL_GROWTH = 3;
const RUNS = 3;

/** The flag on which bench.js runs as the probe process of one batch size. */
export const BATCH_SIZE_PROBE = '--batch-size-probe';

export interface Probe {
  eventBytes: number;
  messages: number;
  handlerMs: number;
  /** RSS once warmed up, before the first batch arrived. */
  beforeBytes: number;
  /** Peak RSS once the first batch was handled. */
  firstPeakBytes: number;
  /** Peak RSS once all were handled, one after the other: what an instance needs. */
  peakBytes: number;
}

export const batchSize: BenchSection = {
  id: 'batch-size',
  async run(workspace) {
    const rows: Probe[] = [];
    for (const [index, sizeMiB] of SIZES_MIB.entries()) {
      stopIfAborted(workspace.signal);
      workspace.progress(`${sizeMiB} MiB batch (${index + 1} of ${SIZES_MIB.length})`);
      rows.push(await measureBatches(workspace, sizeMiB));
    }

    const largest = rows.at(-1) as Probe;
    const growth = (largest.firstPeakBytes - largest.beforeBytes) / largest.eventBytes;
    const largestMiB = Math.round(largest.eventBytes / MIB);
    const mibOf = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`;
    return {
      title: `Peak memory and handler time against batch size: ${RUNS} batches of each size in a row, in a fresh process, 1 KiB values over 6 partitions`,
      table: [
        ['batch', 'messages', 'handler (median)', 'RSS before', 'peak, 1st batch', 'growth', `peak, ${RUNS} in a row`, 'MEMORY_SIZE'],
        ...rows.map((row) => [
          `${(row.eventBytes / MIB).toFixed(1)} MiB`,
          row.messages.toLocaleString('en'),
          `${row.handlerMs.toFixed(0)} ms`,
          mibOf(row.beforeBytes),
          mibOf(row.firstPeakBytes),
          `${((row.firstPeakBytes - row.beforeBytes) / row.eventBytes).toFixed(2)}×`,
          mibOf(row.peakBytes),
          `${memorySizeFor(row.peakBytes)} MB`,
        ]),
      ],
      notes: [
        'growth: (peak RSS after the first batch − RSS before) ÷ batch size, the batch itself included',
        `MEMORY_SIZE: the smallest FC memory size (steps of ${MEMORY_MB.step} MB) with ${Math.round((HEADROOM - 1) * 100)} % room above the peak of ${RUNS} in a row`,
      ],
      figures: { runs: RUNS, headroom: HEADROOM, batches: rows.map((row) => ({ ...row, memorySizeMB: memorySizeFor(row.peakBytes) })) },
      goals: [
        {
          name: `peak memory, ${largestMiB} MiB batches`,
          measured: `${mibOf(largest.peakBytes)} (goal: within the default MEMORY_SIZE, ${DEFAULT_MEMORY_MB} MB)`,
          met: largest.peakBytes <= DEFAULT_MEMORY_MB * MIB,
        },
        {
          name: `memory growth, one ${largestMiB} MiB batch`,
          measured: `${growth.toFixed(2)}× the batch (goal ≤ ${GOAL_GROWTH}×)`,
          met: growth <= GOAL_GROWTH,
        },
      ],
      chart: svgChart({
        title: 'kafka-oss-sink: what one batch costs',
        xLabel: 'batch size (MiB)',
        xTicks: SIZES_MIB,
        panels: [
          {
            title: `Peak RSS, ${RUNS} batches in a row (MiB)`,
            unit: 'MiB',
            points: rows.map((row) => ({ x: row.eventBytes / MIB, y: row.peakBytes / MIB })),
            references: [{ y: DEFAULT_MEMORY_MB, label: `MEMORY_SIZE ${DEFAULT_MEMORY_MB} (default)` }],
          },
          {
            title: `Handler time, median of ${RUNS} (ms)`,
            unit: 'ms',
            points: rows.map((row) => ({ x: row.eventBytes / MIB, y: row.handlerMs })),
          },
        ],
        footnote: `npm run bench -- --chart; Node ${process.versions.node}, local OSS server; 1 KiB values over 6 partitions`,
      }),
    };
  },
};

/**
 * Handles RUNS batches of `sizeMiB` one after the other in a fresh process that loads the bundle
 * with the function's environment `env` added, and returns what that cost.
 */
export async function measureBatches(workspace: BenchWorkspace, sizeMiB: number, env: Record<string, string> = {}): Promise<Probe> {
  const { server, bucket, bundle, dir, signal } = workspace;
  // Different offsets each time, so that every batch is new to the server (created, not already stored).
  const files = Array.from({ length: RUNS }, (_, run) => {
    const batch = kafkaBatchOfSize(Math.min(sizeMiB * MIB, MAX_SYNC_EVENT_BYTES), 100 + run * 1_000_000_000);
    const file = join(dir, `batch-${sizeMiB}mib-${run}.json`);
    writeFileSync(file, batch.body);
    return { file, messages: batch.messages };
  });
  const args = [
    BATCH_SIZE_PROBE,
    server.endpoint,
    server.region,
    bucket,
    bundle,
    String(files[0]?.messages),
    JSON.stringify(env),
    ...files.map((f) => f.file),
  ];
  try {
    return JSON.parse(await probe(args, signal)) as Probe;
  } catch (error) {
    if (signal.aborted) throw new BenchInterrupted();
    throw new Error(`the ${sizeMiB} MiB batch failed: ${(error as { stderr?: string }).stderr || (error as Error).message}`);
  } finally {
    for (const { file } of files) rmSync(file, { force: true });
  }
}

/**
 * The process's peak RSS. On Linux, from /proc (VmHWM): getrusage's maxRSS survives exec, so a
 * child started by a parent holding a few hundred MiB would report the parent's peak as its own.
 */
function peakRssBytes(): number {
  try {
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kib !== undefined) return Number(kib) * 1024;
  } catch {
    // not Linux: the process was started by this benchmark, which holds little at that moment
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Runs the probe process; on abort it is stopped, and waited for, so that nothing outlives the run. */
async function probe(args: string[], signal: AbortSignal): Promise<string> {
  const running = promisify(execFile)(process.execPath, ['--expose-gc', __filename, ...args], { signal, maxBuffer: 1 << 20 });
  try {
    return (await running).stdout;
  } catch (error) {
    const { child } = running;
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    throw error;
  }
}

function memorySizeFor(peakBytes: number): number {
  const needed = (peakBytes * HEADROOM) / MIB;
  return Math.max(MEMORY_MB.min, Math.ceil(needed / MEMORY_MB.step) * MEMORY_MB.step);
}

/** The probe process: one batch through the bundle, its figures as JSON on stdout. */
export async function runBatchSizeProbe(args: string[], signal: AbortSignal): Promise<number> {
  // Nothing here to clean up: the batch file and the server belong to the parent.
  signal.addEventListener('abort', () => process.exit(INTERRUPTED), { once: true });
  const [endpoint, region, bucket, bundle, messages, env, ...eventFiles] = args as [
    string,
    string,
    string,
    string,
    string,
    string,
    ...string[],
  ];
  const instance = startFcInstance({
    bundle,
    env: { OSS_BUCKET: bucket, OSS_REGION: region, OSS_ENDPOINT: endpoint, OSS_PREFIX: `batch-size/${process.pid}`, ...JSON.parse(env) },
    credentials: LOCAL_DEV_CREDENTIAL,
    timeoutSeconds: 300,
  });
  const warmUp = await instance.invoke(kafkaBatch(60, 1).body);
  if (!warmUp.ok) throw warmUp.error;
  global.gc?.();
  const beforeBytes = process.memoryUsage().rss;
  const handlerMs: number[] = [];
  let eventBytes = 0;
  let firstPeakBytes = 0;
  for (const eventFile of eventFiles) {
    const event = readFileSync(eventFile);
    eventBytes = event.length;
    const started = performance.now();
    const invocation = await instance.invoke(event);
    handlerMs.push(performance.now() - started);
    if (!invocation.ok) throw invocation.error;
    firstPeakBytes ||= peakRssBytes();
  }
  const probe: Probe = {
    eventBytes,
    messages: Number(messages),
    handlerMs: median(handlerMs),
    beforeBytes,
    firstPeakBytes,
    peakBytes: peakRssBytes(),
  };
  process.stdout.write(JSON.stringify(probe));
  return 0;
}
