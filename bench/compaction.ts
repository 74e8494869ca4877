// Compaction's speed and memory: a realistic day of small batch objects (several partitions, a
// batch object every few seconds each), and one large partition, compacted by the built function
// in a fresh process whose peak RSS is what the function needs (the OSS server runs in this one).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { CompactionSummary } from '../lib/compactor/compaction-report';
import { recordJson } from '../lib/objects/record-json';
import { padOffset } from '../lib/platform/kafka';
import type { ArchiveRecord } from '../lib/records/archive-record';
import { LOCAL_DEV_CREDENTIAL, type LocalOssServer, startLocalOssServer } from '../tools/oss-emulator';

const BUNDLE = resolve('dist/oss-compactor/index.js');
const BUCKET = 'bench-bucket';
const PREFIX = 'kafka/';
const DAY_START = Date.parse('2026-11-24T00:00:00Z');

export interface CompactionScenario {
  name: string;
  partitions: number;
  batchesPerPartition: number;
  recordsPerBatch: number;
  /** About the bytes of each record's value. */
  valueBytes: number;
  /** Milliseconds of record time the scenario spans (a day by default). */
  spanMs?: number;
  /** Settings of the compaction function beyond the defaults. */
  env?: Record<string, string>;
}

export interface CompactionMeasurement {
  name: string;
  objectsBefore: number;
  bytesBefore: number;
  objectsAfter: number;
  bytesAfter: number;
  /** The handler's time, in the child process. */
  durationMs: number;
  /** Batch-object bytes read per second. */
  throughputMBps: number;
  peakRssBytes: number;
  summary: CompactionSummary['totals'];
}

/** 6 partitions × 2,000 batches of 20 records of about 1 KiB: a day at a batch every 43 s per partition, ~240 MB. */
export const REALISTIC_DAY: CompactionScenario = {
  name: 'a day: 6 partitions × 2,000 batches',
  partitions: 6,
  batchesPerPartition: 2000,
  recordsPerBatch: 20,
  valueBytes: 1000,
};
/** One partition of about 1 GiB: 1,024 batches of 1,000 records of about 1 KiB, over six hours. */
export const LARGE_PARTITION: CompactionScenario = {
  name: 'one partition of 1 GiB',
  partitions: 1,
  batchesPerPartition: 1024,
  recordsPerBatch: 1000,
  valueBytes: 1000,
  spanMs: 6 * 3600_000,
};

/** Runs the scenarios and prints a line or two for each; resolves with the measurements. */
export async function compactionBench(
  scenarios: readonly CompactionScenario[] = [REALISTIC_DAY, LARGE_PARTITION],
): Promise<CompactionMeasurement[]> {
  const measurements: CompactionMeasurement[] = [];
  for (const scenario of scenarios) {
    const measurement = await measure(scenario);
    measurements.push(measurement);
    const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
    console.log(`Compaction, ${scenario.name}:`);
    console.log(
      `  ${measurement.objectsBefore.toLocaleString('en')} batch objects (${mb(measurement.bytesBefore)}) → ${measurement.objectsAfter} compacted objects (${mb(measurement.bytesAfter)}), ` +
        `${(measurement.durationMs / 1000).toFixed(1)} s, ${measurement.throughputMBps.toFixed(1)} MB/s of batch objects, peak RSS ${mb(measurement.peakRssBytes)}`,
    );
  }
  return measurements;
}

