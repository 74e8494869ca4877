// The built function against an OSS endpoint it cannot reach: it gives up after a few attempts per
// object with an error that names the endpoint and what to check, and writes a handful of JSON lines.
import { createServer } from 'node:net';
import type { StoreError } from '../../../lib/oss/store-error';
import type { LocalOssServer } from '../../../tools/oss-emulator';
import { failingDns } from '../../support/dns-failures';
import { sampleEvent } from '../../support/repo';
import { errorOf, sinkInstance, startOss } from '../../support/sink-fixture';

let oss: Awaited<ReturnType<typeof startOss>>;
let server: LocalOssServer;
beforeEach(async () => {
  oss = await startOss();
  server = oss.server;
});
afterEach(() => oss.close());

/** A port on 127.0.0.1 where nothing listens: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Two objects: events/cloudevents.json holds two partitions of one topic. */
const twoObjects = sampleEvent('cloudevents.json');

function expectFewJsonLines(logs: string[]): Array<Record<string, unknown>> {
  expect(logs.length).toBeLessThanOrEqual(5);
  return logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}

it('a refused connection: two attempts per object, then an error naming the endpoint and OSS_ENDPOINT', async () => {
  const endpoint = `http://127.0.0.1:${await closedPort()}`;
  const invocation = await sinkInstance(server, { env: { OSS_ENDPOINT: endpoint }, timeoutSeconds: 600 }).invoke(twoObjects);
  const error = errorOf(invocation) as StoreError;
  expect(error.name).toBe('StoreError');
  expect(error.report.failed.map((failed) => [failed.failure.code, failed.attempts])).toEqual([
    ['ECONNREFUSED', 2],
    ['ECONNREFUSED', 2],
  ]);
  expect(error.message).toContain(`${endpoint} refused the connection`);
  expect(error.message).toContain(`${endpoint} could not be reached: check OSS_ENDPOINT`);
  expect(error.message).not.toMatch(/agent status|headers:|\n/);

  const lines = expectFewJsonLines(invocation.logs);
  expect(lines.map((line) => line.event)).toEqual(['sink configured', 'retrying', 'retrying', 'batch not stored']);
  expect(server.requests).toHaveLength(0);
});

describe('a host name that does not resolve', () => {
  let dns: ReturnType<typeof failingDns>;
  beforeEach(() => {
    dns = failingDns();
  });
  afterEach(() => dns.restore());

  it('does not exist (ENOTFOUND): one attempt per object, then an error naming the host, OSS_ENDPOINT and OSS_REGION', async () => {
    const invocation = await sinkInstance(server, {
      env: { OSS_ENDPOINT: 'https://oss-cn-nowhere.example.invalid' },
      timeoutSeconds: 600,
    }).invoke(twoObjects);
    const error = errorOf(invocation) as StoreError;
    expect(dns.asked).toEqual(['sink-test-bucket.oss-cn-nowhere.example.invalid', 'sink-test-bucket.oss-cn-nowhere.example.invalid']);
    expect(error.report.failed.map((failed) => failed.attempts)).toEqual([1, 1]);
    expect(error.message).toContain('the host name sink-test-bucket.oss-cn-nowhere.example.invalid does not resolve');
    expect(error.message).toContain('check OSS_ENDPOINT and OSS_REGION');
    expect(expectFewJsonLines(invocation.logs).map((line) => line.event)).toEqual(['sink configured', 'batch not stored']);
  });

  it('fails for now (EAI_AGAIN): three attempts per object', async () => {
    const invocation = await sinkInstance(server, { env: { OSS_ENDPOINT: 'https://oss.example.dns-again' }, timeoutSeconds: 600 }).invoke(
      sampleEvent('single-cloudevent.json'),
    );
    const error = errorOf(invocation) as StoreError;
    expect(dns.asked).toHaveLength(3);
    expect(error.report.failed.map((failed) => [failed.failure.code, failed.attempts])).toEqual([['EAI_AGAIN', 3]]);
    expect(expectFewJsonLines(invocation.logs).map((line) => line.event)).toEqual([
      'sink configured',
      'retrying',
      'retrying',
      'batch not stored',
    ]);
  });
});
