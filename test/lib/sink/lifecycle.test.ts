// How the built function reports each kind of failure: one log event per error family, with the
// problems as a field and the request id on every line of the invocation.
import { cloudEvents, errorOf, ossPerTest, sinkInstance } from '../../support/sink-fixture';

const oss = ossPerTest();

const batch = cloudEvents([{ partition: 0, offset: 1, value: 'v' }]);
const lines = (logs: string[]) => logs.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('each error family is logged as its own event, with its problems as data', () => {
  it.each([
    ['a configuration problem', { OSS_BUCKET: 'Not_A_Bucket' }, batch, 'sink not configured', 'ConfigError', /OSS_BUCKET must be/],
    [
      'an event that is not a Kafka batch, with FAILURE_POLICY=stop',
      { FAILURE_POLICY: 'stop' },
      Buffer.from('[{"specversion":"1.0"}]'),
      'batch rejected',
      'PayloadError',
      /element 0 \(CloudEvent\) field data/,
    ],
  ])('%s', async (_name, env, event, logEvent, errorName, problem) => {
    const invocation = await sinkInstance(oss.server, { env }).invoke(event);
    expect(errorOf(invocation).name).toBe(errorName);
    const errorLines = lines(invocation.logs).filter((line) => line.level === 'error');
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatchObject({ event: logEvent, error: errorName, problems: [expect.stringMatching(problem)] });
    expect(oss.server.requests).toHaveLength(0);
  });

  it('objects OSS would not take', async () => {
    oss.server.faults.add({ method: 'PUT', times: 1, fault: { status: 403, code: 'AccessDenied' } });
    const invocation = await sinkInstance(oss.server).invoke(batch);
    expect(errorOf(invocation).name).toBe('StoreError');
    const [line] = lines(invocation.logs).filter((entry) => entry.level === 'error');
    expect(line).toMatchObject({
      event: 'batch not stored',
      stored: 0,
      notStored: 1,
      problems: [expect.stringMatching(/HTTP 403 AccessDenied/)],
    });
  });
});

it('binds the request id to every line an invocation logs', async () => {
  oss.server.faults.add({ method: 'PUT', times: 1, fault: { status: 503 } });
  const instance = sinkInstance(oss.server);
  const first = await instance.invoke(batch); // the initializer's "sink configured" comes first
  const invocationLines = lines(first.logs).filter((line) => line.event !== 'sink configured');
  expect(invocationLines.map((line) => line.event)).toEqual(['retrying', 'batch stored']);
  const [requestId] = new Set(invocationLines.map((line) => line.requestId));
  expect(requestId).toEqual(expect.any(String));
  expect(new Set(invocationLines.map((line) => line.requestId)).size).toBe(1);
});
