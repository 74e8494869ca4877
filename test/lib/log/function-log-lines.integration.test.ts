// Every line the built function writes, in every outcome, is one JSON object with the time, the
// level, a message and the request id: FC's log holds it as written (the FC stand-in prefixes
// console output as FC does, so a line that went through console.* would not parse).
import type { LocalOssServer } from '../../../tools/oss-emulator';
import { failingDns } from '../../support/dns-failures';
import { sampleEvent } from '../../support/repo';
import { cloudEvents, sinkInstance, startOss } from '../../support/sink-fixture';

let oss: Awaited<ReturnType<typeof startOss>>;
let server: LocalOssServer;
let dns: ReturnType<typeof failingDns>;
beforeEach(async () => {
  oss = await startOss();
  server = oss.server;
  dns = failingDns();
});
afterEach(async () => {
  dns.restore();
  await oss.close();
});

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const one = cloudEvents([{ partition: 0, offset: 1, value: 'v' }]);

type Scenario = [string, Record<string, string>, Buffer, (server: LocalOssServer) => unknown, string];
const scenarios: Scenario[] = [
  ['stored', {}, sampleEvent('cloudevents.json'), () => {}, 'batch stored'],
  [
    'a truncated value',
    { MAX_VALUE_BYTES: '4' },
    cloudEvents([{ partition: 0, offset: 1, value: 'longer than four bytes' }]),
    () => {},
    'values truncated',
  ],
  ['a 503, then stored', {}, one, (s) => s.faults.add({ method: 'PUT', times: 1, fault: { status: 503 } }), 'retrying'],
  [
    'a dropped connection, then stored',
    {},
    one,
    (s) => s.faults.add({ method: 'PUT', times: 1, fault: { reset: 'before-store' } }),
    'retrying',
  ],
  [
    'a key holding other bytes',
    {},
    one,
    (s) => sinkInstance(s).invoke(cloudEvents([{ partition: 0, offset: 1, value: 'other' }])),
    'records kept apart',
  ],
  ['a 403', {}, one, (s) => s.faults.add({ method: 'PUT', times: 1, fault: { status: 403, code: 'AccessDenied' } }), 'batch not stored'],
  ['a refused connection', { OSS_ENDPOINT: 'http://127.0.0.1:1' }, one, () => {}, 'batch not stored'],
  ['an unknown host', { OSS_ENDPOINT: 'https://oss.example.invalid' }, one, () => {}, 'batch not stored'],
  ['a poison element set aside', {}, Buffer.from('[{"specversion":"1.0"}]'), () => {}, 'elements set aside'],
  ['a rejected event', { FAILURE_POLICY: 'stop' }, Buffer.from('[{"specversion":"1.0"}]'), () => {}, 'batch rejected'],
  ['a bad setting', { OSS_PREFIX: '/abs' }, one, () => {}, 'sink not configured'],
];

it.each(scenarios)('%s', async (_name, env, event, arrange, expectedEvent) => {
  await arrange(server);
  const invocation = await sinkInstance(server, { env, timeoutSeconds: 600 }).invoke(event);
  const lines = invocation.logs.map((line) => {
    expect(() => JSON.parse(line)).not.toThrow();
    return JSON.parse(line) as Record<string, unknown>;
  });
  for (const line of lines) {
    expect(line).toMatchObject({ time: expect.stringMatching(ISO_UTC), level: expect.stringMatching(/^(info|warn|error)$/) });
    expect(line).toMatchObject({ message: expect.any(String), event: expect.any(String), requestId: expect.stringMatching(/^1-/) });
    expect(Object.keys(line).slice(0, 4)).toEqual(['time', 'level', 'message', 'event']);
  }
  expect(lines.map((line) => line.event)).toContain(expectedEvent);
});

it("writes the initializer's line with the initializer's request id, and the invocation's with its own", async () => {
  const invocation = await sinkInstance(server).invoke(one);
  const [configured, stored] = invocation.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(configured).toMatchObject({ event: 'sink configured', requestId: expect.stringMatching(/^1-/) });
  expect(stored).toMatchObject({ event: 'batch stored', requestId: expect.stringMatching(/^1-/) });
  expect(stored?.requestId).not.toBe(configured?.requestId);
});

it('says in the message of an error line what happened, and keeps the event name for queries', async () => {
  server.faults.add({ method: 'PUT', times: 1, fault: { status: 403, code: 'AccessDenied' } });
  const invocation = await sinkInstance(server).invoke(one);
  const error = invocation.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.level === 'error');
  expect(error).toMatchObject({
    event: 'batch not stored',
    message: expect.stringMatching(/^Stored 0 of 1 objects; not stored: .* HTTP 403 AccessDenied/),
  });
});
