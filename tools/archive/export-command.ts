/**
 * @module `kafka-oss-sink export`: the messages of a topic as the archive holds them, one JSON line
 * each (or kcat's input), sorted by partition then offset, each offset once. Copies of an offset
 * that carry the same message (a planted copy, a re-batched redelivery, the compacted zone) are
 * given once and counted; copies that differ are reported and the one the archive took first is
 * given. A cut value is given whole, from its `_overflow/` object.
 */
import { Redactor } from '../../lib/log/redactor';
import type { StoredRecord } from '../../lib/objects/stored-record';
import { type ArchiveCatalog, listArchive, type PartitionObjects } from './archive-catalog';
import type { ArchiveSource } from './archive-source';
import { messageGroups, preferredCopy, valueEncodingOf } from './archived-message';
import type { ValueEncoding } from './value-encoding';
import { type CommandIo, OptionError, type OptionValue, offsetOption, oneOfOption, partitionOption, timeOption } from './command-io';
import { exactJson } from './exact-json';
import { type ExportedMessage, KCAT_DEFAULT_INPUT_BYTES, kcatRecord, messageJsonLine } from './export-formats';
import { ExportOutput } from './export-output';
import { ObjectReader } from './object-reader';
import { mergePartition, type RecordCopy } from './partition-merge';
import { mebibytes, Progress } from './progress';
import { readWholeValue } from './whole-values';

export const EXPORT_FORMATS = ['json', 'kcat'] as const;

export interface ExportOptions {
  source: ArchiveSource;
  topic: string;
  partition?: OptionValue;
  /** Inclusive. */
  fromOffset?: OptionValue;
  /** Inclusive. */
  toOffset?: OptionValue;
  /** ISO 8601, inclusive: messages whose timestamp is at or after it. */
  fromTime?: string | number | Date;
  /** ISO 8601, exclusive: messages whose timestamp is before it. */
  toTime?: string | number | Date;
  /** A file instead of stdout. */
  out?: string;
  /** `json` (default) or `kcat`, which needs a partition. */
  format?: string;
  /** The summary as JSON: on stdout with --out, else on stderr. */
  json?: boolean;
  /** Give a value whose whole copy is missing as its first bytes (marked "truncated") instead of stopping. */
  allowTruncated?: boolean;
}

export interface ExportSummary {
  topic: string;
  partitions: number;
  messages: number;
  duplicatesDropped: number;
  conflicts: number;
  overflowValuesRead: number;
  truncatedValues: number;
  objectsRead: number;
  /** Objects opened to learn what they hold, because no known key template reads their key. */
  objectsOpenedToPlace: number;
  bytes: number;
  requests: { list: number; get: number };
  /** kcat: messages whose headers kcat cannot replay; the largest message kcat has to read. */
  headersDropped?: number;
  largestMessageBytes?: number;
}

/** Conflicts printed one by one; the rest are counted. */
const CONFLICTS_SHOWN = 20;

/** Exit codes: 0 every message exported; 1 a conflict, a missing whole value, a message kcat cannot take, an unreadable object or a failure; 2 a wrong option. */
export async function runExport(options: ExportOptions, io: CommandIo): Promise<number> {
  const redactor = new Redactor();
  redactor.add(...options.source.secrets);
  const say = (text: string) => io.stderr.write(`${redactor.redact(text)}\n`);
  let request: ExportRequest;
  try {
    request = exportRequest(options);
  } catch (error) {
    if (!(error instanceof OptionError)) throw error;
    say(`Error: ${error.message}`);
    return error.exitCode;
  }
  const output = options.out === undefined ? ExportOutput.toStream(io.stdout) : ExportOutput.toFile(options.out);
  const progress = new Progress(io.stderr, io.isTTY);
  const run = new ExportRun(options.source, request, output, progress, say, io.signal);
  try {
    await run.export();
    await output.finish();
  } catch (error) {
    progress.clear();
    await output.abandon();
    if (io.signal.aborted) say(`Interrupted: ${[run.where(), options.out && `${options.out} was not written`].filter(Boolean).join('; ')}`);
    else say(`Error: ${error instanceof Error ? error.message : String(error)}${run.where() ? ` (stopped at ${run.where()})` : ''}`);
    return 1;
  }
  progress.clear();
  const summary = run.summary();
  if (options.json) {
    const text = `${exactJson(summary)}\n`;
    if (options.out === undefined) io.stderr.write(text);
    else io.stdout.write(text);
  } else say(describe(summary, options.out));
  if (request.format === 'kcat') kcatAdvice(summary, say);
  return summary.conflicts > 0 ? 1 : 0;
}

interface ExportRequest {
  topic: string;
  partition?: number;
  fromOffset?: bigint;
  toOffset?: bigint;
  fromTime?: number;
  toTime?: number;
  format: (typeof EXPORT_FORMATS)[number];
  allowTruncated: boolean;
}

