/** @module One line on a terminal's stderr, redrawn at most ten times a second, then erased. */

const REDRAW_MS = 100;

export class Progress {
  private drawnAt = 0;
  private drawn = false;

  constructor(
    private readonly stderr: { write(text: string): unknown },
    private readonly enabled: boolean,
  ) {}

  update(line: () => string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.drawnAt < REDRAW_MS) return;
    this.drawnAt = now;
    this.drawn = true;
    this.stderr.write(`\r\u001b[K${line()}`);
  }

  clear(): void {
    if (this.drawn) this.stderr.write('\r\u001b[K');
    this.drawn = false;
  }
}

export function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
