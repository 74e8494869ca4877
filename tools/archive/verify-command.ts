/**
 * @module `kafka-oss-sink verify`: for each topic-partition, what the archive holds and whether it
 * keeps its promises. Exit 0 when no offset is stored twice, no cut value lacks its whole copy and
 * every object can be read (with --compacted: and the compacted zone holds every offset below each
 * checkpoint, once, with the same content); 1 otherwise. Gaps, `_conflicts/` and `_errors/`
 * objects are reported, not failures.
 */
import { Redactor } from '../../lib/log/redactor';
import { listArchive } from './archive-catalog';
import type { ArchiveSource } from './archive-source';
import { type CommandIo, OptionError, type OptionValue, partitionOption } from './command-io';
import { exactJson } from './exact-json';
import { ObjectReader } from './object-reader';
import { Progress } from './progress';
import { renderVerifyReport } from './verify-table';

export type { VerifyReport } from './verify-report';
import { type PartitionReport, verifyPartition } from './verify-partition';
import type { VerifyReport } from './verify-report';

export interface VerifyOptions {
  source: ArchiveSource;
  /** Every topic when absent. */
  topic?: string;
  partition?: OptionValue;
  /** Also prove the compacted zone against the batch objects, up to each partition's checkpoint. */
  compacted?: boolean;
  /** The report as JSON (offsets as numbers, every digit kept) instead of a table. */
  json?: boolean;
}

export async function runVerify(options: VerifyOptions, io: CommandIo): Promise<number> {
  const redactor = new Redactor();
  redactor.add(...options.source.secrets);
  const print = (stream: { write(text: string): unknown }, text: string) => stream.write(`${redactor.redact(text)}\n`);
  const progress = new Progress(io.stderr, io.isTTY);
  try {
    const report = await verify(options, progress, io.signal);
    progress.clear();
    print(io.stdout, options.json ? exactJson(report, 2) : renderVerifyReport(report));
    return report.ok ? 0 : 1;
  } catch (error) {
    progress.clear();
    if (error instanceof OptionError) {
      print(io.stderr, `Error: ${error.message}`);
      return error.exitCode;
    }
    print(
      io.stderr,
      io.signal.aborted ? 'Interrupted: nothing verified' : `Error: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

export async function verify(options: VerifyOptions, progress: Progress, signal: AbortSignal): Promise<VerifyReport> {
  const partition = partitionOption('--partition', options.partition);
  if (options.topic === '') throw new OptionError('--topic must not be empty');
  const { source } = options;
  const compacted = options.compacted === true;
  progress.update(() => `listing ${source.description} …`);
  const catalog = await listArchive(source, { filter: { topic: options.topic, partition }, compacted, signal });
  const reader = new ObjectReader(source.store);
  const partitions: PartitionReport[] = [];
  for (const objects of catalog.partitions) {
    if (objects.objects.length === 0 && objects.checkpoint === undefined) continue; // only `_overflow/` objects
    progress.update(() => `verifying ${objects.topic}/${objects.partition}: ${reader.objectsRead} objects read`);
    partitions.push(await verifyPartition(objects, reader, source.store, { compacted, seedEncoding: source.seedValueEncoding, signal }));
  }
  const report: VerifyReport = {
    ok: true,
    failures: [],
    archive: source.description,
    ...(compacted ? { compactedPrefix: source.compactedPrefix } : {}),
    partitions,
    errorObjects: catalog.errorObjects.map(({ key }) => key),
    unreadable: catalog.unreadable,
    otherObjects: catalog.other.map(({ key }) => key),
    objectsRead: reader.objectsRead + catalog.opened,
    bytes: source.store.bytesRead,
  };
  report.failures = failures(report);
  report.ok = report.failures.length === 0;
  return report;
}

function failures(report: VerifyReport): string[] {
  const count = (pick: (partition: PartitionReport) => number) => report.partitions.reduce((sum, partition) => sum + pick(partition), 0);
  const found: string[] = [];
  const duplicated = count(({ duplicates }) => (duplicates.length > 0 ? 1 : 0));
  if (duplicated > 0) found.push(`${duplicated} partition(s) hold offsets more than once`);
  const missing = count(({ overflowMissing }) => overflowMissing.length);
  if (missing > 0) found.push(`${missing} cut value(s) lack their whole copy in _overflow/`);
  const unreadable = count(({ unreadable }) => unreadable.length) + report.unreadable.length;
  if (unreadable > 0) found.push(`${unreadable} object(s) cannot be read`);
  if (report.compactedPrefix !== undefined) {
    const compacted = (pick: (c: NonNullable<PartitionReport['compacted']>) => number) =>
      count(({ compacted: c }) => (c === undefined ? 0 : pick(c)));
    const problems = compacted(({ checkpointProblem }) => (checkpointProblem === undefined ? 0 : 1));
    if (problems > 0) found.push(`${problems} compaction checkpoint(s) cannot be read`);
    const lacking = compacted(({ missing }) => (missing.length > 0 ? 1 : 0));
    if (lacking > 0) found.push(`${lacking} partition(s) lack offsets in the compacted zone below their checkpoint`);
    const twice = compacted(({ duplicated }) => (duplicated.length > 0 ? 1 : 0));
    if (twice > 0) found.push(`${twice} partition(s) hold offsets more than once in the compacted zone`);
    const differ = compacted(({ different }) => (different.length > 0 ? 1 : 0));
    if (differ > 0) found.push(`${differ} partition(s) hold compacted records that differ from their batch objects`);
  }
  return found;
}
