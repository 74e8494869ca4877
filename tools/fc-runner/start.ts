// `npm start`: the whole pipeline on this machine. Starts the embedded OSS server, pushes the sample
// trigger payloads in events/ through the built function as FC would, shows what was stored, then
// runs the compaction function as its timer would and shows the batch objects it merged.
// Objects go to .oss-local/ (or OSS_LOCAL_DIR), as with `npm run oss-server`. Ctrl-C stops it after
// the delivery in progress, with the server closed and nothing half-written left behind.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { CompactionSummary } from '../../lib/compactor/compaction-report';
import { DEFAULT_COMPACTED_PREFIX } from '../../lib/config/compaction-settings';
import { CHECKPOINTS_FOLDER } from '../../lib/objects/compaction-checkpoint';
import type { BatchSummary } from '../../lib/sink/batch-summary';
import { cloudEventBatch } from '../trigger-events';
import { startFcInstance, type InvocationOutcome } from './fc-instance';
import { COMPACTOR_BUNDLE, LOCAL_PREFIX, SINK_BUNDLE } from './local-defaults';
import { DEFAULT_DIR, LOCAL_DEV_CREDENTIAL, objectFilePath, startLocalOssServer } from '../oss-emulator';
import { INTERRUPTED } from '../process/run-main';

const BUNDLE = resolve(SINK_BUNDLE);
const EVENTS = resolve('events');
const BUCKET = 'local-bucket';

export async function runStart(args: string[], signal: AbortSignal): Promise<number> {
  if (args.length > 0) {
    console.error(
      `npm start takes no options here (got ${args.join(' ')}); \`npm start -- --messages <N> [--partitions <P>] …\` runs the trigger simulator (README: Proof at scale).`,
    );
    return 2;
  }
  const server = await startLocalOssServer({ dir: resolve(process.env.OSS_LOCAL_DIR ?? DEFAULT_DIR), buckets: [BUCKET] });
  try {
    console.log(`Local OSS server: ${server.endpoint}, bucket ${BUCKET}, objects under ${relative(process.cwd(), server.dir ?? '')}/`);
    const env = { OSS_BUCKET: BUCKET, OSS_REGION: server.region, OSS_ENDPOINT: server.endpoint, OSS_PREFIX: LOCAL_PREFIX };
    const instance = startFcInstance({ bundle: BUNDLE, env, credentials: LOCAL_DEV_CREDENTIAL });

    const events: Array<{ name: string; body: Buffer }> = readdirSync(EVENTS)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => ({ name: `events/${name}`, body: readFileSync(join(EVENTS, name)) }));
    events.push({ name: 'an oversized value (generated: 7 MiB of multi-byte text)', body: oversizedValueEvent() });

    const [first] = events;
    const deliveries = first ? [...events, { ...first, again: true }] : events;
    let failures = 0;
    let delivered = 0;
    for (const event of deliveries) {
      if (signal.aborted) break;
      if ('again' in event) console.log(`\nThe trigger delivers at least once; ${event.name} delivered again:`);
      failures += report(event.name, await instance.invoke(event.body)) ? 0 : 1;
      delivered++;
    }

    if (!signal.aborted) failures += (await deliverBusyPartition(instance)) ? 0 : 1;

    const keys = await server.listKeys(BUCKET, LOCAL_PREFIX);
    const bucketDir = join(relative(process.cwd(), server.dir ?? ''), BUCKET);
    if (signal.aborted) {
      console.log(
        `\nInterrupted after ${delivered} of ${deliveries.length} deliveries; ${keys.length} objects are stored under ${bucketDir}/.`,
      );
      return INTERRUPTED;
    }
    console.log(`\n${keys.length} objects in oss://${BUCKET}/${LOCAL_PREFIX}, stored as files under ${bucketDir}/`);
    if (keys[0]) console.log(`  e.g. ${keys[0]}\n    is ${join(bucketDir, ...objectFilePath(keys[0]))}`);

    // Deployed, the timer runs it hourly on batch objects older than COMPACT_MIN_AGE_SECONDS; here they need not age.
    const compactor = startFcInstance({
      bundle: resolve(COMPACTOR_BUNDLE),
      env: { ...env, COMPACT_MIN_AGE_SECONDS: '0' },
      credentials: LOCAL_DEV_CREDENTIAL,
      timeoutSeconds: 600,
    });
    const timerEvent = readFileSync(join(EVENTS, 'timer', 'compact.json'));
    console.log(`\n▶ the compaction function, as its timer runs it (events/timer/compact.json)`);
    failures += reportCompaction(await compactor.invoke(timerEvent)) ? 0 : 1;
    if (!signal.aborted) {
      console.log('  run again, it finds nothing new to compact:');
      failures += reportCompaction(await compactor.invoke(timerEvent)) ? 0 : 1;
    }
    const compacted = (await server.listKeys(BUCKET, DEFAULT_COMPACTED_PREFIX)).filter(
      (key) => !key.startsWith(`${DEFAULT_COMPACTED_PREFIX}${CHECKPOINTS_FOLDER}/`),
    );
    console.log(
      `\n${compacted.length} compacted objects in oss://${BUCKET}/${DEFAULT_COMPACTED_PREFIX}, beside the ${keys.length} objects of the sink, which stay (DELETE_COMPACTED_SOURCES=false).`,
    );
    console.log('Run `npm run oss-server` to browse them with any OSS client or read them back with `kafka-oss-sink export` (see README),');
    console.log('or `npm run invoke -- --event-file <file>` to push your own.');
    return failures === 0 ? 0 : 1;
  } finally {
    await server.close();
  }
}

