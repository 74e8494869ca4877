import { objectFormat } from '../../../lib/objects/object-format';
import type { CompressionName, OutputFormatName } from '../../../lib/objects/object-extension';
import type { Entry } from '../../../lib/objects/partition-batch';
import type { ArchiveRecord, RecordFormatName } from '../../../lib/records/archive-record';
import { type ArchiveOverrides, type ArchiveSource, archiveSource, type CommandIo } from '../../../tools/archive';
import { LOCAL_DEV_CREDENTIAL, type LocalOssServer } from '../../../tools/oss-emulator';
import { BUCKET } from '../../support/sink-fixture';

/** The variables the function would have, pointed at the local server. */
export function archiveEnv(server: LocalOssServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OSS_BUCKET: BUCKET,
    OSS_REGION: server.region,
    OSS_ENDPOINT: server.endpoint,
    OSS_PREFIX: 'archive',
    OSS_ACCESS_KEY_ID: LOCAL_DEV_CREDENTIAL.accessKeyId,
    OSS_ACCESS_KEY_SECRET: LOCAL_DEV_CREDENTIAL.accessKeySecret,
    ...extra,
  };
}

export function sourceFor(server: LocalOssServer, overrides: ArchiveOverrides = {}, env: Record<string, string> = {}): ArchiveSource {
  return archiveSource(archiveEnv(server, env), overrides);
}

export interface CapturedIo {
  io: CommandIo;
  stdout(): Buffer;
  stdoutText(): string;
  stderr(): string;
  abort(): void;
}

export function captureIo(options: { isTTY?: boolean } = {}): CapturedIo {
  const out: Buffer[] = [];
  let err = '';
  const controller = new AbortController();
  const stdout = {
    write(chunk: string | Uint8Array) {
      out.push(Buffer.from(chunk));
      return true;
    },
    once() {
      return stdout;
    },
    removeListener() {
      return stdout;
    },
  };
  return {
    io: {
      stdout,
      stderr: {
        write(text: string) {
          err += text;
          return true;
        },
      },
      isTTY: options.isTTY ?? false,
      signal: controller.signal,
    },
    stdout: () => Buffer.concat(out),
    stdoutText: () => Buffer.concat(out).toString('utf8'),
    stderr: () => err,
    abort: () => controller.abort(),
  };
}

/** One JSON line per message, parsed; offsets compared as the digits written. */
export function exportedLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const offset = /"offset":(\d+)/.exec(line)?.[1];
      return { ...(JSON.parse(line) as Record<string, unknown>), offset };
    });
}

/** A full-format record of topic orders; fields not given get plain values from the offset. */
export function record(offset: bigint | number, fields: Partial<ArchiveRecord> = {}): ArchiveRecord {
  const value = fields.value === undefined ? `value ${offset}` : fields.value;
  return {
    key: `k${offset}`,
    offset: BigInt(offset),
    overflowFlag: false,
    partition: 0,
    timestamp: 1795000000000 + Number(offset),
    topic: 'orders',
    value,
    valueSize: value === null ? 0 : Buffer.byteLength(value),
    headers: '[]',
    keyEncoding: 'text',
    valueEncoding: value === null ? null : 'text',
    overflowKey: null,
    ...fields,
  };
}

/** Stores the records as one object, encoded as the sink encodes them. */
export async function plant(
  server: LocalOssServer,
  key: string,
  records: readonly ArchiveRecord[],
  format: { output?: OutputFormatName; compression?: CompressionName; recordFormat?: RecordFormatName } = {},
): Promise<void> {
  const encoder = objectFormat(format.output ?? 'json', format.compression ?? 'none', format.recordFormat ?? 'full');
  const entries: Entry[] = records.map((r) => ({ offset: r.offset, bucket: '', record: r }));
  await server.putObject(BUCKET, key, Buffer.concat(await encoder.body(entries)));
}

export const pad = (offset: bigint | number) => String(offset).padStart(19, '0');
