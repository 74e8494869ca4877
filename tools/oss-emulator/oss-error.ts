import { escapeXml, XML_DECLARATION } from './xml';

/** An OSS error response: HTTP status, the OSS error code clients branch on, and a message for people. */
export class OssError extends Error {
  override readonly name = 'OssError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function errorXml(status: number, code: string, message: string, requestId: string, hostId: string): string {
  return (
    XML_DECLARATION +
    '<Error>\n' +
    `  <Code>${escapeXml(code)}</Code>\n` +
    `  <Message>${escapeXml(message)}</Message>\n` +
    `  <RequestId>${escapeXml(requestId)}</RequestId>\n` +
    `  <HostId>${escapeXml(hostId)}</HostId>\n` +
    `  <EC>${errorCenterCode(status)}</EC>\n` +
    '</Error>\n'
  );
}

/** OSS's EC (error-center) code, sent as <EC> and x-oss-ec; ali-oss exposes it as err.ecCode. Locally it only encodes the status. */
export function errorCenterCode(status: number): string {
  return `00${String(status).padStart(3, '0')}-00000000`;
}
