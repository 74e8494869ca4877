import { isUtf8 } from 'node:buffer';
import { BodyFormatError } from './object-decode-error';
import type { StoredRecord } from './stored-record';
import { parseStoredRecord } from './stored-record-json';

const NEWLINE = 0x0a;

/**
 * Records of a `.jsonl` body, fed in chunks of any size: one record per line, every line ending in
 * "\n". A line split between chunks is held until its end arrives, so only one line is ever held
 * beyond the current chunk, and records are parsed one at a time as they are taken. Take all the
 * records of a chunk before pushing the next. Throws BodyFormatError naming the line.
 */
export class JsonLinesParser {
  private partial: Buffer[] = [];
  private line = 0;

  *push(chunk: Buffer): Generator<StoredRecord> {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      let bytes = chunk.subarray(start, newline);
      if (this.partial.length > 0) {
        bytes = Buffer.concat([...this.partial, bytes]);
        this.partial = [];
      }
      start = newline + 1;
      yield this.parseLine(bytes);
    }
    if (start < chunk.length) this.partial.push(chunk.subarray(start));
  }

  /** Call once the body has ended: a last line without its "\n" means the body was cut short. */
  end(): void {
    if (this.partial.length > 0) {
      throw new BodyFormatError(`line ${this.line + 1} has no closing newline (is the object cut short?)`);
    }
  }

  private parseLine(bytes: Buffer): StoredRecord {
    this.line++;
    if (bytes.length === 0) throw new BodyFormatError(`line ${this.line} is empty`);
    if (!isUtf8(bytes)) throw new BodyFormatError(`line ${this.line} is not valid UTF-8`);
    try {
      return parseStoredRecord(bytes.toString('utf8'));
    } catch (error) {
      if (error instanceof BodyFormatError) throw new BodyFormatError(`line ${this.line}: ${error.message}`);
      throw error;
    }
  }
}
