/**
 * @module Compaction's speed and memory: a realistic day of small batch objects (several
 * partitions, a batch object every 43 s each) and one partition of 1 GiB, compacted by the built
 * function in a fresh process whose peak RSS is what the function needs (the OSS server runs in
 * this one). Its floors, measured in the same run: the time to merely read every batch object from
 * the same server (compaction cannot be faster), and the same process's RSS at rest with the
 * function loaded.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import OSS from 'ali-oss';
import type { CompactionSummary } from '../../lib/compactor/compaction-report';
import { recordJson } from '../../lib/objects/record-json';
import { padOffset } from '../../lib/platform/kafka';
import type { ArchiveRecord } from '../../lib/records/archive-record';
import { LOCAL_DEV_CREDENTIAL, type LocalOssServer, startLocalOssServer } from '../../tools/oss-emulator';
import { type BenchSection, type BenchWorkspace, stopIfAborted } from '../section';

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
  /** The floor: reading every batch object from the same server, 8 at a time, and nothing else. */
  readAllMs: number;
  /** Batch-object bytes read per second. */
  throughputMBps: number;
  peakRssBytes: number;
  /** The child's RSS with the function loaded and configured, before the run. */
  restingRssBytes: number;
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

const SCENARIOS = [REALISTIC_DAY, LARGE_PARTITION];
/** Compacting 1 GiB must not need anything like 1 GiB: the function streams records through multipart upload. */
const PEAK_RSS_GOAL_BYTES = 512 * 1048576;
const MB = 1048576;

export const compaction: BenchSection = {
  id: 'compaction',
  async run(workspace) {
    const measurements: CompactionMeasurement[] = [];
    for (const scenario of SCENARIOS) {
      stopIfAborted(workspace.signal);
      measurements.push(await measure(scenario, workspace));
    }
    const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
    const large = measurements.find((m) => m.name === LARGE_PARTITION.name);
    return {
      title: 'Compaction by the built function in a process of its own, against reading the same batch objects and nothing else',
      table: [
        ['scenario', 'objects before → after', 'MB before → after', 'time', 'read-only floor', 'ratio', 'MB/s', 'peak RSS', 'at rest'],
        ...measurements.map((m) => [
          m.name,
          `${m.objectsBefore.toLocaleString('en')} → ${m.objectsAfter}`,
          `${(m.bytesBefore / MB).toFixed(0)} → ${(m.bytesAfter / MB).toFixed(0)}`,
          `${(m.durationMs / 1000).toFixed(1)} s`,
          `${(m.readAllMs / 1000).toFixed(1)} s`,
          `${(m.durationMs / m.readAllMs).toFixed(2)}×`,
          m.throughputMBps.toFixed(1),
          mb(m.peakRssBytes),
          mb(m.restingRssBytes),
        ]),
      ],
      notes: [
        'MB/s: batch-object bytes read per second of the handler; the floor reads the same objects with 8 requests in flight and decodes nothing',
      ],
      figures: { scenarios: measurements },
      goals: large
        ? [
            {
              name: 'peak RSS compacting 1 GiB',
              measured: `${mb(large.peakRssBytes)} for ${mb(large.bytesBefore)} of batch objects (goal ≤ ${mb(PEAK_RSS_GOAL_BYTES)})`,
              met: large.peakRssBytes <= PEAK_RSS_GOAL_BYTES,
            },
          ]
        : [],
    };
  },
};

async function measure(scenario: CompactionScenario, { dir, progress }: BenchWorkspace): Promise<CompactionMeasurement> {
  const own = join(dir, `compaction-${scenario.partitions}-${scenario.batchesPerPartition}`);
  mkdirSync(own);
  const server = await startLocalOssServer({ dir: own, buckets: [BUCKET] });
  try {
    progress(`${scenario.name}: writing the batch objects`);
    const before = await fillArchive(server, scenario);
    progress(`${scenario.name}: reading them all (the floor)`);
    const readAllMs = await readAll(server);
    progress(`${scenario.name}: compacting`);
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
      readAllMs,
      throughputMBps: child.summary.totals.bytesIn / 1048576 / (child.durationMs / 1000),
      peakRssBytes: child.peakRssBytes,
      restingRssBytes: child.restingRssBytes,
      summary: child.summary.totals,
    };
  } finally {
    await server.close();
  }
}

/** Lists the batch objects and GETs each, 8 at a time, as a client that only reads them would. */
async function readAll(server: LocalOssServer): Promise<number> {
  const client = new OSS({
    bucket: BUCKET,
    region: `oss-${server.region}`,
    endpoint: server.endpoint,
    accessKeyId: LOCAL_DEV_CREDENTIAL.accessKeyId,
    accessKeySecret: LOCAL_DEV_CREDENTIAL.accessKeySecret,
    authorizationV4: true,
    secure: false,
  } as OSS.Options);
  const started = performance.now();
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.listV2({ prefix: PREFIX, 'max-keys': '1000', ...(token ? { 'continuation-token': token } : {}) }, {});
    keys.push(...(page.objects ?? []).map((object) => object.name));
    token = page.nextContinuationToken || undefined;
  } while (token);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) await client.get(keys[next++] as string);
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return performance.now() - started;
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
): Promise<{ summary: CompactionSummary; durationMs: number; peakRssBytes: number; restingRssBytes: number }> {
  const script = `
    const fn = require(${JSON.stringify(BUNDLE)});
    const context = { requestId: 'bench', credentials: {}, function: { name: 'compactor', timeout: 3600, memory: 1024 } };
    (async () => {
      await fn.initializer(context);
      const restingRssBytes = process.memoryUsage().rss;
      const started = Date.now();
      const result = await fn.handler(Buffer.from('{"triggerTime":"2026-11-25T00:15:00Z","triggerName":"bench","payload":""}'), context);
      const out = { summary: JSON.parse(result), durationMs: Date.now() - started, peakRssBytes: process.resourceUsage().maxRSS * 1024, restingRssBytes };
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
