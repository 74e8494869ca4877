import { compareKeys, type ObjectMetadata, type ObjectStore } from './object-store';
import { integerArgument, urlEncodingAsked, xmlResponse, type OssResponse } from './operation';
import { OssError } from './oss-error';
import { escapeXml } from './xml';

const DEFAULT_MAX_KEYS = 100;
const MAX_MAX_KEYS = 1000;
const OWNER_ID = 'local-owner';

interface Page {
  keys: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned: where the next page starts. */
  last: string | undefined;
}

/** ListObjects (V1) or, with list-type=2, ListObjectsV2: the XML answer OSS gives. */
export async function listObjects(store: ObjectStore, bucket: string, query: URLSearchParams): Promise<OssResponse> {
  const v2 = query.get('list-type') === '2';
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') || undefined;
  const maxKeys = integerArgument(query, 'max-keys', 1, MAX_MAX_KEYS, DEFAULT_MAX_KEYS);
  const urlEncoded = urlEncodingAsked(query);
  const continuationToken = v2 ? (query.get('continuation-token') ?? undefined) : undefined;
  const after = v2
    ? continuationToken !== undefined
      ? decodeToken(continuationToken)
      : (query.get('start-after') ?? '')
    : (query.get('marker') ?? '');

  // Keys are cheap to list; metadata is read only for the page's objects. One deleted meanwhile is left out.
  const page = paginate(await store.listKeys(bucket, prefix), prefix, after, delimiter, maxKeys);
  const objects = await Promise.all(page.keys.map(async (key) => ({ key, metadata: await store.head(bucket, key) })));
  const text = (value: string): string => escapeXml(urlEncoded ? encodeURIComponent(value) : value);
  const withOwner = !v2 || query.get('fetch-owner') === 'true';

  const lines = [`<Name>${escapeXml(bucket)}</Name>`, `<Prefix>${text(prefix)}</Prefix>`];
  if (v2) {
    if (query.has('start-after')) lines.push(`<StartAfter>${text(query.get('start-after') ?? '')}</StartAfter>`);
    if (continuationToken !== undefined) lines.push(`<ContinuationToken>${escapeXml(continuationToken)}</ContinuationToken>`);
  } else {
    lines.push(`<Marker>${text(after)}</Marker>`);
  }
  lines.push(`<MaxKeys>${maxKeys}</MaxKeys>`, `<Delimiter>${text(delimiter ?? '')}</Delimiter>`);
  if (urlEncoded) lines.push('<EncodingType>url</EncodingType>');
  lines.push(`<IsTruncated>${page.isTruncated}</IsTruncated>`);
  if (v2) lines.push(`<KeyCount>${page.keys.length + page.commonPrefixes.length}</KeyCount>`);
  if (page.isTruncated && page.last !== undefined) {
    lines.push(
      v2 ? `<NextContinuationToken>${encodeToken(page.last)}</NextContinuationToken>` : `<NextMarker>${text(page.last)}</NextMarker>`,
    );
  }
  for (const { key, metadata } of objects) {
    if (metadata !== undefined) lines.push(contentsLine(key, metadata, text, withOwner));
  }
  for (const commonPrefix of page.commonPrefixes) lines.push(`<CommonPrefixes><Prefix>${text(commonPrefix)}</Prefix></CommonPrefixes>`);
  return xmlResponse('ListBucketResult', lines);
}

function contentsLine(key: string, metadata: ObjectMetadata, text: (value: string) => string, withOwner: boolean): string {
  return (
    '<Contents>' +
    `<Key>${text(key)}</Key>` +
    `<LastModified>${metadata.lastModified.toISOString()}</LastModified>` +
    `<ETag>"${metadata.etag}"</ETag>` +
    `<Type>${metadata.objectType}</Type>` +
    `<Size>${metadata.size}</Size>` +
    '<StorageClass>Standard</StorageClass>' +
    (withOwner ? `<Owner><ID>${OWNER_ID}</ID><DisplayName>${OWNER_ID}</DisplayName></Owner>` : '') +
    '</Contents>'
  );
}

function paginate(sorted: string[], prefix: string, after: string, delimiter: string | undefined, maxKeys: number): Page {
  const rollUp = (key: string): string | undefined => {
    if (delimiter === undefined) return undefined;
    const at = key.indexOf(delimiter, prefix.length);
    return at < 0 ? undefined : key.slice(0, at + delimiter.length);
  };
  // A page that ended on a common prefix resumes after every key under it.
  const skipUnder = after !== '' && rollUp(after) === after ? after : undefined;
  const page: Page = { keys: [], commonPrefixes: [], isTruncated: false, last: undefined };
  let count = 0;
  for (const key of sorted) {
    if (compareKeys(key, after) <= 0) continue;
    if (skipUnder !== undefined && key.startsWith(skipUnder)) continue;
    const commonPrefix = rollUp(key);
    if (commonPrefix !== undefined && commonPrefix === page.commonPrefixes[page.commonPrefixes.length - 1]) continue;
    if (count === maxKeys) {
      page.isTruncated = true;
      break;
    }
    if (commonPrefix === undefined) page.keys.push(key);
    else page.commonPrefixes.push(commonPrefix);
    page.last = commonPrefix ?? key;
    count++;
  }
  return page;
}

function encodeToken(after: string): string {
  return Buffer.from(after, 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  const after = Buffer.from(token, 'base64url').toString('utf8');
  if (token === '' || encodeToken(after) !== token) {
    throw new OssError(
      400,
      'InvalidArgument',
      `continuation-token "${token}" was not issued by this server; pass back the NextContinuationToken of the previous page.`,
    );
  }
  return after;
}
