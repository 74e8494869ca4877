/** The OSS API operations the local server offers, by their OSS names (what fault rules and the request log use). */
export const OPERATION_NAMES = [
  'PutObject',
  'GetObject',
  'HeadObject',
  'DeleteObject',
  'DeleteMultipleObjects',
  'ListObjects',
  'ListObjectsV2',
  'InitiateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'ListParts',
  'ListMultipartUploads',
] as const;

export type OperationName = (typeof OPERATION_NAMES)[number];
