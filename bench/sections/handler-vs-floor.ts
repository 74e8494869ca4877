/**
 * @module The handler's time for a 10,000-message batch in each form the trigger pushes, against a
 * floor measured in the same run on that same event: the least any sink must do with it (parse it,
 * serialize the same records, hash them, one signed PUT per object to the same server).
 */
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startFcInstance } from '../../tools/fc-runner/fc-instance';
import { LOCAL_DEV_CREDENTIAL, type LocalOssServer } from '../../tools/oss-emulator';
import { kafkaBatch, PARTITIONS, PAYLOAD_FORMS, type PayloadForm } from '../kafka-batch';
import { type BenchSection, stopIfAborted } from '../section';
import { median } from '../stats';

const MESSAGES = 10_000;
const RUNS = 7;
const GOAL_RATIO = 1.1;

export const handlerVsFloor: BenchSection = {
  id: 'handler',
  async run({ server, bucket, bundle, signal, progress }) {
    const rows: Array<{ form: PayloadForm; eventBytes: number; handlerMs: number; floorMs: number; ratio: number }> = [];
    for (const form of PAYLOAD_FORMS) {
      const instance = startFcInstance({
        bundle,
        env: { OSS_BUCKET: bucket, OSS_REGION: server.region, OSS_ENDPOINT: server.endpoint, OSS_PREFIX: `sink-${form}` },
        credentials: LOCAL_DEV_CREDENTIAL,
      });
      const handlerMs: number[] = [];
      const floorMs: number[] = [];
      let eventBytes = 0;
      // One warm-up of each, then alternate so that both see the same machine state.
      for (let run = -1; run < RUNS; run++) {
        stopIfAborted(signal);
        progress(`${form}: ${run < 0 ? 'warming up' : `run ${run + 1} of ${RUNS}`}`);
        // Each batch follows the one before it, as a steady stream does.
        const batch = kafkaBatch(MESSAGES, (run + 1) * Math.ceil(MESSAGES / PARTITIONS), form);
        eventBytes = batch.body.length;
        collectGarbage();
        let started = performance.now();
        const invocation = await instance.invoke(batch.body);
        const handlerTime = performance.now() - started;
        if (!invocation.ok) throw invocation.error;
        collectGarbage();
        started = performance.now();
        await floor(server, bucket, batch.body, `floor-${form}/${run + 1}/`);
        const floorTime = performance.now() - started;
        if (run >= 0) {
          handlerMs.push(handlerTime);
          floorMs.push(floorTime);
        }
      }
      const handler = median(handlerMs);
      const base = median(floorMs);
      rows.push({ form, eventBytes, handlerMs: handler, floorMs: base, ratio: handler / base });
    }
    return {
      title: `Handler against its floor: ${MESSAGES.toLocaleString('en')} × 1 KiB messages over ${PARTITIONS} partitions, each push format, median of ${RUNS}`,
      table: [
        ['form', 'event', 'handler', 'floor', 'ratio'],
        ...rows.map((row) => [
          row.form,
          `${(row.eventBytes / 1048576).toFixed(1)} MiB`,
          `${row.handlerMs.toFixed(1)} ms`,
          `${row.floorMs.toFixed(1)} ms`,
          `${row.ratio.toFixed(2)}×`,
        ]),
      ],
      notes: [
        'floor: JSON.parse of that event (each string element parsed again) + JSON.stringify of the same records + MD5 + one raw signed PUT per object, to the same server',
      ],
      figures: { messages: MESSAGES, runs: RUNS, forms: rows },
      goals: rows.map((row) => ({
        name: `handler time, ${row.form}`,
        measured: `${row.ratio.toFixed(2)}× the floor (goal ≤ ${GOAL_RATIO}×)`,
        met: row.ratio <= GOAL_RATIO,
      })),
    };
  },
};

/**
 * Each timed call starts from a collected heap, so that neither pays for the garbage the other
 * left: alternating them otherwise bills the handler for the floor's whole parsed event.
 */
let gc: (() => void) | undefined;
function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

type Data = Record<string, unknown> & { partition: number };

async function floor(server: LocalOssServer, bucket: string, event: Buffer, prefix: string): Promise<void> {
  const parsed = JSON.parse(event.toString('utf8')) as unknown[];
  const groups = new Map<number, unknown[]>();
  for (const element of parsed) {
    const object = (typeof element === 'string' ? JSON.parse(element) : element) as { data?: Data } & Data;
    const { headers: _headers, ...record } = object.data ?? object;
    const group = groups.get(record.partition) ?? [];
    group.push(record);
    groups.set(record.partition, group);
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
