/** @module What the sink needs from its settings, built once per instance. */
import type { Settings } from '../config/settings';
import type { Logger } from '../log/logger';
import { timeBucketer } from '../objects/key-template-time';
import { type ObjectFormat, objectFormat } from '../objects/object-format';
import { ObjectNaming } from '../objects/object-naming';
import { OssClients } from '../oss/oss-client';
import type { Env } from '../platform/fc';

export interface SinkDeps {
  settings: Settings;
  format: ObjectFormat;
  naming: ObjectNaming;
  bucketOf: (timestamp: number) => string;
  clients: OssClients;
  /** The function's environment, where credentials may be set. */
  env: Env;
  /** Bound to the invocation's request id. */
  logger: Logger;
  /** Warnings this instance already gave, so each is logged once. */
  warned: Set<string>;
}

export function sinkDeps(settings: Settings, env: Env): Omit<SinkDeps, 'logger'> {
  const format = objectFormat(settings.outputFormat, settings.compression, settings.recordFormat);
  const bucketer = timeBucketer(settings.keyTemplate, settings.timeZone);
  return {
    settings,
    format,
    naming: new ObjectNaming(settings.prefix, settings.keyTemplate, format.extension),
    bucketOf: (timestamp) => bucketer.bucketOf(timestamp),
    clients: new OssClients(settings),
    env,
    warned: new Set(),
  };
}
