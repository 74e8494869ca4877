/**
 * @module `npm start -- --messages 100000 --partitions 12`: the trigger simulator at scale against
 * the embedded OSS server (in memory), with a progress bar, ending with a summary: messages/s,
 * objects, bytes, peak RSS, retries, dead letters, and the ledger of the archive read back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KAFKA_TRIGGER } from '../../lib/platform/fc';
import { ledgerHolds } from './archive-ledger';
import { builtFiles, envOptions, UsageError, wholeNumber } from './command-options';
import { progressDisplay } from './progress-display';
import { scaleSummary } from './report-text';
import { SOAK_COMPRESSION, SOAK_FAULTS, scaleConnector } from './scenarios';
import { NO_FAULTS, runSimulation, type SimulationOptions } from './simulation';

const USAGE =
  'usage: npm start -- --messages <n> [--partitions 12] [--tasks 6] [--batch-count 100] [--batch-seconds 3] [--faults] [--env KEY=VALUE]... [--seed <text>]';

export async function runScale(args: string[], signal: AbortSignal): Promise<number> {
  let options: Omit<SimulationOptions, 'workDir' | 'bundle' | 'instanceScript'>;
  try {
    const { values } = parseArgs({
      args,
      options: {
        messages: { type: 'string' },
        partitions: { type: 'string', default: '12' },
        tasks: { type: 'string', default: '6' },
        'batch-count': { type: 'string', default: '100' },
        'batch-seconds': { type: 'string', default: '3' },
        faults: { type: 'boolean', default: false },
        env: { type: 'string', multiple: true },
        seed: { type: 'string', default: 'scale' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const messages = wholeNumber('messages', values.messages, 1, 100_000_000);
    if (messages === undefined) throw new UsageError('--messages is required');
    const partitions = wholeNumber('partitions', values.partitions, 1, 1024) as number;
    options = {
      seed: values.seed,
      messages,
      connectors: [
        scaleConnector({
          partitions,
          maximumTasks: Math.min(partitions, wholeNumber('tasks', values.tasks, 1, 64) as number),
          batchCount: wholeNumber(
            'batch-count',
            values['batch-count'],
            KAFKA_TRIGGER.batchCount.min,
            KAFKA_TRIGGER.batchCount.max,
          ) as number,
          batchSeconds: wholeNumber(
            'batch-seconds',
            values['batch-seconds'],
            KAFKA_TRIGGER.batchSeconds.min,
            KAFKA_TRIGGER.batchSeconds.max,
          ) as number,
          env: envOptions(values.env),
        }),
      ],
      compression: SOAK_COMPRESSION,
      faults: values.faults ? SOAK_FAULTS : NO_FAULTS,
      functionTimeoutSeconds: 60,
    };
  } catch (error) {
    if (!(error instanceof UsageError) && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') !== true) throw error;
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  const workDir = mkdtempSync(join(tmpdir(), 'trigger-simulator-'));
  const display = progressDisplay(process.stderr);
  try {
    console.error(
      `Simulating the Kafka trigger: ${options.messages} messages, ${options.connectors[0]?.partitions} partitions, the built function in child processes, the embedded OSS server in memory.`,
    );
    const report = await runSimulation({
      ...options,
      ...builtFiles(),
      workDir,
      signal,
      onProgress: (progress) => display.update(progress),
    });
    display.done();
    console.log(scaleSummary(report));
    return ledgerHolds(report.ledger) ? 0 : 1;
  } finally {
    display.done();
    rmSync(workDir, { recursive: true, force: true });
  }
}
