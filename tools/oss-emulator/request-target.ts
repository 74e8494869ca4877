import { isIP } from 'node:net';
import { OssError } from './oss-error';

/** The bucket and object key a request addresses; key '' addresses the bucket itself. */
export interface RequestTarget {
  bucket: string;
  key: string;
}

/**
 * Reads the bucket from the Host (virtual-host style, what ali-oss sends even to an IP endpoint), else from
 * the first path segment when it names a served bucket (ali-oss sldEnable), else takes the whole path as the
 * key in the default bucket (ali-oss cname). In that last style a key whose first segment equals a served
 * bucket's name is therefore read as path style.
 */
export function resolveTarget(
  host: string | undefined,
  rawPath: string,
  buckets: ReadonlySet<string>,
  defaultBucket: string,
): RequestTarget {
  const path = decodePath(rawPath);
  const hostBucket = bucketFromHost(host, buckets);
  if (hostBucket !== undefined) return { bucket: hostBucket, key: path };
  const slash = path.indexOf('/');
  const first = slash < 0 ? path : path.slice(0, slash);
  if (buckets.has(first)) return { bucket: first, key: slash < 0 ? '' : path.slice(slash + 1) };
  return { bucket: defaultBucket, key: path };
}

/** The path without its leading '/', percent-decoded as UTF-8 (so %2F is a '/' inside the key). */
function decodePath(rawPath: string): string {
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  try {
    return decodeURIComponent(path);
  } catch {
    throw new OssError(400, 'InvalidURI', `The request path "${rawPath}" is not valid percent-encoded UTF-8.`);
  }
}

function bucketFromHost(host: string | undefined, buckets: ReadonlySet<string>): string | undefined {
  if (host === undefined) return undefined;
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  if (hostname === 'localhost' || isIP(hostname.replace(/^\[|\]$/g, '')) !== 0) return undefined;
  const labels = hostname.split('.');
  const first = labels[0] ?? '';
  // <bucket>.oss-<region>.aliyuncs.com has four or more labels; oss-<region>.aliyuncs.com alone names no bucket.
  if (hostname.endsWith('.aliyuncs.com')) return labels.length >= 4 ? first : undefined;
  return labels.length >= 2 && buckets.has(first) ? first : undefined;
}
