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
  const codes = new Set(failed.map((f) => f.failure.code));
  if (codes.has('AccessDenied')) return ' AccessDenied: grant the credentials oss:PutObject and oss:GetObject on the bucket and prefix.';
  if (codes.has('NoSuchBucket')) return ' NoSuchBucket: check OSS_BUCKET and OSS_REGION.';
  if (codes.has('InvalidAccessKeyId') || codes.has('SignatureDoesNotMatch')) return ' Check the AccessKey pair the function uses.';
  if (codes.has('DeadlineReached')) return ' Raise the function timeout or lower the trigger batch size.';
  return '';
}
