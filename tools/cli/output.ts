/** Where the CLI writes; a stream-like sink so tests can capture it. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Lines to stdout and stderr, with every known secret (AccessKey secret, STS token) replaced by
 * `***` on the way out: a last guard in case some server or SDK message ever echoes one.
 */
export class Output {
  private secrets: string[] = [];

  constructor(
    private readonly stdout: TextSink,
    private readonly stderr: TextSink,
  ) {}

  hideSecrets(...secrets: (string | undefined)[]): void {
    for (const secret of secrets) {
      if (secret !== undefined && secret.length >= 4) this.secrets.push(secret);
    }
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

  private redact(text: string): string {
    return this.secrets.reduce((result, secret) => result.split(secret).join('***'), text);
  }
}
