// The FC stand-in keeps a function's output as FC's log holds it: console lines behind FC's prefix,
// stdout and stderr as written, one log in the order written. A small function written here shows it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFcInstance } from '../../../tools/fc-runner/fc-instance';

const dir = mkdtempSync(join(tmpdir(), 'oss-sink-fc-instance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bundle(source: string): string {
  const file = join(dir, `fn-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(file, source);
  return file;
}

/** `2024-03-04 07:01:16.927 1-65e571bc-158a59e8-b63f98cd471c [info] ` */
const FC_PREFIX = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) (1-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{12}) \[(\w+)\] /;

it('prefixes console lines as FC does, keeps stdout and stderr as written, all in the order written', async () => {
  const fn = bundle(`
    exports.handler = async (event, context) => {
      console.log('log %s', 'formatted');
      process.stdout.write('{"raw":1}\\n');
      console.warn('a warning');
      process.stderr.write('{"raw":2}\\n{"raw":');
      process.stderr.write('3}\\n');
      console.error(new Error('boom').message);
      console.debug('a debug line');
      context.logger.info('through context.logger');
      process.stdout.write('no line break at the end');
      return context.requestId;
    };`);
  const outcome = await startFcInstance({ bundle: fn, env: {} }).invoke(Buffer.from('{}'));
  if (!outcome.ok) throw outcome.error;
  const requestId = String(outcome.result);
  expect(requestId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{12}$/);
  const prefixed = (level: string, text: string) => expect.stringMatching(new RegExp(`^\\S+ \\S+ ${requestId} \\[${level}\\] ${text}$`));
  expect(outcome.logs).toEqual([
    prefixed('info', 'log formatted'),
    '{"raw":1}',
    prefixed('warn', 'a warning'),
    '{"raw":2}',
    '{"raw":3}',
    prefixed('error', 'boom'),
    prefixed('debug', 'a debug line'),
    prefixed('info', 'through context.logger'),
    'no line break at the end',
  ]);
  const [time] = FC_PREFIX.exec(outcome.logs[0] as string)?.slice(1) ?? [];
  expect(Math.abs(Date.parse(`${time?.replace(' ', 'T')}Z`) - Date.now())).toBeLessThan(60_000);
});

it('prefixes only the first line of a multi-line console call, as FC does', async () => {
  const fn = bundle(`exports.handler = async () => { console.warn('first\\nsecond\\nthird'); };`);
  const { logs } = await startFcInstance({ bundle: fn, env: {} }).invoke(Buffer.from('{}'));
  expect(logs).toHaveLength(3);
  expect(logs[0]).toMatch(FC_PREFIX);
  expect(logs.slice(1)).toEqual(['second', 'third']);
});

it("gives the initializer its own request id, and reports its lines with the first invocation's", async () => {
  const fn = bundle(`
    exports.initializer = async (context) => { process.stdout.write('init ' + context.requestId + '\\n'); console.log('init via console'); };
    exports.handler = async (event, context) => { process.stdout.write('handler ' + context.requestId + '\\n'); };`);
  const seen: string[] = [];
  const instance = startFcInstance({ bundle: fn, env: {}, onLog: (line) => seen.push(line) });
  const first = await instance.invoke(Buffer.from('{}'));
  const [init, viaConsole, handler] = first.logs;
  const initId = init?.split(' ')[1];
  expect(viaConsole).toMatch(new RegExp(` ${initId} \\[info\\] init via console$`));
  expect(handler?.split(' ')[1]).not.toBe(initId);
  const second = await instance.invoke(Buffer.from('{}'));
  expect(second.logs).toEqual([expect.stringMatching(/^handler /)]);
  expect(seen).toEqual([...first.logs, ...second.logs]);
});

it("keeps the function's output out of the host's stdout, and its environment apart", async () => {
  const fn = bundle(
    `exports.handler = async () => { process.stdout.write('mine\\n'); return process.env.ONLY_HERE + '/' + process.env.PATH; };`,
  );
  const write = jest.spyOn(process.stdout, 'write');
  try {
    const outcome = await startFcInstance({ bundle: fn, env: { ONLY_HERE: 'yes' } }).invoke(Buffer.from('{}'));
    expect(outcome).toMatchObject({ ok: true, result: 'yes/undefined', logs: ['mine'] });
    expect(write).not.toHaveBeenCalled();
  } finally {
    write.mockRestore();
  }
});