function exportRequest(options: ExportOptions): ExportRequest {
  if (typeof options.topic !== 'string' || options.topic === '') throw new OptionError('--topic is required: the topic to export');
  const request: ExportRequest = {
    topic: options.topic,
    format: oneOfOption('--format', options.format, EXPORT_FORMATS, 'json'),
    allowTruncated: options.allowTruncated === true,
  };
  const partition = partitionOption('--partition', options.partition);
  const fromOffset = offsetOption('--from-offset', options.fromOffset);
  const toOffset = offsetOption('--to-offset', options.toOffset);
  const fromTime = timeOption('--from-time', options.fromTime);
  const toTime = timeOption('--to-time', options.toTime);
  if (partition !== undefined) request.partition = partition;
  if (fromOffset !== undefined) request.fromOffset = fromOffset;
  if (toOffset !== undefined) request.toOffset = toOffset;
  if (fromTime !== undefined) request.fromTime = fromTime;
  if (toTime !== undefined) request.toTime = toTime;
  if (fromOffset !== undefined && toOffset !== undefined && fromOffset > toOffset) {
    throw new OptionError(`--from-offset ${fromOffset} is after --to-offset ${toOffset}`);
  }
  if (fromTime !== undefined && toTime !== undefined && fromTime >= toTime) {
    throw new OptionError('--from-time must be before --to-time (--to-time is exclusive)');
  }
  if (request.format === 'kcat' && partition === undefined) {
    throw new OptionError(
      "--format kcat needs --partition: kcat cannot take a message's partition from its input, so each partition is replayed on its own (kcat -p)",
    );
  }
  return request;
}

class ExportRun {
  private catalog: ArchiveCatalog | undefined;
  private readonly reader: ObjectReader;
  private readonly seedEncoding: ValueEncoding;
  private readonly counts = {
    partitions: 0,
    messages: 0,
    duplicatesDropped: 0,
    conflicts: 0,
    overflowValuesRead: 0,
    truncatedValues: 0,
    headersDropped: 0,
    largestMessageBytes: 0,
  };
  private at: { partition: PartitionObjects; offset?: bigint } | undefined;

  constructor(
    private readonly source: ArchiveSource,
    private readonly request: ExportRequest,
    private readonly output: ExportOutput,
    private readonly progress: Progress,
    private readonly say: (text: string) => void,
    private readonly signal: AbortSignal,
  ) {
    this.reader = new ObjectReader(source.store);
    this.seedEncoding = source.seedValueEncoding;
  }

  async export(): Promise<void> {
    const { topic, partition, fromOffset, toOffset, fromTime, toTime } = this.request;
    this.progress.update(() => `listing ${this.source.description} …`);
    const catalog = await listArchive(this.source, {
      filter: { topic, partition, fromOffset, toOffset, fromTime, toTime },
      compacted: 'optional',
      signal: this.signal,
    });
    this.catalog = catalog;
    if (catalog.compactedUnlisted !== undefined) {
      this.say(
        `warning: the compacted zone ${this.source.compactedPrefix} cannot be listed (${catalog.compactedUnlisted}): exporting the batch objects alone. ` +
          'Messages whose batch objects the compactor deleted are missing: grant oss:ListObjects on it, or name it with --compacted-prefix',
      );
    }
    if (catalog.unreadable.length > 0) {
      const listed = catalog.unreadable.map(({ key, problem }) => `${key}: ${problem}`).join('; ');
      throw new Error(
        `objects that no known key template places could not be read, so whether they hold messages of ${topic} is unknown: ${listed}`,
      );
    }
    if (catalog.opened > 0) {
      this.say(
        `${catalog.opened} object(s) have keys that no known key template reads; they were opened to learn what they hold. ` +
          'Pass the OBJECT_KEY_TEMPLATE they were written with (--key-template) to spare that.',
      );
    }
    for (const partitionObjects of catalog.partitions) {
      if (partitionObjects.objects.length === 0) continue;
      this.counts.partitions++;
      await this.exportPartition(partitionObjects);
    }
    this.at = undefined;
  }

  private async exportPartition(partition: PartitionObjects): Promise<void> {
    this.at = { partition };
    const { fromOffset, toOffset, fromTime, toTime } = this.request;
    this.reader.plan(partition.objects);
    for await (const { offset, copies } of mergePartition(partition.objects, (object) => this.reader.records(object))) {
      this.signal.throwIfAborted();
      if ((fromOffset !== undefined && offset < fromOffset) || (toOffset !== undefined && offset > toOffset)) continue;
      const groups = messageGroups(copies, this.seedEncoding);
      const chosen = preferredCopy(groups[0] as RecordCopy[]);
      const { timestamp } = chosen.record;
      if ((fromTime !== undefined && timestamp < fromTime) || (toTime !== undefined && timestamp >= toTime)) continue;
      this.at.offset = offset;
      for (const group of groups) this.counts.duplicatesDropped += group.length - 1;
      if (groups.length > 1) this.reportConflict(offset, groups, chosen);
      await this.write(await this.message(chosen.record, partition));
      this.progress.update(() => this.progressLine());
    }
  }

