/**
 * @module Elements of a batch that are not Kafka messages (poison elements), kept whole in one
 * object with why each was set aside, so the good records beside them are archived and nothing is
 * lost. The object's bytes depend only on those elements, and its key on its bytes: a redelivered
 * batch recognises it.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { RejectedElement } from '../payload/trigger-payload';
import type { ObjectNaming } from './object-naming';

export interface ErrorObject {
  key: string;
  body: Buffer;
  elements: number;
}

/**
 * `{"elements":[{"index":3,"problems":["…"],"text":"<the element as delivered>"}]}`; an element
 * that is not UTF-8 is given as `"base64"` instead of `"text"`; `index` is null when the whole
 * event was set aside.
 */
export function errorObject(rejected: readonly RejectedElement[], naming: ObjectNaming): ErrorObject | undefined {
  if (rejected.length === 0) return undefined;
  const elements = rejected.map(({ index, problems, raw }) =>
    isUtf8(raw)
      ? { index: index ?? null, problems, text: raw.toString('utf8') }
      : { index: index ?? null, problems, base64: raw.toString('base64') },
  );
  const body = Buffer.from(JSON.stringify({ elements }), 'utf8');
  return { key: naming.errorKey(createHash('md5').update(body).digest('hex')), body, elements: rejected.length };
}
