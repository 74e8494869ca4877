import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { LocalCredential } from './oss-credentials';
import { OssError } from './oss-error';

export type SignatureVersion = 'v1' | 'v4';

/** What a signature covers, as the server decoded it from the request. */
export interface SignedRequest {
  method: string;
  /** As Node parses them: lower-case names, values in latin1 (one char per byte on the wire). */
  headers: IncomingHttpHeaders;
  bucket: string | undefined;
  /** The decoded object key; '' for bucket-level requests. */
  key: string;
  /** Decoded query parameters in request order. */
  query: ReadonlyArray<readonly [string, string]>;
}

// Query parameters that V1 signs as part of the canonical resource (OSS's documented sub-resource list).
const SUB_RESOURCES = new Set([
  'acl',
  'append',
  'bucketInfo',
  'callback',
  'callback-var',
  'cname',
  'comp',
  'continuation-token',
  'cors',
  'delete',
  'encryption',
  'endTime',
  'img',
  'inventory',
  'inventoryId',
  'lifecycle',
  'live',
  'location',
  'logging',
  'objectMeta',
  'partNumber',
  'policy',
  'position',
  'qos',
  'referer',
  'regionList',
  'replication',
  'replicationLocation',
  'replicationProgress',
  'requestPayment',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'security-token',
  'sequential',
  'startTime',
  'stat',
  'status',
  'style',
  'styleName',
  'symlink',
  'tagging',
  'transferAcceleration',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'vod',
  'website',
  'worm',
  'wormExtend',
  'wormId',
  'x-oss-process',
  'x-oss-traffic-limit',
]);

const V4_ALGORITHM = 'OSS4-HMAC-SHA256';

/** Whether a query parameter names a sub-resource (an operation or variant of one) rather than an argument. */
export function isSubResource(name: string): boolean {
  return SUB_RESOURCES.has(name);
}

/** The signature version an Authorization header claims, before it is verified. */
export function signatureVersionOf(authorization: string | undefined): SignatureVersion | null {
  if (authorization?.startsWith('OSS ')) return 'v1';
  if (authorization?.startsWith(`${V4_ALGORITHM} `)) return 'v4';
  return null;
}

/**
 * The credential that signed the request (V1 or V4 Authorization header), or the OssError OSS would answer
 * with. `region` is the bare region id (cn-hangzhou) that V4 signatures must be scoped to.
 */
export function authenticate(request: SignedRequest, credentials: readonly LocalCredential[], region: string): LocalCredential {
  const authorization = header(request.headers, 'authorization');
  if (authorization === undefined) {
    throw new OssError(
      403,
      'AccessDenied',
      'Anonymous access is denied: sign the request with an AccessKey (Authorization header). Presigned URLs are not supported by the local OSS server.',
    );
  }
  if (authorization.startsWith('OSS ')) return verifyV1(request, authorization, credentials);
  if (authorization.startsWith(`${V4_ALGORITHM} `)) return verifyV4(request, authorization, credentials, region);
  throw new OssError(
    400,
    'InvalidArgument',
    `Authorization header must start with "OSS " (V1) or "${V4_ALGORITHM} " (V4); got "${authorization.split(' ')[0]}".`,
  );
}

function verifyV1(request: SignedRequest, authorization: string, credentials: readonly LocalCredential[]): LocalCredential {
  const match = /^OSS ([^:\s]+):(\S+)$/.exec(authorization);
  if (!match) {
    throw new OssError(400, 'InvalidArgument', 'V1 Authorization header must be "OSS <AccessKeyId>:<Signature>".');
  }
  const [, accessKeyId = '', signature = ''] = match;
  const credential = findCredential(credentials, accessKeyId);
  checkSecurityToken(request.headers, credential);

  const stringToSign = v1StringToSign(request);
  // Header values arrive one char per byte; signing the latin1 form therefore signs the bytes the client sent.
  const expected = createHmac('sha1', credential.accessKeySecret).update(Buffer.from(stringToSign, 'latin1')).digest('base64');
  if (!sameText(expected, signature)) throw signatureMismatch('V1', accessKeyId, stringToSign);
  return credential;
}

function v1StringToSign(request: SignedRequest): string {
  const { headers } = request;
  const ossHeaderLines = Object.keys(headers)
    .filter((name) => name.startsWith('x-oss-'))
    .sort()
    .map((name) => `${name}:${(header(headers, name) ?? '').trim()}`);
  const subResources = request.query
    .filter(([name]) => SUB_RESOURCES.has(name))
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`))
    .sort();
  const path = `/${request.bucket === undefined ? '' : `${request.bucket}/`}${request.key}`;
  const resource = Buffer.from(path, 'utf8').toString('latin1') + (subResources.length > 0 ? `?${subResources.join('&')}` : '');
  return [
    request.method,
    header(headers, 'content-md5') ?? '',
    header(headers, 'content-type') ?? '',
    header(headers, 'x-oss-date') ?? header(headers, 'date') ?? '',
    ...ossHeaderLines,
    resource,
  ].join('\n');
}

interface V4Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  product: string;
  additionalHeaders: string[];
  signature: string;
}

function verifyV4(request: SignedRequest, authorization: string, credentials: readonly LocalCredential[], region: string): LocalCredential {
  const parsed = parseV4Authorization(authorization);
  const credential = findCredential(credentials, parsed.accessKeyId);
  checkSecurityToken(request.headers, credential);

  const timestamp = header(request.headers, 'x-oss-date');
  if (timestamp === undefined || !/^\d{8}T\d{6}Z$/.test(timestamp)) {
    throw new OssError(
      400,
      'InvalidArgument',
      `V4-signed requests need an x-oss-date header in the form yyyymmddTHHMMSSZ; got ${timestamp === undefined ? 'none' : `"${timestamp}"`}.`,
    );
  }
  if (parsed.region !== region) {
    throw new OssError(
      403,
      'SignatureDoesNotMatch',
      `The V4 signature is scoped to region "${parsed.region}" but this server is region "${region}": set the client's region to "${region}" (or "oss-${region}").`,
    );
  }
  if (parsed.product !== 'oss') {
    throw new OssError(
      403,
      'SignatureDoesNotMatch',
      `The V4 credential scope names product "${parsed.product}"; OSS requests are scoped to "oss".`,
    );
  }
  for (const name of parsed.additionalHeaders) {
    if (header(request.headers, name) === undefined) {
      throw new OssError(400, 'InvalidArgument', `AdditionalHeaders lists "${name}" but the request has no such header.`);
    }
  }

  const canonicalRequest = v4CanonicalRequest(request, parsed.additionalHeaders);
  const scope = `${parsed.date}/${parsed.region}/${parsed.product}/aliyun_v4_request`;
  const stringToSign = [V4_ALGORITHM, timestamp, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  let key = hmac(`aliyun_v4${credential.accessKeySecret}`, parsed.date);
  for (const part of [parsed.region, parsed.product, 'aliyun_v4_request']) key = hmac(key, part);
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  if (!sameText(expected, parsed.signature)) throw signatureMismatch('V4', parsed.accessKeyId, canonicalRequest);
  return credential;
}

