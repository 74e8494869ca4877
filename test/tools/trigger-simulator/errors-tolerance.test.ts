// errorsTolerance when a partition's batches fail every push: ALL writes them to the dead-letter
// file and goes on; NONE stops the partition. Either way the ledger accounts for every message,
// and the other partition is archived whole.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_FAULTS, runSimulation, soakConnectors } from '../../../tools/trigger-simulator';
import type { ConnectorPlan } from '../../../tools/trigger-simulator/connector-plan';
import { REPO_ROOT } from '../../support/repo';

const workDir = mkdtempSync(join(tmpdir(), 'errors-tolerance-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function failingPartition(errorsTolerance: 'ALL' | 'NONE') {
  const [orders] = soakConnectors() as [ConnectorPlan];
  const plan: ConnectorPlan = {
    ...orders,
    trigger: { ...orders.trigger, maximumTasks: 2, errorsTolerance, retryStrategy: 'BACKOFF_RETRY', restartChance: 0 },
    partitions: 2,
    mix: { oversizeEvery: 0, largeEvery: 0, poisonEvery: 0 },
    // Refused from the start, for longer than a batch's four pushes.
    outage: { partition: 1, atShare: 0, requests: 1000 },
  };
  return runSimulation({
    seed: `tolerance-${errorsTolerance}`,
    connectors: [plan],
    compression: 500,
    invocations: 20,
    faults: NO_FAULTS,
    bundle: join(REPO_ROOT, 'dist', 'oss-sink', 'index.js'),
    instanceScript: join(REPO_ROOT, 'dist', 'tools', 'simulator-instance.js'),
    workDir: mkdtempSync(join(workDir, errorsTolerance)),
    functionTimeoutSeconds: 60,
  });
}

test('ALL: the failing batches go to the dead-letter file after their last retry, and consumption goes on', async () => {
  const { ledger, triggers } = await failingPartition('ALL');
  const [trigger] = triggers;
  expect(ledger.problems).toEqual([]);
  expect(trigger?.stats.deadLettered).toBeGreaterThan(1);
  expect(trigger?.stats.deadLetteredBy).toEqual({ 'outage (403 AccessDenied)': trigger?.stats.deadLettered });
  expect(trigger?.stats.retries).toBe(3 * (trigger?.stats.deadLettered ?? 0));
  expect(trigger?.stats.blocked).toBe(0);
  expect(ledger).toMatchObject({ lost: 0, duplicated: 0, blocked: 0 });
  expect(ledger.deadLettered).toBeGreaterThan(0);
  expect(ledger.archivedOnce + ledger.deadLettered).toBe(ledger.produced);
}, 60_000);

test('NONE: the partition stops after the last retry, its messages blocked, not lost', async () => {
  const { ledger, triggers } = await failingPartition('NONE');
  const [trigger] = triggers;
  expect(ledger.problems).toEqual([]);
  expect(trigger?.stats).toMatchObject({ blocked: 1, deadLettered: 0, retries: 3 });
  expect(ledger).toMatchObject({ lost: 0, duplicated: 0, deadLettered: 0 });
  expect(ledger.blocked).toBeGreaterThan(0);
  expect(ledger.archivedOnce + ledger.blocked).toBe(ledger.produced);
}, 60_000);
