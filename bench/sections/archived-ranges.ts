/**
 * @module What the exactly-once check across re-batched redeliveries costs a batch that overlaps
 * nothing: the handler with the check (one LIST per topic-partition) against the same handler whose
 * credentials may not list the bucket (each LIST is refused at once, before the server lists
 * anything, and the batch is stored without looking), on the same server; and the requests
 * each makes, with the default layout and with a time-bucketed key template (which adds an
 * `_index/` PUT per topic-partition).
 */
import type { BatchSummary } from '../../lib/sink/batch-summary';
import { startFcInstance } from '../../tools/fc-runner/fc-instance';
import { LOCAL_DEV_CREDENTIAL, type LocalCredential, startLocalOssServer } from '../../tools/oss-emulator';
import { kafkaBatch, PARTITIONS } from '../kafka-batch';
import { type BenchSection, stopIfAborted } from '../section';
import { median } from '../stats';

const MESSAGES = 10_000;
const RUNS = 7;
const HIVE =
  'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}';
const CANNOT_LIST: LocalCredential = {
  accessKeyId: 'bench-no-list',
  accessKeySecret: 'bench-no-list-secret',
  permissions: ['oss:PutObject', 'oss:GetObject'],
};

interface Variant {
  name: string;
  credential: LocalCredential;
  template?: string;
}

const VARIANTS: Variant[] = [
  { name: 'default layout, ranges looked up', credential: LOCAL_DEV_CREDENTIAL },
  { name: 'default layout, listing refused (403)', credential: CANNOT_LIST },
  { name: 'hourly key template, ranges looked up', credential: LOCAL_DEV_CREDENTIAL, template: HIVE },
];

export const archivedRangesCost: BenchSection = {
  id: 'overlap',
  async run({ bucket, bundle, signal, progress }) {
    const server = await startLocalOssServer({ dir: null, buckets: [bucket], credentials: [LOCAL_DEV_CREDENTIAL, CANNOT_LIST] });
    try {
      const rows = [];
      for (const [index, variant] of VARIANTS.entries()) {
        const instance = startFcInstance({
          bundle,
          env: {
            OSS_BUCKET: bucket,
            OSS_REGION: server.region,
            OSS_ENDPOINT: server.endpoint,
            OSS_PREFIX: `overlap-${index}`,
            ...(variant.template === undefined ? {} : { OBJECT_KEY_TEMPLATE: variant.template }),
          },
          credentials: variant.credential,
        });
        const times: number[] = [];
        let requests: BatchSummary['requests'] = { put: 0, list: 0, get: 0 };
        for (let run = -1; run < RUNS; run++) {
          stopIfAborted(signal);
          progress(`${variant.name}: ${run < 0 ? 'warming up' : `run ${run + 1} of ${RUNS}`}`);
          // Each batch follows the one before it, as a steady stream does: nothing overlaps.
          const batch = kafkaBatch(MESSAGES, (run + 1) * Math.ceil(MESSAGES / PARTITIONS));
          const started = performance.now();
          const invocation = await instance.invoke(batch.body);
          const elapsed = performance.now() - started;
          if (!invocation.ok) throw invocation.error;
          if (run >= 0) {
            times.push(elapsed);
            requests = (JSON.parse(String(invocation.result)) as BatchSummary).requests;
          }
        }
        rows.push({ variant: variant.name, handlerMs: median(times), requests });
      }
      const [checked, unchecked] = rows as [(typeof rows)[number], (typeof rows)[number]];
      const ratio = checked.handlerMs / unchecked.handlerMs;
      return {
        title: `The exactly-once check on a batch that overlaps nothing: ${MESSAGES.toLocaleString('en')} messages over ${PARTITIONS} partitions, median of ${RUNS}`,
        table: [
          ['variant', 'handler', 'PUT', 'LIST', 'GET'],
          ...rows.map((row) => [
            row.variant,
            `${row.handlerMs.toFixed(1)} ms`,
            String(row.requests.put),
            String(row.requests.list),
            String(row.requests.get),
          ]),
        ],
        notes: [
          `the check costs ${((ratio - 1) * 100).toFixed(1)} % of the handler's time here (${ratio.toFixed(2)}×): one LIST per topic-partition, against one refused at once`,
        ],
        figures: { messages: MESSAGES, partitions: PARTITIONS, runs: RUNS, variants: rows, ratio },
        goals: [
          {
            name: 'requests of the check, default layout',
            measured: `${checked.requests.list} LIST for ${PARTITIONS} topic-partitions (goal: at most one per topic-partition)`,
            met: checked.requests.list <= PARTITIONS && checked.requests.get === 0,
          },
        ],
      };
    } finally {
      await server.close();
    }
  },
};
