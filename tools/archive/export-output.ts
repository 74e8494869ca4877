/**
 * @module Where export writes: stdout, or a file that appears under its name only once the export
 * is complete (it is written as `<file>.partial` and renamed; a failed or interrupted export
 * removes it). Writes wait when the reader (kcat, a pipe) is slower than the archive.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { OutputStream } from './command-io';

export class ExportOutput {
  private failure: Error | undefined;
  private readonly onError = (error: unknown) => {
    this.failure = error as Error;
  };

  private constructor(
    private readonly stream: OutputStream,
    private readonly file: { path: string; partial: string } | undefined,
  ) {
    stream.once('error', this.onError);
  }

  static toStream(stream: OutputStream): ExportOutput {
    return new ExportOutput(stream, undefined);
  }

  static toFile(path: string): ExportOutput {
    const partial = `${path}.partial`;
    return new ExportOutput(createWriteStream(partial) as unknown as OutputStream, { path, partial });
  }

  async write(chunk: string | Buffer): Promise<void> {
    if (this.failure) throw this.writeError();
    if (this.stream.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const events = ['drain', 'error', 'close'] as const;
      const done = () => {
        for (const event of events) this.stream.removeListener?.(event, done);
        resolve();
      };
      for (const event of events) this.stream.once(event, done);
    });
    if (this.failure) throw this.writeError();
  }

  /** Completes the file (renamed into place), or leaves stdout open for whoever owns it. */
  async finish(): Promise<void> {
    this.stream.removeListener?.('error', this.onError);
    if (this.file === undefined) return;
    const stream = this.stream as unknown as NodeJS.WritableStream;
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });
    await rename(this.file.partial, this.file.path);
  }

  /** After a failure: removes the unfinished file. */
  async abandon(): Promise<void> {
    this.stream.removeListener?.('error', this.onError);
    if (this.file === undefined) return;
    const stream = this.stream as unknown as NodeJS.WritableStream & { destroy(): void; closed: boolean };
    stream.on('error', () => {}); // writes still queued fail once it is destroyed: nobody waits for them any more
    if (!stream.closed) {
      const closed = new Promise((resolve) => stream.once('close', resolve));
      stream.destroy();
      await closed;
    }
    await rm(this.file.partial, { force: true });
  }

  private writeError(): Error {
    const code = (this.failure as NodeJS.ErrnoException).code;
    return new Error(
      code === 'EPIPE'
        ? 'the output was closed by the program reading it (EPIPE): check what it printed'
        : `cannot write the output${this.file ? ` ${this.file.partial}` : ''}: ${this.failure?.message}`,
    );
  }
}
