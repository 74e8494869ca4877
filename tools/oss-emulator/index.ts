/**
 * @module The local OSS server: the OSS object API (with multipart upload and batch delete) on 127.0.0.1
 * for ali-oss, with V1/V4 signatures, Content-MD5, forbid-overwrite, OSS error XML and fault injection.
 * Everything outside this folder reaches it through this file.
 */
export { objectFilePath } from './object-file-layout';
export type { OperationName } from './operation-names';
export { LOCAL_DEV_CREDENTIAL, type LocalCredential, OSS_ACTIONS, type OssAction } from './oss-credentials';
export type { Fault, FaultRule, FaultRules } from './oss-faults';
export {
  DEFAULT_BUCKET,
  DEFAULT_DIR,
  DEFAULT_REGION,
  type LocalOssServer,
  type LocalOssServerOptions,
  MAX_RECORDED_REQUESTS,
  type RecordedRequest,
  startLocalOssServer,
} from './oss-server';
export type { SignatureVersion } from './oss-signature';
