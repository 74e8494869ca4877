import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/repo';
import { envCredentials, runWith, TempDirs } from './cli-harness';

const dirs = new TempDirs();
afterEach(() => dirs.removeAll());

/** Runs in an empty folder under which no s.yaml is looked for. */
async function run(...argv: string[]) {
  const cwd = dirs.make();
  return runWith(argv, envCredentials(dirs.make()), cwd, cwd);
}

const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

describe('command line', () => {
  test('--help, -h and help print the overview of every command to stdout and exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const result = await run(...argv);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^Usage: kafka-oss-sink \[options\] \[command\]/);
      for (const command of ['send-test', 'configure', 'status']) expect(result.stdout).toContain(`  ${command}`);
      expect(result.stdout).toContain('Exit codes: 0 ok, 1 failed, 2 wrong command line.');
    }
  });

  test("a command's --help (or help <command>) shows that command alone, with the options every command takes", async () => {
    for (const argv of [
      ['send-test', '--help'],
      ['help', 'send-test'],
    ]) {
      const result = await run(...argv);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^Usage: kafka-oss-sink send-test \[options\]/);
      expect(result.stdout).toContain('--value <text>');
      expect(result.stdout).toContain('--function <name>');
      expect(result.stdout).not.toContain('--memory');
      expect(result.stdout).not.toMatch(/^ {2}status/m);
    }
    const status = await run('status', '-h');
    expect(status.stdout).toMatch(/^Usage: kafka-oss-sink status \[options\]/);
    expect(status.stdout).not.toContain('--value');
  });

  test("--version and -v print the package's version and exit 0", async () => {
    for (const flag of ['--version', '-v']) expect(await run(flag)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test.each([
    [[], 'No command given.', "Run 'kafka-oss-sink --help' for the commands."],
    [
      ['deploy'],
      "Unknown command 'deploy'. Commands: send-test, configure, status, export, verify.",
      "Run 'kafka-oss-sink --help' for the commands.",
    ],
    [
      ['sendtest'],
      "Unknown command 'sendtest'. Did you mean send-test? Commands: send-test, configure, status, export, verify.",
      "Run 'kafka-oss-sink --help' for the commands.",
    ],
    [
      ['status', '--jsn'],
      "Unknown option '--jsn' for 'status'. Did you mean --json?",
      "Run 'kafka-oss-sink status --help' for its options.",
    ],
    [
      ['send-test', '--vaule', 'x'],
      "Unknown option '--vaule' for 'send-test'. Did you mean --value?",
      "Run 'kafka-oss-sink send-test --help' for its options.",
    ],
    [['status', '--bogus'], "Unknown option '--bogus' for 'status'.", "Run 'kafka-oss-sink status --help' for its options."],
    [['status', '-x'], "Unknown option '-x' for 'status'.", "Run 'kafka-oss-sink status --help' for its options."],
    [
      ['status', '--memory', '512'],
      "Option --memory does not apply to 'status': it is an option of 'configure'.",
      "Run 'kafka-oss-sink status --help' for its options.",
    ],
    [
      ['send-test', '--value'],
      "Option '--value' needs a value, e.g. --value <text>.",
      "Run 'kafka-oss-sink send-test --help' for its options.",
    ],
    [['status', '--json=yes'], "Option '--json' takes no value.", "Run 'kafka-oss-sink status --help' for its options."],
    [['status', 'extra'], "'status' takes no arguments, only options", "Run 'kafka-oss-sink status --help' for its options."],
    [['status', '--region', ''], 'Option --region needs a non-empty value.', "Run 'kafka-oss-sink status --help' for its options."],
  ])('%j is a usage error: the message, then a one-line hint, exit 2', async (argv, message, hint) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const [first, second, ...rest] = result.stderr.trimEnd().split('\n');
    expect(first).toContain(`Error: ${message}`);
    expect(second).toBe(hint);
    expect(rest).toEqual([]);
  });

  test('with --json, a usage error is JSON on stdout, and nothing is printed to stderr', async () => {
    const result = await run('status', '--json', '--jsno');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      exitCode: 2,
      error: {
        message: "Unknown option '--jsno' for 'status'. Did you mean --json?",
        hint: "Run 'kafka-oss-sink status --help' for its options.",
      },
    });
    const missing = await run('send-test', '--json', '--topic', 't', '--function', 'f', '--region', 'cn-hangzhou');
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, exitCode: 2, error: { message: expect.stringContaining('--value') } });
  });

  test('a region or endpoint that cannot be right is refused before connecting', async () => {
    const region = await run('status', '--function', 'f', '--region', 'Hangzhou');
    expect(region.code).toBe(2);
    expect(region.stderr).toContain("Region 'Hangzhou' is not a region id");

    const endpoint = await run('status', '--function', 'f', '--region', 'cn-hangzhou', '--endpoint', '127.0.0.1:9000');
    expect(endpoint.code).toBe(2);
    expect(endpoint.stderr).toContain("--endpoint '127.0.0.1:9000'");

    const path = await run('status', '--function', 'f', '--region', 'cn-hangzhou', '--endpoint', 'http://127.0.0.1:9000/2023-03-30');
    expect(path.code).toBe(2);
    expect(path.stderr).toContain('with no path');
  });

  test('a missing function name says where s.yaml was looked for', async () => {
    const cwd = dirs.make();
    const result = await runWith(['status', '--region', 'cn-hangzhou'], envCredentials(dirs.make()), cwd, cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Missing --function: there is no s.yaml in ${cwd} or any folder above it.`);
  });
});
