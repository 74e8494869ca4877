import { ACCESS_KEY_ID, envCredentials, runWith, SECRET, useFcStandIn } from './cli-harness';
import { expectedFc2Authorization, expectedFc3Authorization, type RecordedRequest } from './fc-stand-in';

const { standIn, dirs, endpoint } = useFcStandIn();

/** A function that answers GET with its settings and applies PUTs to them, as FC does. */
function functionWith(settings: Record<string, unknown>) {
  let current = { functionName: 'kafka-oss-sink', runtime: 'nodejs20', handler: 'index.handler', ...settings };
  return (request: RecordedRequest) => {
    if (request.method === 'PUT') current = { ...current, ...(JSON.parse(request.body.toString('utf8')) as object) };
    return { body: current };
  };
}

const target = () => ['--function', 'kafka-oss-sink', '--region', 'cn-hangzhou', '--endpoint', endpoint()];

describe('configure', () => {
  test('FC 3.0: reads the function, sends only the changed settings, prints before and after', async () => {
    standIn.responder = functionWith({ memorySize: 512, timeout: 60, cpu: 0.35 });
    const run = await runWith(['configure', ...target(), '--memory', '1024', '--timeout', '120'], envCredentials(dirs.make()), dirs.make());

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /2023-03-30/functions/kafka-oss-sink',
      'PUT /2023-03-30/functions/kafka-oss-sink',
    ]);
    const update = standIn.requests[1]!;
    expect(JSON.parse(update.body.toString('utf8'))).toEqual({ memorySize: 1024, timeout: 120 });
    expect(update.headers['x-acs-action']).toBe('UpdateFunction');
    expect(update.headers.authorization).toBe(expectedFc3Authorization(update, ACCESS_KEY_ID, SECRET));
    expect(run.stdout).toMatch(/memory\s+512 MB -> 1024 MB/);
    expect(run.stdout).toMatch(/timeout\s+60 s -> 120 s/);
  });

  test('FC 2.0: PUT /2016-08-15/services/{service}/functions/{name} with a valid signature', async () => {
    standIn.responder = functionWith({ memorySize: 256, timeout: 30 });
    const run = await runWith(
      ['configure', ...target(), '--service', 'svc', '--timeout', '300', '--json'],
      envCredentials(dirs.make()),
      dirs.make(),
    );

    expect(run.code).toBe(0);
    const update = standIn.requests[1]!;
    expect(`${update.method} ${update.path}`).toBe('PUT /2016-08-15/services/svc/functions/kafka-oss-sink');
    expect(JSON.parse(update.body.toString('utf8'))).toEqual({ timeout: 300 });
    expect(update.headers.authorization).toBe(expectedFc2Authorization(update, ACCESS_KEY_ID, SECRET));
    expect(JSON.parse(run.stdout)).toEqual({
      function: 'kafka-oss-sink',
      before: { memorySize: 256, timeout: 30 },
      after: { memorySize: 256, timeout: 300 },
    });
  });

  test.each([
    [['--memory', '100'], '--memory 100', 'the nearest is 128'],
    [['--memory', '1000'], '--memory 1000', 'the nearest is 1024'],
    [['--memory', '32832'], '--memory 32832', 'from 128 to 32768'],
    [['--memory', '1e3'], '--memory 1e3', 'steps of 64'],
    [['--timeout', '0'], '--timeout 0', '1 to 86400'],
    [['--timeout', '86401'], '--timeout 86401', '1 to 86400'],
    [['--timeout', '1.5'], '--timeout 1.5', 'whole seconds'],
    [['--cpu', '0.33'], '--cpu 0.33', 'steps of 0.05'],
    [['--cpu', '17'], '--cpu 17', '0.05 to 16'],
  ])('%j is rejected before any request (exit 2)', async (args, named, hint) => {
    standIn.responder = functionWith({ memorySize: 512, timeout: 60 });
    const run = await runWith(['configure', ...target(), ...args], envCredentials(dirs.make()), dirs.make());

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(named);
    expect(run.stderr).toContain(hint);
    expect(standIn.requests).toHaveLength(0);
  });

  test('nothing to change is a usage error', async () => {
    const run = await runWith(['configure', ...target()], envCredentials(dirs.make()), dirs.make());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Nothing to change');
    expect(run.stderr).toContain("Run 'kafka-oss-sink configure --help' for its options.");
    expect(standIn.requests).toHaveLength(0);
  });

  test('memory outside 1-4 GB per vCPU of the current function is refused before the update, with the values that would fit', async () => {
    standIn.responder = functionWith({ memorySize: 512, timeout: 60, cpu: 0.35 });
    const run = await runWith(['configure', ...target(), '--memory', '4096'], envCredentials(dirs.make()), dirs.make());

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('4096 MB with 0.35 vCPU');
    expect(run.stderr).toContain('--cpu in 1–4');
    expect(run.stderr).toContain('--memory in 384–1408');
    expect(standIn.requests.map((request) => request.method)).toEqual(['GET']);

    standIn.requests.length = 0;
    const withCpu = await runWith(['configure', ...target(), '--memory', '4096', '--cpu', '2'], envCredentials(dirs.make()), dirs.make());
    expect(withCpu.code).toBe(0);
    expect(JSON.parse(standIn.requests[1]!.body.toString('utf8'))).toEqual({ memorySize: 4096, cpu: 2 });
    expect(withCpu.stdout).toMatch(/vCPU\s+0.35 -> 2/);
  });

  test('FC refusing the update is reported with its code, message and request id', async () => {
    standIn.responder = (request) =>
      request.method === 'GET'
        ? { body: { functionName: 'kafka-oss-sink', memorySize: 512, timeout: 60 } }
        : { status: 400, body: { Code: 'InvalidArgument', Message: 'memorySize exceeds the quota', RequestId: 'req-400-9' } };
    const run = await runWith(['configure', ...target(), '--memory', '2048'], envCredentials(dirs.make()), dirs.make());

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Could not update');
    expect(run.stderr).toContain('400 InvalidArgument: memorySize exceeds the quota');
    expect(run.stderr).toContain('req-400-9');
  });
});
