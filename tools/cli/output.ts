import { Redactor } from '../../lib/log/redactor';

/** Where the CLI writes; a stream-like sink so tests can capture it. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Lines to stdout and stderr, every known secret (AccessKey secret, STS token) redacted on the way
 * out: a last guard in case some server or SDK message ever echoes one.
 */
export class Output {
  private readonly redactor = new Redactor();

  constructor(
    private readonly stdout: TextSink,
    private readonly stderr: TextSink,
  ) {}

  hideSecrets(...secrets: (string | undefined)[]): void {
    this.redactor.add(...secrets);
  }

  line(text = ''): void {
    this.stdout.write(`${this.redact(text)}\n`);
  }

  json(value: unknown): void {
    this.line(JSON.stringify(value, null, 2));
  }

  error(text: string): void {
    this.stderr.write(`${this.redact(text)}\n`);
  }

  /** Text with every known secret replaced, for what is written past these lines (a progress line). */
  redact(text: string): string {
    return this.redactor.redact(text);
  }
}
