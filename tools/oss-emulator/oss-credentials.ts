/**
 * The RAM actions the local server distinguishes. As on OSS, HeadObject is authorized by oss:GetObject,
 * InitiateMultipartUpload, UploadPart and CompleteMultipartUpload by oss:PutObject, and DeleteMultipleObjects
 * by oss:DeleteObject.
 */
export const OSS_ACTIONS = [
  'oss:PutObject',
  'oss:GetObject',
  'oss:DeleteObject',
  'oss:ListObjects',
  'oss:AbortMultipartUpload',
  'oss:ListParts',
  'oss:ListMultipartUploads',
] as const;
export type OssAction = (typeof OSS_ACTIONS)[number];

export interface LocalCredential {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, every request signed with this key must carry it in x-oss-security-token (an STS credential). */
  securityToken?: string;
  /** Actions this key may perform; all of OSS_ACTIONS when omitted. */
  permissions?: OssAction[];
}

/** A fixed key pair that only the local OSS server accepts; it grants nothing on Alibaba Cloud. */
export const LOCAL_DEV_CREDENTIAL: LocalCredential = Object.freeze({
  accessKeyId: 'local-dev-key-id',
  accessKeySecret: 'local-dev-key-secret',
});

export function checkCredentials(credentials: readonly LocalCredential[]): void {
  if (credentials.length === 0) {
    throw new Error(
      'Local OSS server: `credentials` is empty, so no request could ever be authorized; pass at least one credential or omit the option to use LOCAL_DEV_CREDENTIAL.',
    );
  }
  const seen = new Set<string>();
  for (const [index, credential] of credentials.entries()) {
    if (!credential.accessKeyId || !credential.accessKeySecret) {
      throw new Error(`Local OSS server: credentials[${index}] needs a non-empty accessKeyId and accessKeySecret.`);
    }
    if (seen.has(credential.accessKeyId)) {
      throw new Error(`Local OSS server: AccessKey id "${credential.accessKeyId}" appears twice in credentials; each id must be unique.`);
    }
    seen.add(credential.accessKeyId);
    for (const action of credential.permissions ?? []) {
      if (!(OSS_ACTIONS as readonly string[]).includes(action)) {
        throw new Error(
          `Local OSS server: credentials[${index}] has unknown permission "${action}"; use one of ${OSS_ACTIONS.join(', ')}.`,
        );
      }
    }
  }
}

export function isAllowed(credential: LocalCredential, action: OssAction): boolean {
  return credential.permissions === undefined || credential.permissions.includes(action);
}