function report(name: string, invocation: InvocationOutcome): boolean {
  console.log(`\n▶ ${name}`);
  if (!invocation.ok) {
    console.log(`  ✗ rejected: ${invocation.error.message}`);
    return false;
  }
  const summary = JSON.parse(String(invocation.result)) as BatchSummary;
  for (const object of summary.written) {
    const where = object.conflictKey ? ` (different content already there; kept at ${object.conflictKey})` : '';
    console.log(
      `  ${object.outcome === 'created' ? '+' : '='} ${object.key}  ${object.records} records, ${object.bytes} bytes, ${object.outcome}${where}`,
    );
  }
  const truncated = summary.truncatedValues > 0 ? `, ${summary.truncatedValues} value(s) truncated (overflowFlag true)` : '';
  console.log(`  ${summary.records} records in ${summary.written.length} objects${truncated}`);
  return true;
}

function reportCompaction(invocation: InvocationOutcome): boolean {
  if (!invocation.ok) {
    console.log(`  ✗ failed: ${invocation.error.message}`);
    return false;
  }
  const { totals, partitions } = JSON.parse(String(invocation.result)) as CompactionSummary;
  for (const partition of partitions) {
    for (const object of partition.written) {
      console.log(
        `  ${object.outcome === 'created' ? '+' : '='} ${object.key}  ${object.records} records, ${object.bytes} bytes, ${object.outcome}`,
      );
    }
  }
  const dropped = totals.duplicatesDropped > 0 ? `, ${totals.duplicatesDropped} duplicate copies left out` : '';
  console.log(
    `  ${totals.partitions} partitions: ${totals.objectsRead} batch objects → ${totals.compactedObjects} compacted objects, ${totals.records} records${dropped}` +
      (totals.failed > 0 ? `; ${totals.failed} partitions failed` : ''),
  );
  return totals.failed === 0;
}

const BUSY_BATCHES = 12;
const BUSY_BATCH_SIZE = 100;

/** What makes small files: one partition delivered in many small batches, one object each, until compaction merges them. */
async function deliverBusyPartition(instance: ReturnType<typeof startFcInstance>): Promise<boolean> {
  console.log(
    `\n▶ a busy partition (generated: ${BUSY_BATCHES} batches of ${BUSY_BATCH_SIZE} messages, as the trigger's batch window cuts them)`,
  );
  let objects = 0;
  for (let batch = 0; batch < BUSY_BATCHES; batch++) {
    const messages = Array.from({ length: BUSY_BATCH_SIZE }, (_, i) => {
      const offset = batch * BUSY_BATCH_SIZE + i;
      const value = JSON.stringify({ page: `/item/${offset % 37}`, user: `u${offset % 11}` });
      return { topic: 'page-views', partition: 0, offset, timestamp: 1795000000000 + offset * 250, key: `u${offset % 11}`, value };
    });
    const invocation = await instance.invoke(cloudEventBatch(messages, { ids: (i) => `page-views-${batch}-${i}` }));
    if (!invocation.ok) {
      console.log(`  ✗ batch ${batch + 1} rejected: ${invocation.error.message}`);
      return false;
    }
    objects += (JSON.parse(String(invocation.result)) as BatchSummary).written.length;
  }
  console.log(`  ${BUSY_BATCHES * BUSY_BATCH_SIZE} records in ${objects} objects under ${LOCAL_PREFIX}page-views/0/`);
  return true;
}

/** A deterministic event whose value is over the default 6 MiB limit, cut on a character boundary. */
function oversizedValueEvent(): Buffer {
  const value = `${'数据'.repeat(1_250_000)} end`;
  const message = { topic: 'large-values', partition: 0, offset: 1, timestamp: 1795000000000, key: 'big', value };
  return cloudEventBatch([message], { ids: () => 'oversized-value-demo' });
}
