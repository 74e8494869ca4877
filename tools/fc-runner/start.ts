// `npm start`: the whole pipeline on this machine. Starts the embedded OSS server, pushes the sample
// trigger payloads in events/ through the built function as FC would, and shows what was stored.
// Objects go to .oss-local/ (or OSS_LOCAL_DIR), as with `npm run oss-server`. Ctrl-C stops it after
// the delivery in progress, with the server closed and nothing half-written left behind.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { BatchSummary } from '../../lib/sink/batch-summary';
import { cloudEventBatch } from '../trigger-events';
import { runScale } from '../trigger-simulator';
import { startFcInstance, type InvocationOutcome } from './fc-instance';
import { LOCAL_PREFIX, SINK_BUNDLE } from './local-defaults';
import { DEFAULT_DIR, LOCAL_DEV_CREDENTIAL, objectFilePath, startLocalOssServer } from '../oss-emulator';
import { INTERRUPTED } from '../process/run-main';

const BUNDLE = resolve(SINK_BUNDLE);
const EVENTS = resolve('events');
const BUCKET = 'local-bucket';

export async function runStart(args: string[], signal: AbortSignal): Promise<number> {
  if (args.some((arg) => arg === '--messages' || arg.startsWith('--messages='))) return runScale(args, signal);
  const server = await startLocalOssServer({ dir: resolve(process.env.OSS_LOCAL_DIR ?? DEFAULT_DIR), buckets: [BUCKET] });
  try {
    console.log(`Local OSS server: ${server.endpoint}, bucket ${BUCKET}, objects under ${relative(process.cwd(), server.dir ?? '')}/`);
    const instance = startFcInstance({
      bundle: BUNDLE,
      env: { OSS_BUCKET: BUCKET, OSS_REGION: server.region, OSS_ENDPOINT: server.endpoint, OSS_PREFIX: LOCAL_PREFIX },
      credentials: LOCAL_DEV_CREDENTIAL,
    });

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
    console.log(
      'Run `npm run oss-server` to browse them with any OSS client, or `npm run invoke -- --event-file <file>` to push your own.',
    );
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

/** A deterministic event whose value is over the default 6 MiB limit, cut on a character boundary. */
function oversizedValueEvent(): Buffer {
  const value = `${'数据'.repeat(1_250_000)} end`;
  const message = { topic: 'large-values', partition: 0, offset: 1, timestamp: 1795000000000, key: 'big', value };
  return cloudEventBatch([message], { ids: () => 'oversized-value-demo' });
}
