import { formatOssFailure } from './oss-failure';
import type { FailedObject, StoreReport } from './store-objects';

/** The batch was not fully stored; the trigger must deliver it again. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  /** One line per object that was not stored: its key, records, attempts and the OSS error. */
  readonly problems: string[];

  constructor(readonly report: StoreReport) {
    const problems = report.failed.map(
      (failed) => `${failed.key} (${failed.records} records) after ${failed.attempts} attempt(s): ${formatOssFailure(failed.failure)}`,
    );
    const total = report.stored.length + report.failed.length;
    super(
      `Stored ${report.stored.length} of ${total} objects; not stored: ${problems.join('; ')}. ` +
        'The invocation fails so that the trigger delivers the batch again; objects already stored are ' +
        `recognised by their content and not written twice.${adviceFor(report.failed)}`,
    );
    this.problems = problems;
  }
}

function adviceFor(failed: FailedObject[]): string {
  const failures = failed.map((f) => f.failure);
  const codes = new Set(failures.map((f) => f.code));
  const kinds = new Set(failures.map((f) => f.kind));
  const endpoint = failures.find((f) => f.endpoint)?.endpoint;
  if (kinds.has('unresolved') || kinds.has('dns-temporary')) {
    return (
      ` The OSS host name${endpoint ? ` (${new URL(endpoint).hostname})` : ''} did not resolve: check OSS_ENDPOINT and OSS_REGION ` +
      '(a typo in either makes a host that does not exist) and the DNS the function uses (in a VPC, the VPC’s resolver).'
    );
  }
  if (kinds.has('unreachable')) {
    return (
      ` ${endpoint ?? 'The OSS endpoint'} could not be reached: check OSS_ENDPOINT (without it the endpoint is made from ` +
      'OSS_REGION) and the network between the function and OSS: an internal endpoint (oss-<region>-internal) answers ' +
      'only within its region, and a function in a VPC needs a route to OSS.'
    );
  }
  if (codes.has('AccessDenied')) return ' AccessDenied: grant the credentials oss:PutObject and oss:GetObject on the bucket and prefix.';
  if (codes.has('NoSuchBucket')) return ' NoSuchBucket: check OSS_BUCKET and OSS_REGION.';
  if (codes.has('InvalidAccessKeyId') || codes.has('SignatureDoesNotMatch')) return ' Check the AccessKey pair the function uses.';
  if (codes.has('DeadlineReached')) return ' Raise the function timeout or lower the trigger batch size.';
  return '';
}
