/**
 * @module The handler's time for a 10,000-message batch against a floor measured in the same run:
 * the least any sink must do with that batch (parse it, serialize the same records, hash them, one
 * signed PUT per object to the same server).
 */
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { startFcInstance } from '../../tools/fc-runner/fc-instance';
import { LOCAL_DEV_CREDENTIAL, type LocalOssServer } from '../../tools/oss-emulator';
import { kafkaBatch, PARTITIONS } from '../kafka-batch';
import { type BenchSection, stopIfAborted } from '../section';
import { median } from '../stats';

const MESSAGES = 10_000;
const RUNS = 7;
const GOAL_RATIO = 1.3;

export const handlerVsFloor: BenchSection = {
  id: 'handler',
  async run({ server, bucket, bundle, signal, progress }) {
    const instance = startFcInstance({
      bundle,
      env: { OSS_BUCKET: bucket, OSS_REGION: server.region, OSS_ENDPOINT: server.endpoint, OSS_PREFIX: 'sink' },
      credentials: LOCAL_DEV_CREDENTIAL,
    });
    const handlerMs: number[] = [];
    const floorMs: number[] = [];
    // One warm-up of each, then alternate so that both see the same machine state.
    for (let run = -1; run < RUNS; run++) {
      stopIfAborted(signal);
      progress(run < 0 ? 'warming up' : `run ${run + 1} of ${RUNS}`);
      const batch = kafkaBatch(MESSAGES, 1_000_000 * (run + 2));
      let started = performance.now();
      const invocation = await instance.invoke(batch.body);
      const handlerTime = performance.now() - started;
      if (!invocation.ok) throw invocation.error;
      started = performance.now();
      await floor(server, bucket, batch.body, `floor/${run + 1}/`);
      const floorTime = performance.now() - started;
      if (run >= 0) {
        handlerMs.push(handlerTime);
        floorMs.push(floorTime);
      }
    }
    const handler = median(handlerMs);
    const base = median(floorMs);
    const ratio = handler / base;
    return {
      title: `Handler against its floor: ${MESSAGES.toLocaleString('en')} × 1 KiB messages over ${PARTITIONS} partitions, median of ${RUNS}`,
      table: [
        ['handler', 'floor', 'ratio'],
        [`${handler.toFixed(1)} ms`, `${base.toFixed(1)} ms`, `${ratio.toFixed(2)}×`],
      ],
      notes: ['floor: JSON.parse + JSON.stringify of the same records + MD5 + one raw signed PUT per object, to the same server'],
      figures: { messages: MESSAGES, runs: RUNS, handlerMs: handler, floorMs: base, ratio },
      goals: [{ name: 'handler time', measured: `${ratio.toFixed(2)}× the floor (goal ≤ ${GOAL_RATIO}×)`, met: ratio <= GOAL_RATIO }],
    };
  },
};

async function floor(server: LocalOssServer, bucket: string, event: Buffer, prefix: string): Promise<void> {
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
      return rawPut(server, bucket, `${prefix}${partition}.json`, body, md5);
    }),
  );
}

function rawPut(server: LocalOssServer, bucket: string, key: string, body: Buffer, md5: string): Promise<void> {
  const date = new Date().toUTCString();
  const type = 'application/json';
  const signature = createHmac('sha1', LOCAL_DEV_CREDENTIAL.accessKeySecret)
    .update(`PUT\n${md5}\n${type}\n${date}\n/${bucket}/${key}`)
    .digest('base64');
  return new Promise((resolvePut, reject) => {
    const req = request(
      `${server.endpoint}/${key}`,
      {
        method: 'PUT',
        headers: {
          Host: `${bucket}.oss-${server.region}.aliyuncs.com`,
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
