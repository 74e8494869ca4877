import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_KEY_ID, ACCOUNT_ID, envCredentials, runWith, SECRET, TOKEN, useFcStandIn } from './cli-harness';
import { expectedFc2Authorization, expectedFc3Authorization, FcStandIn } from './fc-stand-in';

const { standIn, dirs, endpoint } = useFcStandIn();

const summary = { objects: [{ key: 'archive/oss-test-input/0/x.json', records: 1 }] };

function target(...extra: string[]): string[] {
  return ['--function', 'kafka-oss-sink', '--region', 'cn-hangzhou', '--endpoint', endpoint(), ...extra];
}

function onlyEvent(body: Buffer): Record<string, unknown> {
  const events = JSON.parse(body.toString('utf8')) as unknown[];
  expect(events).toHaveLength(1);
  return events[0] as Record<string, unknown>;
}

describe('send-test through the FC 3.0 API', () => {
  test('invokes the function with one Kafka CloudEvent carrying the key, value, partition and topic, and prints the summary', async () => {
    standIn.responder = () => ({ body: summary });
    const run = await runWith(
      ['send-test', ...target('--key', 'demo', '--value', '{"key":"test"}', '--partition', '3', '--topic', 'oss-test-input')],
      envCredentials(dirs.make()),
      dirs.make(),
    );

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(standIn.requests).toHaveLength(1);
    const request = standIn.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/2023-03-30/functions/kafka-oss-sink/invocations');
    expect(request.headers['x-acs-action']).toBe('InvokeFunction');
    expect(request.headers['x-acs-security-token']).toBe(TOKEN);
    expect(request.headers.authorization).toBe(expectedFc3Authorization(request, ACCESS_KEY_ID, SECRET));

    const event = onlyEvent(request.body);
    expect(event).toMatchObject({
      specversion: '1.0',
      source: 'acs:alikafka',
      type: 'alikafka:Topic:Message',
      aliyunaccountid: ACCOUNT_ID,
      datacontenttype: 'application/json; charset=utf-8',
    });
    expect(typeof event.id).toBe('string');
    const data = event.data as Record<string, unknown>;
    expect(data).toMatchObject({
      topic: 'oss-test-input',
      partition: 3,
      key: 'demo',
      value: '{"key":"test"}',
      headers: { headers: [], isReadOnly: false },
    });
    expect(Number.isSafeInteger(data.offset)).toBe(true);
    expect(data.offset as number).toBeGreaterThan(1e15);
    expect(Math.abs((data.timestamp as number) - Date.parse(event.time as string))).toBe(0);

    expect(run.stdout).toContain(`offset ${data.offset as number}`);
    expect(run.stdout).toContain('archive/oss-test-input/0/x.json');
    expect(run.stdout).toContain('Request id: req-0001');
  });

  test('two tests get different offsets, and --offset is sent exactly, even beyond 2^53', async () => {
    standIn.responder = () => ({ body: summary });
    const env = envCredentials(dirs.make());
    const cwd = dirs.make();
    await runWith(['send-test', ...target('--value', 'a', '--topic', 't')], env, cwd);
    await runWith(['send-test', ...target('--value', 'b', '--topic', 't')], env, cwd);
    const run = await runWith(['send-test', ...target('--value', 'c', '--topic', 't', '--offset', '9223372036854775807')], env, cwd);

    expect(run.code).toBe(0);
    const [first, second, third] = standIn.requests.map((request) => request.body.toString('utf8'));
    const offsetOf = (body: string | undefined) => /"offset":"?(\d+)/.exec(body ?? '')?.[1];
    expect(offsetOf(first)).not.toBe(offsetOf(second));
    expect(offsetOf(third)).toBe('9223372036854775807');
  });

  test('without --key the message has a null key; topic, region and name come from the vars of the s.yaml above', async () => {
    standIn.responder = () => ({ body: summary });
    const project = dirs.make();
    writeFileSync(
      join(project, 's.yaml'),
      [
        'edition: 3.0.0',
        'vars:',
        "  region: \"${env('SINK_REGION', 'cn-shanghai')}\"",
        "  name: \"${env('SINK_NAME', 'from-default')}\"",
        "  topic: \"${env('SINK_TOPIC', 'default-topic')}\"",
        'resources: {}',
      ].join('\n'),
    );
    const subfolder = join(project, 'events', 'mine');
    mkdirSync(subfolder, { recursive: true });
    const run = await runWith(
      ['send-test', '--value', 'hello', '--endpoint', endpoint()],
      envCredentials(dirs.make(), { SINK_NAME: 'from-env' }),
      subfolder,
      project,
    );

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(standIn.requests[0]!.path).toBe('/2023-03-30/functions/from-env/invocations');
    const data = onlyEvent(standIn.requests[0]!.body).data as Record<string, unknown>;
    expect(data.key).toBeNull();
    expect(data.topic).toBe('default-topic');
    expect(data.partition).toBe(0);
    expect(run.stdout).toContain('cn-shanghai');
  });

  test('a 200 with x-fc-error-type is a failure: error type and message printed, exit 1', async () => {
    standIn.responder = () => ({
      headers: { 'x-fc-error-type': 'UnhandledInvocationError', 'x-fc-request-id': 'req-failed-7' },
      body: { errorMessage: 'bucket archive-bucket does not exist', errorType: 'NoSuchBucket', stackTrace: [] },
    });
    const run = await runWith(['send-test', ...target('--value', 'x', '--topic', 't')], envCredentials(dirs.make()), dirs.make());

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('UnhandledInvocationError');
    expect(run.stderr).toContain('NoSuchBucket: bucket archive-bucket does not exist');
    expect(run.stderr).toContain('req-failed-7');
  });

  test('--json prints a machine-readable result, and a failure as ok:false', async () => {
    standIn.responder = () => ({ body: summary });
    const ok = await runWith(
      ['send-test', '--json', ...target('--value', 'x', '--topic', 't', '--offset', '42')],
      envCredentials(dirs.make()),
      dirs.make(),
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      ok: true,
      function: 'kafka-oss-sink',
      message: { topic: 't', partition: 0, offset: 42, key: null },
      requestId: 'req-0001',
      result: summary,
    });

    standIn.responder = () => ({ headers: { 'x-fc-error-type': 'FunctionTimeout' }, body: { errorMessage: 'timed out' } });
    const failed = await runWith(
      ['send-test', '--json', ...target('--value', 'x', '--topic', 't')],
      envCredentials(dirs.make()),
      dirs.make(),
    );
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ ok: false, errorType: 'FunctionTimeout', error: { message: 'timed out' } });
  });

  test('function not found: says so with the request id and suggests --service for FC 2.0 functions', async () => {
    standIn.responder = () => ({
      status: 404,
      body: { Code: 'FunctionNotFound', Message: 'function kafka-oss-sink does not exist', RequestId: 'req-404-1' },
    });
    const run = await runWith(['send-test', ...target('--value', 'x', '--topic', 't')], envCredentials(dirs.make()), dirs.make());

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FunctionNotFound');
    expect(run.stderr).toContain('req-404-1');
    expect(run.stderr).toContain('--service');
    expect(run.stderr).toContain("'kafka-oss-sink'");
  });

  test('access denied: names the credentials and permissions, with the request id', async () => {
    standIn.responder = () => ({ status: 403, body: { Code: 'AccessDenied', Message: 'not allowed', RequestId: 'req-403-1' } });
    const run = await runWith(['send-test', ...target('--value', 'x', '--topic', 't')], envCredentials(dirs.make()), dirs.make());

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AccessDenied');
    expect(run.stderr).toContain('req-403-1');
    expect(run.stderr).toMatch(/AccessKey/);
  });

  test('an endpoint() that does not answer is a network error naming the endpoint', async () => {
    const closed = new FcStandIn();
    const url = await closed.start();
    await closed.stop();
    const run = await runWith(
      ['send-test', '--function', 'f', '--region', 'cn-hangzhou', '--endpoint', url, '--value', 'x', '--topic', 't'],
      envCredentials(dirs.make()),
      dirs.make(),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`FC at ${url} did not answer`);
  });

  test('bad input is refused before anything is sent', async () => {
    const env = envCredentials(dirs.make());
    const cwd = dirs.make();
    const missingValue = await runWith(['send-test', ...target('--topic', 't')], env, cwd);
    const badPartition = await runWith(['send-test', ...target('--value', 'x', '--topic', 't', '--partition', 'two')], env, cwd);
    const badOffset = await runWith(['send-test', ...target('--value', 'x', '--topic', 't', '--offset', '9223372036854775808')], env, cwd);
    const noTopic = await runWith(['send-test', ...target('--value', 'x')], env, cwd);

    expect(missingValue).toMatchObject({ code: 2 });
    expect(missingValue.stderr).toContain('--value');
    expect(badPartition).toMatchObject({ code: 2 });
    expect(badPartition.stderr).toContain('--partition two');
    expect(badOffset).toMatchObject({ code: 2 });
    expect(badOffset.stderr).toContain('--offset 9223372036854775808');
    expect(noTopic).toMatchObject({ code: 2 });
    expect(noTopic.stderr).toContain('Missing --topic: there is no s.yaml');
    expect(standIn.requests).toHaveLength(0);
  });
});

