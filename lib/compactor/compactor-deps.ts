/** @module What compaction needs from its settings, built once per instance. */
import type { CompactorSettings } from '../config/compaction-settings';
import { type TimeBucketer, timeBucketer } from '../objects/key-template-time';
import { objectFormat } from '../objects/object-format';
import { ObjectNaming } from '../objects/object-naming';
import { OssClients } from '../oss/oss-client';
import type { Env } from '../platform/fc';
import type { CompactedFormat } from './compacted-body';

export interface CompactorDeps {
  settings: CompactorSettings;
  /** Where the sink writes; batch objects of every extension are read, so the naming's own extension is not used. */
  sourceNaming: ObjectNaming;
  compactedNaming: ObjectNaming;
  format: CompactedFormat;
  contentType: string;
  bucketer: TimeBucketer;
  clients: OssClients;
  /** The function's environment, where credentials may be set. */
  env: Env;
}

export function compactorDeps(settings: CompactorSettings, env: Env): CompactorDeps {
  const { sink, compaction } = settings;
  const format = objectFormat(compaction.format, compaction.compression, sink.recordFormat);
  return {
    settings,
    sourceNaming: new ObjectNaming(sink.prefix, sink.keyTemplate, ''),
    compactedNaming: new ObjectNaming(compaction.prefix, compaction.keyTemplate, format.extension),
    format: { output: compaction.format, compression: compaction.compression, parquetRecordFormat: sink.recordFormat },
    contentType: format.contentType,
    bucketer: timeBucketer(compaction.keyTemplate, sink.timeZone),
    clients: new OssClients(sink),
    env,
  };
}
