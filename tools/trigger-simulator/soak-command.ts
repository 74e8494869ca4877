/**
 * @module `npm run soak [-- --invocations N]`: three triggers pushing to the built function while a
 * third of OSS requests fail, DNS lookups fail, consumers restart and instances are recycled or
 * killed; then the ledger of every produced message against the archive. Exits 1 when a message
 * was lost, duplicated or altered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ledgerHolds } from './archive-ledger';
import { builtFiles, envOptions, UsageError, wholeNumber } from './command-options';
import { progressDisplay } from './progress-display';
import { soakLedger } from './report-text';
import { HIVE_KEY_TEMPLATE, SOAK_COMPRESSION, SOAK_FAULTS, soakConnectors } from './scenarios';
import { runSimulation } from './simulation';

const USAGE = 'usage: npm run soak [-- --invocations 10000] [--seed <text>] [--hive] [--env KEY=VALUE]... [--keep]';

export async function runSoak(args: string[], signal: AbortSignal): Promise<number> {
  let invocations: number;
  let env: Record<string, string>;
  let seed: string;
  let keep: boolean;
  try {
    const { values } = parseArgs({
      args,
      options: {
        invocations: { type: 'string', default: '10000' },
        seed: { type: 'string' },
        hive: { type: 'boolean', default: false },
        env: { type: 'string', multiple: true },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    invocations = wholeNumber('invocations', values.invocations, 1, 10_000_000) as number;
    env = {
      ...(values.hive ? { RECORD_FORMAT: 'full', OBJECT_KEY_TEMPLATE: HIVE_KEY_TEMPLATE, TIMEZONE: 'Asia/Shanghai' } : {}),
      ...envOptions(values.env),
    };
    seed = values.seed ?? randomBytes(4).toString('hex');
    keep = values.keep;
  } catch (error) {
    if (!(error instanceof UsageError) && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') !== true) throw error;
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  const workDir = mkdtempSync(join(tmpdir(), 'trigger-soak-'));
  const display = progressDisplay(process.stderr);
  try {
    const settings = Object.entries(env).map(([name, value]) => `${name}=${value}`);
    console.error(
      `Soak: ${invocations} invocations, seed ${seed} (--seed ${seed} replays the same messages and faults), settings ${settings.length === 0 ? 'default' : settings.join(' ')}.`,
    );
    const report = await runSimulation({
      seed,
      connectors: soakConnectors(env),
      compression: SOAK_COMPRESSION,
      invocations,
      faults: SOAK_FAULTS,
      ...builtFiles(),
      workDir,
      // A long soak archives gigabytes: files, not memory.
      ossDir: join(workDir, 'oss'),
      functionTimeoutSeconds: 60,
      signal,
      onProgress: (progress) => display.update(progress),
    });
    display.done();
    console.log(soakLedger(report));
    if (keep) console.log(`Dead letters: ${report.deadLetterFile}`);
    return ledgerHolds(report.ledger) ? 0 : 1;
  } finally {
    display.done();
    if (!keep) rmSync(workDir, { recursive: true, force: true });
  }
}
