import { writeToStandardStreams } from '../../../lib/log/standard-streams';

it('writes info lines to stdout and warnings and errors to stderr, each as written plus a line break', () => {
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    writeToStandardStreams('info', '{"level":"info"}');
    writeToStandardStreams('warn', '{"level":"warn"}');
    writeToStandardStreams('error', '{"level":"error"}');
    expect(out.mock.calls).toEqual([['{"level":"info"}\n']]);
    expect(err.mock.calls).toEqual([['{"level":"warn"}\n'], ['{"level":"error"}\n']]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
});