function parseV4Authorization(authorization: string): V4Authorization {
  const fields = new Map<string, string>();
  for (const part of authorization.slice(V4_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const scope = fields.get('Credential')?.split('/') ?? [];
  const signature = fields.get('Signature');
  const [accessKeyId, date, region, product, terminator] = scope;
  if (scope.length !== 5 || !accessKeyId || !date || !region || !product || terminator !== 'aliyun_v4_request' || !signature) {
    throw new OssError(
      400,
      'InvalidArgument',
      `V4 Authorization header must be "${V4_ALGORITHM} Credential=<AccessKeyId>/<yyyymmdd>/<region>/oss/aliyun_v4_request,[AdditionalHeaders=<h1;h2>,]Signature=<hex>".`,
    );
  }
  const additional = fields.get('AdditionalHeaders');
  return {
    accessKeyId,
    date,
    region,
    product,
    additionalHeaders: additional ? additional.split(';').map((name) => name.trim().toLowerCase()) : [],
    signature,
  };
}

function v4CanonicalRequest(request: SignedRequest, additionalHeaders: readonly string[]): string {
  const { headers } = request;
  const path = `/${request.bucket === undefined ? '' : `${request.bucket}/`}${request.key}`;
  const canonicalUri = encodeRfc3986(path).replace(/%2F/g, '/');
  // ali-oss sorts with localeCompare; sorting the same way keeps every parameter name it can send in agreement.
  const canonicalQuery = [...request.query]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) =>
      value === '' && SUB_RESOURCES.has(name) ? encodeRfc3986(name) : `${encodeRfc3986(name)}=${encodeRfc3986(value)}`,
    )
    .join('&');
  const signedHeaders = new Set(additionalHeaders);
  for (const name of Object.keys(headers)) {
    if (name === 'content-type' || name === 'content-md5' || name.startsWith('x-oss-')) signedHeaders.add(name);
  }
  const canonicalHeaders = [...signedHeaders]
    .sort()
    .map(
      (name) =>
        `${name}:${Buffer.from(header(headers, name) ?? '', 'latin1')
          .toString('utf8')
          .trim()}\n`,
    )
    .join('');
  return [
    request.method,
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    additionalHeaders.join(';'),
    header(headers, 'x-oss-content-sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
}

function findCredential(credentials: readonly LocalCredential[], accessKeyId: string): LocalCredential {
  const credential = credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!credential) {
    throw new OssError(
      403,
      'InvalidAccessKeyId',
      `The AccessKey id "${accessKeyId}" is not known to this server; use one of the credentials it was started with.`,
    );
  }
  return credential;
}

function checkSecurityToken(headers: IncomingHttpHeaders, credential: LocalCredential): void {
  const token = header(headers, 'x-oss-security-token');
  if (credential.securityToken === undefined) {
    if (token !== undefined) {
      throw new OssError(
        403,
        'InvalidSecurityToken',
        `AccessKey id "${credential.accessKeyId}" is a long-term key, but the request carries x-oss-security-token: drop the STS token or use the STS AccessKey it belongs to.`,
      );
    }
    return;
  }
  if (token === undefined) {
    throw new OssError(
      403,
      'InvalidSecurityToken',
      `AccessKey id "${credential.accessKeyId}" is an STS key: send its security token in x-oss-security-token (ali-oss option stsToken).`,
    );
  }
  if (!sameText(token, credential.securityToken)) {
    throw new OssError(
      403,
      'InvalidSecurityToken',
      `The security token sent with AccessKey id "${credential.accessKeyId}" is not the one issued with it (expired or from another STS session).`,
    );
  }
}

function signatureMismatch(version: string, accessKeyId: string, signedText: string): OssError {
  const shown = signedText.replace(/^x-oss-security-token:.*$/gm, 'x-oss-security-token:<redacted>');
  const what = version === 'V1' ? 'string to sign' : 'canonical request';
  return new OssError(
    403,
    'SignatureDoesNotMatch',
    `The ${version} signature sent with AccessKey id "${accessKeyId}" does not match the one computed here: check the AccessKey secret and that nothing changed the request after signing. The server's ${what} was ${JSON.stringify(shown)}.`,
  );
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
