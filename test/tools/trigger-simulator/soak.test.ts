// A short soak: the soak's three connectors with the function's default settings, and a fourth
// with RECORD_FORMAT=full and the README's Hive-style key template. Nothing lost, nothing
// duplicated — and proof that the run did what a soak must (restarts with new boundaries,
// recycled and killed instances, a permanently failing batch dead-lettered, every kind of fault),
// so that it cannot pass by doing nothing.
import { hiveConnector } from '../../../tools/trigger-simulator';
import { OSS_FAULT_KINDS, OUTAGE } from '../../../tools/trigger-simulator/oss-fault-injector';
import { soakLedger } from '../../../tools/trigger-simulator/report-text';
import { type SimulationReport, triggerTotals } from '../../../tools/trigger-simulator/simulation-report';
import { shortSoak } from './soak-fixture';

let report: SimulationReport;
beforeAll(async () => {
  report = await shortSoak('soak-test', 200, [hiveConnector()]);
}, 180_000);

test('every produced message is archived once, dead-lettered or set aside: none lost, none twice, none altered', () => {
  const { ledger } = report;
  expect(ledger.problems).toEqual([]);
  expect(ledger).toMatchObject({ lost: 0, duplicated: 0, mismatched: 0, unexpected: 0 });
  expect(ledger.produced).toBe(ledger.archivedOnce + ledger.deadLettered + ledger.setAside + ledger.blocked);
  expect(ledger.archivedOnce).toBeGreaterThan(ledger.produced * 0.9);
  expect(ledger.setAside).toBeGreaterThan(0);
  expect(ledger.wholeValues).toBeGreaterThan(0);
});

test('consumers restarted and re-read with new batch boundaries, also between a success and its commit', () => {
  const trigger = triggerTotals(report);
  expect(report.function.invocations).toBeGreaterThanOrEqual(200);
  expect(trigger.restartsWithNewBoundaries).toBeGreaterThan(0);
  expect(trigger.restartsBeforeCommit).toBeGreaterThan(0);
  expect(trigger.reread).toBeGreaterThan(0);
  expect(report.function.alreadyArchivedRecords).toBeGreaterThan(0);
  expect(trigger.windows.count).toBeGreaterThan(0);
  expect(trigger.windows.time).toBeGreaterThan(0);
  expect(report.triggers.map(({ settings, stats }) => [settings.name, settings.pushFormat, stats.succeeded > 0])).toEqual([
    ['orders', 'cloudevents', true],
    ['telemetry', 'cloudevents-as-strings', true],
    ['blobs', 'rawdata', true],
    ['orders-hive', 'cloudevents', true],
  ]);
});

test('RECORD_FORMAT=full with the Hive-style template: headers and encodings checked, runs split by the hour, _index/ entries', () => {
  // The ledger compared this connector's records in the full format (headers exactly); none differed.
  expect(report.ledger.mismatched).toBe(0);
  expect(report.ledger.objects.index).toBeGreaterThan(0);
  const hive = report.triggers.find(({ settings }) => settings.name === 'orders-hive');
  expect(hive?.stats.committed).toBeGreaterThan(0);
  expect(hive?.stats.restarts).toBeGreaterThan(0);
});

test('function instances were recycled as new processes, and killed in the middle of invocations', () => {
  expect(report.instances.recycled).toBeGreaterThan(0);
  expect(report.instances.killed).toBeGreaterThan(0);
  expect(report.instances.coldStarts).toBeGreaterThan(report.instances.recycled);
});

test('the permanently failing partition had batches dead-lettered after their last retry', () => {
  const trigger = triggerTotals(report);
  expect(trigger.deadLetteredBy['outage (403 AccessDenied)']).toBeGreaterThan(0);
  expect(report.ledger.deadLettered).toBeGreaterThan(0);
  expect(report.faults.oss[OUTAGE]).toBeGreaterThan(0);
});

test('every kind of fault was injected, about 30 % of OSS requests', () => {
  for (const kind of OSS_FAULT_KINDS) expect([kind, report.faults.oss[kind]]).toEqual([kind, expect.any(Number)]);
  expect(OSS_FAULT_KINDS.filter((kind) => report.faults.oss[kind] === 0)).toEqual([]);
  const faulted = OSS_FAULT_KINDS.reduce((sum, kind) => sum + report.faults.oss[kind], 0);
  expect(faulted / report.faults.ossRequests).toBeGreaterThan(0.2);
  expect(faulted / report.faults.ossRequests).toBeLessThan(0.4);
  expect(report.faults.dns.ENOTFOUND).toBeGreaterThan(0);
  expect(report.faults.dns.EAI_AGAIN).toBeGreaterThan(0);
  expect(report.function.ossRetries).toBeGreaterThan(0);
});

test('the ledger as npm run soak prints it: the figures, the faults by kind, and the result', () => {
  const text = soakLedger(report);
  expect(text).toMatch(new RegExp(`^ {2}produced +${report.ledger.produced.toLocaleString('en-US')}$`, 'm'));
  expect(text).toMatch(/^ {2}lost +0$/m);
  expect(text).toMatch(/^ {2}duplicated +0$/m);
  expect(text).toMatch(/^ {2}dead-lettered +[\d,]+ \(\d+ batches; last failure: .*outage \(403 AccessDenied\) \d+/m);
  expect(text).toMatch(
    /^ {2}OSS +[\d,]+ of [\d,]+ requests \([\d.]+ %\): http-500 \d+, http-502 \d+, http-503 \d+, http-429 \d+, reset-before-store \d+, reset-after-store \d+, latency-spike \d+$/m,
  );
  expect(text).toMatch(/^ {2}restarts +\d+: \d+ with new batch boundaries, \d+ between a success and its commit/m);
  expect(text).toContain('Result: nothing lost, nothing duplicated');
});
