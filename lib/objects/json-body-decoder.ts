/** @module The decompressed bodies of `.json` (one JSON array of records) and `.jsonl` objects, back to records. */
import { isUtf8 } from 'node:buffer';
import { JsonStructureError, jsonArrayElements } from '../payload/json-array-elements';
import { JsonLinesParser } from './json-lines-parser';
import { BodyFormatError } from './object-decode-error';
import type { StoredRecord } from './stored-record';
import { parseStoredRecord } from './stored-record-json';

export function decodeJsonArray(body: Buffer): StoredRecord[] {
  if (!isUtf8(body)) throw new BodyFormatError('it is not valid UTF-8');
  let layout: ReturnType<typeof jsonArrayElements>;
  try {
    layout = jsonArrayElements(body);
  } catch (error) {
    // The scanner was written for trigger events; its messages say "the event".
    if (error instanceof JsonStructureError)
      throw new BodyFormatError(`it is not a JSON array: ${error.message.replace('the event', 'the object')}`);
    throw error;
  }
  if (!layout.isArray) throw new BodyFormatError(`it is not a JSON array: it begins ${JSON.stringify(body.toString('utf8', 0, 40))}`);
  return layout.elements.map(({ start, end }, index) => {
    try {
      return parseStoredRecord(body.toString('utf8', start, end));
    } catch (error) {
      if (error instanceof BodyFormatError) throw new BodyFormatError(`record ${index} (at byte ${start}): ${error.message}`);
      throw error;
    }
  });
}

export function decodeJsonLines(body: Buffer): StoredRecord[] {
  const parser = new JsonLinesParser();
  const records = [...parser.push(body)];
  parser.end();
  return records;
}
