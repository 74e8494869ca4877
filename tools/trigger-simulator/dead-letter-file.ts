/**
 * @module The dead-letter queue of the simulated triggers (errorsTolerance ALL): a batch that failed
 * all its pushes is written whole, one JSON line per batch, and consumption goes on. The ledger
 * reads the file back to learn which messages went there instead of the archive.
 */
import { appendFileSync, createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface DeadLetter {
  trigger: string;
  /** Pushes made, the first one included. */
  pushes: number;
  /** Why the last push failed, and its error. */
  cause: string;
  error: string;
  /** The batch's body, as it was pushed. */
  event: unknown[];
}

export class DeadLetterFile {
  count = 0;

  constructor(readonly path: string) {}

  /** Appends the batch; its body is already JSON, so it goes in as it is. */
  add(letter: Omit<DeadLetter, 'event'>, body: Buffer): void {
    const head = JSON.stringify(letter);
    appendFileSync(this.path, Buffer.concat([Buffer.from(`${head.slice(0, -1)},"event":`), body, Buffer.from('}\n')]));
    this.count++;
  }

  /** The letters one by one: a run's file can outgrow the longest string there is. */
  async *read(): AsyncGenerator<DeadLetter> {
    if (!existsSync(this.path)) return;
    for await (const line of createInterface({ input: createReadStream(this.path), crlfDelay: Number.POSITIVE_INFINITY })) {
      if (line !== '') yield JSON.parse(line) as DeadLetter;
    }
  }
}
