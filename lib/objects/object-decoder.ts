import { decompressBody } from './body-compression';
import { codecs } from './codec-loader';
import { decodeJsonArray, decodeJsonLines } from './json-body-decoder';
import { BodyFormatError, ObjectDecodeError } from './object-decode-error';
import { OBJECT_FORMATS, objectFormatOf } from './object-extension';
import type { StoredRecord } from './stored-record';

/**
 * The records of an archived object, its format and compression taken from the key's extension.
 * Offsets come back exact. Throws ObjectDecodeError naming the key and what is wrong.
 */
export async function decodeObject(key: string, body: Buffer): Promise<StoredRecord[]> {
  const format = objectFormatOf(key);
  if (!format) {
    const known = OBJECT_FORMATS.map(({ extension }) => extension).join(', ');
    throw new ObjectDecodeError(key, `its extension is none of ${known}`);
  }
  try {
    if (format.format === 'parquet') return await codecs().decodeParquet(body);
    const text = format.compression === 'none' ? body : decompressBody(body, format.compression);
    return format.format === 'json' ? decodeJsonArray(text) : decodeJsonLines(text);
  } catch (error) {
    if (error instanceof BodyFormatError) throw new ObjectDecodeError(key, error.message, { cause: error });
    throw error;
  }
}
