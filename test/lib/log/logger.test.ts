import { createJsonLogger, type LogLevel } from '../../../lib/log/logger';
import { Redactor } from '../../../lib/log/redactor';

const clock = () => new Date('2026-03-04T07:01:16.927Z');

function capture(redactor = new Redactor()) {
  const lines: Array<{ level: LogLevel; line: string }> = [];
  const logger = createJsonLogger((level, line) => lines.push({ level, line }), redactor, {}, clock);
  return { logger, lines, parsed: () => lines.map(({ line }) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createJsonLogger', () => {
  it('writes one JSON object per call: time, level, message and event first, then the bound and the given fields', () => {
    const { logger, lines } = capture();
    logger.child({ requestId: 'req-1' }).warn('retrying put', { key: 'a/b.json', delayMs: 120 });
    expect(lines).toEqual([
      {
        level: 'warn',
        line: '{"time":"2026-03-04T07:01:16.927Z","level":"warn","message":"retrying put","event":"retrying put","requestId":"req-1","key":"a/b.json","delayMs":120}',
      },
    ]);
  });

  it('uses the message field as the sentence when the call gives one, and keeps it in its place', () => {
    const { logger, parsed } = capture();
    logger.error('batch not stored', { error: 'StoreError', message: 'Stored 0 of 1 objects; …' });
    const [line] = parsed();
    expect(Object.keys(line ?? {})).toEqual(['time', 'level', 'message', 'event', 'error']);
    expect(line).toMatchObject({ message: 'Stored 0 of 1 objects; …', event: 'batch not stored' });
  });

  it('keeps a line on one line, whatever the message holds', () => {
    const { logger, lines } = capture();
    logger.info('x', { message: 'first\nsecond', detail: 'a\r\nb' });
    expect(lines[0]?.line).not.toMatch(/[\r\n]/);
  });

  it('does not let a field replace time, level or event', () => {
    const { logger, parsed } = capture();
    logger.info('sink configured', { time: 'then', level: 'debug', event: 'other' });
    expect(parsed()[0]).toEqual({ time: '2026-03-04T07:01:16.927Z', level: 'info', message: 'sink configured', event: 'sink configured' });
  });

  it('a child adds its fields to every line, and its own children add more', () => {
    const { logger, parsed } = capture();
    const invocation = logger.child({ requestId: 'r' });
    invocation.child({ key: 'k' }).info('one');
    invocation.info('two');
    logger.info('three');
    expect(parsed().map(({ requestId, key }) => ({ requestId, key }))).toEqual([
      { requestId: 'r', key: 'k' },
      { requestId: 'r', key: undefined },
      { requestId: undefined, key: undefined },
    ]);
  });

  it('writes bigints as strings of digits', () => {
    const { logger, parsed } = capture();
    logger.info('offset', { offset: 9007199254740993n });
    expect(parsed()[0]?.offset).toBe('9007199254740993');
  });

  it('never throws: fields that cannot be written are named instead', () => {
    const { logger, parsed } = capture();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => logger.warn('odd', { cycle })).not.toThrow();
    expect(parsed()[0]).toMatchObject({ level: 'warn', event: 'odd', logError: expect.stringContaining('could not be written') });
  });

  it('masks registered secrets anywhere in the line', () => {
    const redactor = new Redactor();
    redactor.add('secret-value-1234');
    const { logger, lines } = capture(redactor);
    logger.error('failed', { message: 'server echoed secret-value-1234', nested: { token: 'secret-value-1234' } });
    expect(lines[0]?.line).not.toContain('secret-value-1234');
    expect(lines[0]?.line).toContain('[redacted]');
  });
});