  private async message(record: StoredRecord, partition: PartitionObjects): Promise<ExportedMessage> {
    const valueEncoding = valueEncodingOf(record, this.seedEncoding);
    const message: ExportedMessage = {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      key: record.key,
      value: record.value,
      valueEncoding,
      headers: record.headers ?? null,
      truncated: false,
    };
    if (!record.overflowFlag || record.value === null) return message;
    const whole = await readWholeValue(this.source.store, record, partition, this.seedEncoding);
    if ('bytes' in whole) {
      this.counts.overflowValuesRead++;
      const text = whole.bytes.toString('utf8');
      const asText = valueEncoding !== 'base64' && Buffer.from(text, 'utf8').equals(whole.bytes);
      return { ...message, value: asText ? text : whole.bytes.toString('base64'), valueEncoding: asText ? valueEncoding : 'base64' };
    }
    if (!this.request.allowTruncated) {
      throw new Error(`${whole.problem}; pass --allow-truncated to export such values cut, marked "truncated": true`);
    }
    this.counts.truncatedValues++;
    this.say(`warning: ${whole.problem}; exported cut ("truncated": true)`);
    return { ...message, truncated: true };
  }

  private async write(message: ExportedMessage): Promise<void> {
    if (this.request.format === 'json') {
      await this.output.write(messageJsonLine(message));
    } else {
      const record = kcatRecord(message);
      if (message.headers !== null && message.headers !== '[]') this.counts.headersDropped++;
      this.counts.largestMessageBytes = Math.max(this.counts.largestMessageBytes, record.length - 1);
      await this.output.write(record);
    }
    this.counts.messages++;
  }

  private reportConflict(offset: bigint, groups: RecordCopy[][], chosen: RecordCopy): void {
    this.counts.conflicts++;
    if (this.counts.conflicts > CONFLICTS_SHOWN) return;
    const others = groups.slice(1).flatMap((group) => group.map(({ object }) => object.key));
    this.say(
      `conflict: ${this.request.topic}/${chosen.record.partition} offset ${offset} is archived with different content in ` +
        `${chosen.object.key} (exported) and ${[...new Set(others)].join(', ')} (not exported)` +
        (this.counts.conflicts === CONFLICTS_SHOWN ? '; further conflicts are only counted' : ''),
    );
  }

  where(): string {
    if (this.at === undefined) return '';
    const { partition, offset } = this.at;
    return `${partition.topic}/${partition.partition}${offset === undefined ? '' : ` after offset ${offset}`}; ${this.counts.messages} message(s) written`;
  }

  private progressLine(): string {
    const total = this.catalog?.partitions.reduce((sum, { objects }) => sum + objects.length, 0) ?? 0;
    const at = this.at ? `${this.at.partition.topic}/${this.at.partition.partition}` : '';
    return `exporting ${at}: ${this.counts.messages} messages, ${this.reader.objectsRead}/${total} objects, ${mebibytes(this.source.store.bytesRead)}`;
  }

  summary(): ExportSummary {
    const { headersDropped, largestMessageBytes, ...counts } = this.counts;
    return {
      topic: this.request.topic,
      ...counts,
      objectsRead: this.reader.objectsRead,
      objectsOpenedToPlace: this.catalog?.opened ?? 0,
      bytes: this.source.store.bytesRead,
      requests: { ...this.source.store.requests },
      ...(this.request.format === 'kcat' ? { headersDropped, largestMessageBytes } : {}),
    };
  }
}

function describe(summary: ExportSummary, out: string | undefined): string {
  const parts = [
    `exported ${summary.messages} message(s) of ${summary.topic} from ${summary.partitions} partition(s)${out ? ` to ${out}` : ''}`,
    `${summary.objectsRead} object(s) read (${mebibytes(summary.bytes)})`,
    `${summary.duplicatesDropped} duplicate(s) dropped`,
    `${summary.conflicts} conflict(s)`,
    `${summary.overflowValuesRead} whole value(s) read from _overflow/`,
  ];
  if (summary.truncatedValues > 0) parts.push(`${summary.truncatedValues} value(s) exported cut`);
  return parts.join('; ');
}

function kcatAdvice(summary: ExportSummary, say: (text: string) => void): void {
  if ((summary.headersDropped ?? 0) > 0) {
    say(`note: ${summary.headersDropped} message(s) carry headers, which kcat cannot take from its input: they are replayed without them`);
  }
  const largest = summary.largestMessageBytes ?? 0;
  if (largest > KCAT_DEFAULT_INPUT_BYTES) {
    say(
      `note: the largest message is ${largest} bytes, over kcat's default input limit of ${KCAT_DEFAULT_INPUT_BYTES}: ` +
        `add -X message.max.bytes=${largest + 1024} to kcat (the topic's max.message.bytes must allow it too)`,
    );
  }
}
