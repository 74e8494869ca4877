import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConnectorPlan, runSimulation, SOAK_COMPRESSION, SOAK_FAULTS, soakConnectors } from '../../../tools/trigger-simulator';
import type { SimulationReport } from '../../../tools/trigger-simulator/simulation-report';
import { REPO_ROOT } from '../../support/repo';

/** The soak of `npm run soak`, shortened, with more connectors if given: the built function, the local OSS server, every fault. */
export async function shortSoak(seed: string, invocations: number, more: ConnectorPlan[] = []): Promise<SimulationReport> {
  const workDir = mkdtempSync(join(tmpdir(), 'soak-test-'));
  try {
    return await runSimulation({
      seed,
      connectors: [...soakConnectors(), ...more],
      compression: SOAK_COMPRESSION,
      invocations,
      faults: SOAK_FAULTS,
      bundle: join(REPO_ROOT, 'dist', 'oss-sink', 'index.js'),
      instanceScript: join(REPO_ROOT, 'dist', 'tools', 'simulator-instance.js'),
      workDir,
      functionTimeoutSeconds: 60,
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
