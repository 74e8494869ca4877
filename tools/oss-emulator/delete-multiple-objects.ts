import { createHash } from 'node:crypto';
import { checkContentMd5, checkObjectKey, malformedXml, type Operation, urlEncodingAsked, xmlResponse } from './operation';
import { OssError } from './oss-error';
import { childElements, childText, escapeXml, parseXml, type XmlElement } from './xml';

const MAX_OBJECTS = 1000;
// Deletes run a few at a time: quick for a thousand keys without opening a thousand files at once.
const CONCURRENT_DELETES = 16;

/**
 * DeleteMultipleObjects (POST /?delete): up to 1000 keys in one request, the body guarded by a required
 * Content-MD5. Every key is checked before any is deleted; a key that does not exist counts as deleted, as on OSS.
 */
export const DELETE_MULTIPLE_OBJECTS: Operation = {
  name: 'DeleteMultipleObjects',
  // As on OSS, deleting many objects at once is authorized by the action that deletes one.
  action: 'oss:DeleteObject',
  async run({ store }, { bucket, query, headers, body }) {
    checkContentMd5(headers, createHash('md5').update(body).digest(), true);
    const urlEncoded = urlEncodingAsked(query);
    const { keys, quiet } = deleteRequest(body);
    for (let start = 0; start < keys.length; start += CONCURRENT_DELETES) {
      await Promise.all(keys.slice(start, start + CONCURRENT_DELETES).map((key) => store.delete(bucket, key)));
    }
    const text = (key: string): string => escapeXml(urlEncoded ? encodeURIComponent(key) : key);
    return xmlResponse('DeleteResult', [
      ...(urlEncoded ? ['<EncodingType>url</EncodingType>'] : []),
      ...(quiet ? [] : keys.map((key) => `<Deleted><Key>${text(key)}</Key></Deleted>`)),
    ]);
  },
};

function deleteRequest(body: Buffer): { keys: string[]; quiet: boolean } {
  let root: XmlElement;
  try {
    root = parseXml(body.toString('utf8'));
  } catch (error) {
    throw malformedXml('DeleteMultipleObjects', (error as Error).message);
  }
  if (root.name !== 'Delete') throw malformedXml('DeleteMultipleObjects', `its root is <${root.name}>, not <Delete>`);
  const quiet = (childText(root, 'Quiet') ?? 'false').trim().toLowerCase() === 'true';
  const objects = childElements(root, 'Object');
  if (objects.length === 0 || objects.length > MAX_OBJECTS) {
    throw malformedXml('DeleteMultipleObjects', `it names ${objects.length} <Object>s; name from 1 to ${MAX_OBJECTS} per request`);
  }
  const keys = objects.map((object, index) => {
    const key = childText(object, 'Key');
    if (key === undefined) throw malformedXml('DeleteMultipleObjects', `<Object> ${index + 1} has no <Key>`);
    if (childText(object, 'VersionId') !== undefined) {
      throw new OssError(
        501,
        'NotImplemented',
        `The local OSS server keeps no object versions, so <VersionId> (given for "${key}") is not offered; name the key alone.`,
      );
    }
    checkObjectKey(key);
    return key;
  });
  return { keys, quiet };
}
