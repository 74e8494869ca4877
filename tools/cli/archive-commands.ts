import {
  type ArchiveCredentials,
  ArchiveSettingsError,
  type ArchiveSource,
  archiveSource,
  type CommandIo,
  OptionError,
  runExport,
  runVerify,
} from '../archive';
import type { ArchiveLocationOptions, ExportCommandOptions, GlobalOptions, VerifyCommandOptions } from './arguments';
import { UsageError } from './cli-error';
import type { CommandContext } from './command-context';
import { readAccessFile } from './access-file';
import { resolveCredentials } from './credentials';

/** What the archive commands need of the CLI's process beyond a command context. */
export interface ArchiveIo extends CommandIo {
  env: NodeJS.ProcessEnv;
}

export async function exportArchive(context: CommandContext, options: ExportCommandOptions, io: ArchiveIo): Promise<number> {
  const source = locate(context, options, io.env);
  return runExport(
    {
      source,
      topic: options.topic ?? '',
      partition: options.partition,
      fromOffset: options.fromOffset,
      toOffset: options.toOffset,
      fromTime: options.fromTime,
      toTime: options.toTime,
      out: options.out,
      format: options.format,
      json: context.global.json,
      allowTruncated: options.allowTruncated,
    },
    io,
  );
}

export async function verifyArchive(context: CommandContext, options: VerifyCommandOptions, io: ArchiveIo): Promise<number> {
  const source = locate(context, options, io.env);
  return runVerify(
    { source, topic: options.topic, partition: options.partition, compacted: options.compacted, json: context.global.json },
    io,
  );
}

/**
 * The archive from the function's own variables, each option winning over its variable. The
 * region falls back to s.yaml's (the bucket lives in the function's region); credentials to an
 * `s config add` alias when --access names one, or when no variable gives any.
 */
function locate(context: CommandContext, options: ArchiveLocationOptions, env: NodeJS.ProcessEnv): ArchiveSource {
  const regionFromEnv = env.OSS_REGION || env.FC_REGION;
  try {
    const source = archiveSource(env, {
      bucket: options.bucket,
      prefix: options.prefix,
      endpoint: options.ossEndpoint,
      region: context.global.region ?? (regionFromEnv ? undefined : context.vars.values.region),
      compactedPrefix: options.compactedPrefix,
      keyTemplates: options.keyTemplate,
      valueDataType: options.valueDataType,
      credentials: aliasCredentials(context.global, env),
    });
    context.output.hideSecrets(...source.secrets);
    return source;
  } catch (error) {
    if (error instanceof ArchiveSettingsError || error instanceof OptionError) throw new UsageError(error.message);
    throw error;
  }
}

function aliasCredentials(global: GlobalOptions, env: NodeJS.ProcessEnv): ArchiveCredentials | undefined {
  const fromEnv = env.OSS_ACCESS_KEY_ID || env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  if (global.access === undefined && (fromEnv || readAccessFile(env)?.aliases.default === undefined)) return undefined;
  const { accessKeyId, accessKeySecret, securityToken, source } = resolveCredentials(env, global.access);
  return { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}), source };
}
