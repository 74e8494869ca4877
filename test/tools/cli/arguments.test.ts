import { envCredentials, runWith, TempDirs } from './cli-harness';

const dirs = new TempDirs();
afterEach(() => dirs.removeAll());

async function run(...argv: string[]) {
  return runWith(argv, envCredentials(dirs.make()), dirs.make());
}

describe('command line', () => {
  test('--help and help print the usage to stdout and exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['status', '--help']]) {
      const result = await run(...argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: kafka-oss-sink <command> [options]');
      expect(result.stdout).toContain('send-test');
      expect(result.stderr).toBe('');
    }
  });

  test.each([
    [[], 'No command given.'],
    [['deploy'], "Unknown command 'deploy'. Commands: send-test, configure, status."],
    [['status', '--bogus'], "Unknown option '--bogus'."],
    [['status', '-x'], "Unknown option '-x'."],
    [['status', '--memory', '512'], "Option --memory does not apply to 'status'."],
    [['send-test', '--value'], "Option '--value' needs a value."],
    [
      ['send-test', '--partition', '-1', '--value', 'x'],
      "Option '--partition' needs a value; to pass one that starts with '-', write --partition=<value>.",
    ],
    [['status', '--json=yes'], "Option '--json' takes no value."],
    [['status', 'extra'], "Unexpected argument 'extra' after 'status'."],
    [['status', '--region', ''], 'Option --region needs a non-empty value.'],
  ])('%j is a usage error: the message, then the usage, exit 2', async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`Error: ${message}`);
    expect(result.stderr).toContain('Usage: kafka-oss-sink <command> [options]');
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

  test('a missing function name says where it was looked for', async () => {
    const result = await run('status', '--region', 'cn-hangzhou');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing --function: there is no s.yaml in this directory.');
  });
});
