// `npm run bench`: the sink's speed and memory, each against a floor measured in the same run.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { startFcInstance } from '../tools/fc-runner/fc-instance';
import { cloudEventBatch } from '../tools/trigger-events';
import { LOCAL_DEV_CREDENTIAL, startLocalOssServer, type LocalOssServer } from '../tools/oss-emulator';

const BUNDLE = resolve('dist/oss-sink/index.js');
const BUCKET = 'bench-bucket';
const PARTITIONS = 6;
const RUNS = 7;

interface BenchEvent {
  body: Buffer;
  messages: number;
}

/** A CloudEvents batch of `count` messages with 1 KiB text values, spread over the partitions. */
function kafkaEvent(count: number, firstOffset: number): BenchEvent {
  const value = 'x'.repeat(1000) + '数据值'.repeat(2) + 'y'.repeat(6); // 1024 bytes, some multi-byte
  const messages = Array.from({ length: count }, (_, i) => ({
    topic: 'bench',
    partition: i % PARTITIONS,
    offset: firstOffset + Math.floor(i / PARTITIONS),
    timestamp: 1795000000000 + i,
    key: `key-${i}`,
    value,
  }));
  return { body: cloudEventBatch(messages, { ids: (i) => `bench-${firstOffset + i}` }), messages: count };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** The least any sink must do: parse, serialize the same records, hash, and one signed PUT per object. */
async function floor(server: LocalOssServer, event: Buffer, prefix: string): Promise<void> {
  const parsed = JSON.parse(event.toString('utf8')) as Array<{ data: Record<string, unknown> & { partition: number } }>;
  const groups = new Map<number, unknown[]>();
  for (const element of parsed) {
    const { headers: _headers, ...record } = element.data;
    const group = groups.get(element.data.partition) ?? [];
    group.push(record);
    groups.set(element.data.partition, group);
  }
  await Promise.all(
    [...groups].map(([partition, records]) => {
      const body = Buffer.from(JSON.stringify(records));
      const md5 = createHash('md5').update(body).digest('base64');
      return rawPut(server, `${prefix}${partition}.json`, body, md5);
    }),
  );
}

function rawPut(server: LocalOssServer, key: string, body: Buffer, md5: string): Promise<void> {
  const date = new Date().toUTCString();
  const type = 'application/json';
  const signature = createHmac('sha1', LOCAL_DEV_CREDENTIAL.accessKeySecret)
    .update(`PUT\n${md5}\n${type}\n${date}\n/${BUCKET}/${key}`)
    .digest('base64');
  return new Promise((resolvePut, reject) => {
    const req = request(
      `${server.endpoint}/${key}`,
      {
        method: 'PUT',
        headers: {
          Host: `${BUCKET}.oss-${server.region}.aliyuncs.com`,
          Date: date,
          'Content-Type': type,
          'Content-MD5': md5,
          'Content-Length': body.length,
          Authorization: `OSS ${LOCAL_DEV_CREDENTIAL.accessKeyId}:${signature}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolvePut() : reject(new Error(`floor PUT ${key}: HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function throughput(server: LocalOssServer): Promise<void> {
  const instance = startFcInstance({
    bundle: BUNDLE,
    env: { OSS_BUCKET: BUCKET, OSS_REGION: server.region, OSS_ENDPOINT: server.endpoint, OSS_PREFIX: 'sink' },
    credentials: LOCAL_DEV_CREDENTIAL,
  });
  const handlerMs: number[] = [];
  const floorMs: number[] = [];
  // One warm-up of each, then alternate so that both see the same machine state.
  for (let run = -1; run < RUNS; run++) {
    const event = kafkaEvent(10_000, 1_000_000 * (run + 2));
    let started = performance.now();
    const invocation = await instance.invoke(event.body);
    const handlerTime = performance.now() - started;
    if (!invocation.ok) throw invocation.error;
    started = performance.now();
    await floor(server, event.body, `floor/${run + 1}/`);
    const floorTime = performance.now() - started;
    if (run >= 0) {
      handlerMs.push(handlerTime);
      floorMs.push(floorTime);
    }
  }
  const handler = median(handlerMs);
  const base = median(floorMs);
  console.log(`Batch of 10,000 × 1 KiB over ${PARTITIONS} partitions (median of ${RUNS}):`);
  console.log(`  handler ${handler.toFixed(1)} ms, floor ${base.toFixed(1)} ms → ratio ${(handler / base).toFixed(2)}× (goal ≤ 1.3×)`);
}

/** Peak RSS of a fresh process invoking the bundle once with a 32 MB event, OSS in this process. */
async function peakMemory(server: LocalOssServer, dir: string): Promise<void> {
  // Built here and read from a file by the child, so that making the event adds nothing to its peak.
  const perMessage = kafkaEvent(1000, 100).body.length / 1000;
  const eventFile = join(dir, 'event-32mb.json');
  writeFileSync(eventFile, kafkaEvent(Math.floor((32 * 1024 * 1024) / perMessage), 100).body);
  // Asynchronously: the child writes to the OSS server that runs in this process.
  const { stdout: out } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', __filename, '--memory-child', server.endpoint, server.region, eventFile],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  const { eventBytes, before, peak, ok } = JSON.parse(out) as { eventBytes: number; before: number; peak: number; ok: boolean };
  if (!ok) throw new Error('the 32 MB invocation failed');
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
  console.log(`One ${mb(eventBytes)} event: RSS ${mb(before)} before the event arrived, peak ${mb(peak)}`);
  console.log(
    `  growth ${mb(peak - before)} → ${((peak - before) / eventBytes).toFixed(2)}× the event size (goal ≤ 3×; the event itself included)`,
  );
}

async function memoryChild(endpoint: string, region: string, eventFile: string): Promise<void> {
  const instance = startFcInstance({
    bundle: BUNDLE,
    env: { OSS_BUCKET: BUCKET, OSS_REGION: region, OSS_ENDPOINT: endpoint, OSS_PREFIX: `memory/${Date.now()}` },
    credentials: LOCAL_DEV_CREDENTIAL,
    timeoutSeconds: 300,
  });
  // Warm up the code paths with a small batch so the measurement is of data, not of JIT and setup.
  await instance.invoke(kafkaEvent(60, 1).body);
  global.gc?.();
  const before = process.memoryUsage().rss;
  const event = readFileSync(eventFile);
  const invocation = await instance.invoke(event);
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ eventBytes: event.length, before, peak, ok: invocation.ok }));
}

async function coldRequire(): Promise<void> {
  const unbundledDir = mkdtempSync(join(resolve('dist'), 'unbundled-'));
  try {
    await build({
      entryPoints: ['functions/**/*.ts', 'lib/**/*.ts'],
      outdir: unbundledDir,
      outbase: '.',
      bundle: false,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
    });
    const time = (file: string) => {
      const samples: number[] = [];
      for (let i = 0; i < 7; i++) {
        const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
        const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`require(${file}) failed: ${run.stderr}`);
        samples.push(Number(run.stdout));
      }
      return median(samples);
    };
    const bundled = time(BUNDLE);
    const unbundled = time(join(unbundledDir, 'functions/oss-sink/index.js'));
    console.log(
      `Bundle ${(statSync(BUNDLE).size / 1024).toFixed(0)} KiB; cold require ${bundled.toFixed(1)} ms vs ${unbundled.toFixed(1)} ms unbundled → ${(bundled / unbundled).toFixed(2)}×`,
    );
  } finally {
    rmSync(unbundledDir, { recursive: true, force: true });
  }
}

export async function runBench(args: string[]): Promise<number> {
  if (args[0] === '--memory-child') {
    await memoryChild(args[1] as string, args[2] as string, args[3] as string);
    return 0;
  }
  const dir = mkdtempSync(join(tmpdir(), 'oss-sink-bench-'));
  const server = await startLocalOssServer({ dir, buckets: [BUCKET] });
  try {
    await throughput(server);
    await peakMemory(server, dir);
    await coldRequire();
    return 0;
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