async function measure(scenario: CompactionScenario): Promise<CompactionMeasurement> {
  const dir = mkdtempSync(join(tmpdir(), 'compaction-bench-'));
  const server = await startLocalOssServer({ dir, buckets: [BUCKET] });
  try {
    const before = await fillArchive(server, scenario);
    const child = await compactInChild(server, scenario.env ?? {});
    const compacted = (await server.listKeys(BUCKET, 'compacted/')).filter((key) => !key.startsWith('compacted/_checkpoints/'));
    let bytesAfter = 0;
    for (const key of compacted) bytesAfter += ((await server.getObject(BUCKET, key)) as Buffer).length;
    return {
      name: scenario.name,
      objectsBefore: before.objects,
      bytesBefore: before.bytes,
      objectsAfter: compacted.length,
      bytesAfter,
      durationMs: child.durationMs,
      throughputMBps: child.summary.totals.bytesIn / 1048576 / (child.durationMs / 1000),
      peakRssBytes: child.peakRssBytes,
      summary: child.summary.totals,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Batch objects as the sink writes them by default (JSON arrays of seed records), put straight into the server's store. */
async function fillArchive(server: LocalOssServer, scenario: CompactionScenario): Promise<{ objects: number; bytes: number }> {
  const span = scenario.spanMs ?? 24 * 3600_000;
  const perPartition = scenario.batchesPerPartition * scenario.recordsPerBatch;
  let bytes = 0;
  for (let partition = 0; partition < scenario.partitions; partition++) {
    for (let batch = 0; batch < scenario.batchesPerPartition; batch++) {
      const first = batch * scenario.recordsPerBatch;
      const records: string[] = [];
      for (let i = 0; i < scenario.recordsPerBatch; i++) {
        const offset = first + i;
        records.push(
          recordJson(record(partition, offset, DAY_START + Math.floor((offset * span) / perPartition), scenario.valueBytes), 'seed'),
        );
      }
      const body = Buffer.from(`[${records.join(',')}]`);
      const last = first + scenario.recordsPerBatch - 1;
      await server.putObject(BUCKET, `${PREFIX}bench/${partition}/${padOffset(BigInt(first))}-${padOffset(BigInt(last))}.json`, body);
      bytes += body.length;
    }
  }
  return { objects: scenario.partitions * scenario.batchesPerPartition, bytes };
}

/** A record like an order event: JSON whose field names repeat and whose values vary, so it compresses about as much as real events (4-5:1 with gzip). */
function record(partition: number, offset: number, timestamp: number, valueBytes: number): ArchiveRecord {
  let seed = (offset * 2654435761 + partition * 40503) >>> 0;
  const random = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed;
  };
  let value = `{"orderId":"o-${offset}","customer":"c-${random() % 99991}","status":"${['new', 'paid', 'shipped'][offset % 3]}","amount":${(random() % 1000000) / 100},"items":[`;
  for (let item = 0; value.length < valueBytes - 40; item++) {
    value += `${item ? ',' : ''}{"sku":"s-${random() % 50000}","qty":${(random() % 9) + 1},"ref":"${random().toString(36)}${random().toString(36)}"}`;
  }
  value += ']}';
  return {
    key: `o-${offset}`,
    offset: BigInt(offset),
    overflowFlag: false,
    partition,
    timestamp,
    topic: 'bench',
    value,
    valueSize: Buffer.byteLength(value),
    headers: '[]',
    keyEncoding: 'text',
    valueEncoding: 'text',
    overflowKey: null,
  };
}

/**
 * Loads the bundle in a fresh Node process, as FC would (initializer, then handler with a timer
 * event), and reports the handler's time and the process's peak RSS. The OSS server stays here.
 */
async function compactInChild(
  server: LocalOssServer,
  env: Record<string, string>,
): Promise<{ summary: CompactionSummary; durationMs: number; peakRssBytes: number }> {
  const script = `
    const fn = require(${JSON.stringify(BUNDLE)});
    const context = { requestId: 'bench', credentials: {}, function: { name: 'compactor', timeout: 3600, memory: 1024 } };
    (async () => {
      await fn.initializer(context);
      const started = Date.now();
      const result = await fn.handler(Buffer.from('{"triggerTime":"2026-11-25T00:15:00Z","triggerName":"bench","payload":""}'), context);
      const out = { summary: JSON.parse(result), durationMs: Date.now() - started, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
      process.stderr.write('\\n@@' + JSON.stringify(out) + '\\n');
    })().catch((error) => { process.stderr.write('\\n@@' + JSON.stringify({ error: error.message }) + '\\n'); process.exitCode = 1; });
  `;
  const childEnv = {
    PATH: process.env.PATH ?? '',
    OSS_BUCKET: BUCKET,
    OSS_REGION: server.region,
    OSS_ENDPOINT: server.endpoint,
    OSS_PREFIX: PREFIX,
    OSS_ACCESS_KEY_ID: LOCAL_DEV_CREDENTIAL.accessKeyId,
    OSS_ACCESS_KEY_SECRET: LOCAL_DEV_CREDENTIAL.accessKeySecret,
    COMPACT_MIN_AGE_SECONDS: '0',
    ...env,
  };
  const { stderr } = await promisify(execFile)(process.execPath, ['-e', script], { env: childEnv, maxBuffer: 64 << 20 }).catch(
    (error: { stderr?: string }) => ({ stderr: error.stderr ?? String(error) }),
  );
  const line = stderr.split('\n').find((text) => text.startsWith('@@'));
  const out = line === undefined ? { error: stderr.slice(-2000) } : JSON.parse(line.slice(2));
  if ('error' in out) throw new Error(`the compaction benchmark's function failed: ${out.error}`);
  return out;
}