describe('send-test through the FC 2.0 API (--service)', () => {
  test('invokes /2016-08-15/services/{service}/functions/{name}/invocations with a valid FC signature', async () => {
    standIn.responder = () => ({ body: summary });
    const run = await runWith(
      ['send-test', ...target('--service', 'connector-svc', '--key', 'k', '--value', 'v', '--topic', 'orders', '--partition', '1')],
      envCredentials(dirs.make(), { ALIBABA_CLOUD_ACCESS_KEY_ID: `STS.${ACCESS_KEY_ID}` }),
      dirs.make(),
    );

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const request = standIn.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/2016-08-15/services/connector-svc/functions/kafka-oss-sink/invocations');
    expect(request.headers['x-fc-account-id']).toBe(ACCOUNT_ID);
    expect(request.headers['x-fc-security-token']).toBe(TOKEN);
    expect(request.headers.authorization).toBe(expectedFc2Authorization(request, `STS.${ACCESS_KEY_ID}`, SECRET));
    const data = onlyEvent(request.body).data as Record<string, unknown>;
    expect(data).toMatchObject({ topic: 'orders', partition: 1, key: 'k', value: 'v' });
    expect(run.stdout).toContain("function 'kafka-oss-sink' of service 'connector-svc' (FC 2.0, cn-hangzhou)");
  });

  test('an invocation error and a missing function are reported like on FC 3.0', async () => {
    standIn.responder = () => ({
      headers: { 'x-fc-error-type': 'HandledInvocationError' },
      body: { errorMessage: 'boom', errorType: 'Error' },
    });
    const failed = await runWith(
      ['send-test', ...target('--service', 's', '--value', 'v', '--topic', 't')],
      envCredentials(dirs.make()),
      dirs.make(),
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('HandledInvocationError');
    expect(failed.stderr).toContain('Error: boom');

    standIn.responder = () => ({
      status: 404,
      headers: { 'x-fc-request-id': 'req-404-2' },
      body: { ErrorCode: 'FunctionNotFound', ErrorMessage: 'no such function' },
    });
    const missing = await runWith(
      ['send-test', ...target('--service', 's', '--value', 'v', '--topic', 't')],
      envCredentials(dirs.make()),
      dirs.make(),
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('FunctionNotFound: no such function');
    expect(missing.stderr).toContain('req-404-2');
    expect(missing.stderr).toContain('drop --service');
  });
});
