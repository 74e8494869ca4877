import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { envCredentials, runWith, SECRET, TOKEN, useFcStandIn } from './cli-harness';
import type { Responder } from './fc-stand-in';

const { standIn, dirs, endpoint } = useFcStandIn();

const ok: Responder = (request) =>
  request.path.endsWith('/triggers')
    ? { body: { triggers: [{ triggerName: 'kafka', triggerType: 'eventbridge', triggerConfig: '{}' }] } }
    : { body: { functionName: 'f', memorySize: 512, timeout: 60, cpu: 0.5 } };
const invocationError: Responder = () => ({ headers: { 'x-fc-error-type': 'UnhandledInvocationError' }, body: { errorMessage: 'boom' } });
const notFound: Responder = () => ({ status: 404, body: { Code: 'FunctionNotFound', Message: 'gone' } });
/** A server that echoes the caller's secret back: the output must still not show it. */
const echoesSecret: Responder = () => ({
  status: 403,
  body: { Code: 'SignatureNotMatch', Message: `expected signature for ${SECRET} and ${TOKEN}` },
});

describe('no secret is ever printed', () => {
  const commands = [
    ['send-test', '--value', 'v', '--topic', 't'],
    ['send-test', '--value', 'v', '--topic', 't', '--json'],
    ['configure', '--memory', '1024'],
    ['configure', '--memory', '1000'],
    ['configure', '--memory', '8192'],
    ['status'],
    ['status', '--json'],
  ];
  const responders = { ok, invocationError, notFound, echoesSecret };

  test.each(
    Object.entries(responders).flatMap(([name, responder]) =>
      commands.flatMap(
        (command) =>
          [
            [name, responder, command, false],
            [name, responder, command, true],
          ] as const,
      ),
    ),
  )('stand-in %s, %j, FC 2.0: %s', async (_name, responder, command, fc2) => {
    standIn.responder = responder;
    const argv = [...command, '--function', 'f', '--region', 'cn-hangzhou', '--endpoint', endpoint(), ...(fc2 ? ['--service', 's'] : [])];
    const run = await runWith(argv, envCredentials(dirs.make()), dirs.make());
    const printed = run.stdout + run.stderr;
    expect(printed.length).toBeGreaterThan(0);
    expect(printed).not.toContain(SECRET);
    expect(printed).not.toContain(TOKEN);
  });

  test('a secret echoed by the server is shown as [redacted]', async () => {
    standIn.responder = echoesSecret;
    const run = await runWith(
      ['status', '--function', 'f', '--region', 'cn-hangzhou', '--endpoint', endpoint()],
      envCredentials(dirs.make()),
      dirs.make(),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('expected signature for [redacted] and [redacted]');
  });

  test('nor on the paths that fail before any request', async () => {
    const home = dirs.make();
    mkdirSync(join(home, '.s'));
    writeFileSync(
      join(home, '.s', 'access.yaml'),
      `default:\n  AccessKeyID: LTAIabc\n  AccessKeySecret: ${SECRET}\n  SecurityToken: [${TOKEN}\n`,
    );
    const runs = [
      await runWith(['status', '--function', 'f', '--region', 'cn-hangzhou'], { HOME: home }, dirs.make()),
      await runWith(
        ['status', '--function', 'f', '--region', 'cn-hangzhou'],
        { ...envCredentials(home), ALIBABA_CLOUD_ACCESS_KEY_ID: '' },
        dirs.make(),
      ),
      await runWith(
        ['status', '--function', 'f', '--region', 'cn-hangzhou'],
        { ...envCredentials(home), ALIBABA_CLOUD_ACCOUNT_ID: '' },
        dirs.make(),
      ),
      await runWith(
        ['status', '--function', 'f', '--region', 'cn-hangzhou', '--endpoint', endpoint(), '--service', 's'],
        { ...envCredentials(home), ALIBABA_CLOUD_ACCOUNT_ID: '' },
        dirs.make(),
      ),
      await runWith(['status', '--bogus', SECRET.slice(0, 3)], envCredentials(home), dirs.make()),
    ];
    for (const run of runs) {
      expect(run.code).not.toBe(0);
      expect(run.stderr.length).toBeGreaterThan(0);
      expect(run.stdout + run.stderr).not.toContain(SECRET);
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
    }
  });
});
