/** @module The run's figures as people read them: the scale run's summary and the soak's ledger. */
import { ledgerHolds, type Ledger } from './archive-ledger';
import { OSS_FAULT_KINDS, OUTAGE } from './oss-fault-injector';
import { number } from './progress-display';
import { type SimulationReport, triggerTotals } from './simulation-report';

export function scaleSummary(report: SimulationReport): string {
  const { ledger, function: fn, instances } = report;
  const trigger = triggerTotals(report);
  const seconds = report.consumeMs / 1000;
  const partitions = report.triggers.reduce((sum, t) => sum + t.partitions, 0);
  return [
    `Archived ${number(trigger.committed)} messages of ${partitions} partitions in ${seconds.toFixed(1)} s: ${number(Math.round(trigger.committed / seconds))} messages/s`,
    `  objects        ${number(fn.objectsCreated)} records objects created; the archive holds ${objectsLine(ledger)}`,
    `  bytes          ${mib(fn.bytesWritten)} written`,
    `  invocations    ${number(fn.invocations)} (${number(fn.failed)} failed), ${number(instances.coldStarts)} instances started`,
    `  windows        closed by count ${number(trigger.windows.count)}, by time ${number(trigger.windows.time)}, by the 32 MB body limit ${number(trigger.windows.bytes)}`,
    `  retries        ${number(trigger.retries)} batches pushed again by the trigger, ${number(fn.ossRetries)} OSS requests retried by the function`,
    `  dead-lettered  ${number(trigger.deadLettered)} batches (${number(ledger.deadLettered)} messages)`,
    `  peak RSS       ${mib(instances.peakRssBytes)} in a function instance, ${mib(report.simulatorPeakRssBytes)} in the simulator (with the OSS server)`,
    `  ledger         ${ledgerLine(ledger)}`,
    ...functionErrorLines(fn.errors),
    ...problemLines(ledger),
  ].join('\n');
}

export function soakLedger(report: SimulationReport): string {
  const { ledger, function: fn, instances, faults } = report;
  const trigger = triggerTotals(report);
  const faulted = OSS_FAULT_KINDS.reduce((sum, kind) => sum + faults.oss[kind], 0);
  const share = faults.ossRequests === 0 ? 0 : (100 * faulted) / faults.ossRequests;
  return [
    `Ledger (seed ${report.seed}; ${number(fn.invocations)} invocations in ${duration(report.wallMs)})`,
    `  produced         ${number(ledger.produced)}`,
    `  archived once    ${number(ledger.archivedOnce)}`,
    `  lost             ${number(ledger.lost)}`,
    `  duplicated       ${number(ledger.duplicated)}`,
    `  dead-lettered    ${number(ledger.deadLettered)} (${number(trigger.deadLettered)} batches${trigger.deadLettered > 0 ? `; last failure: ${counts(trigger.deadLetteredBy)}` : ''})`,
    `  set aside        ${number(ledger.setAside)} poison elements in _errors/${ledger.setAsideMoreThanOnce > 0 ? ` (${number(ledger.setAsideMoreThanOnce)} of them in more than one _errors/ object)` : ''}`,
    `  blocked          ${number(ledger.blocked)} (behind ${number(trigger.blocked)} blocked partitions)`,
    `  whole values     ${number(ledger.wholeValues)} cut records with their whole value in _overflow/`,
    `  mismatched       ${number(ledger.mismatched)}, unexpected ${number(ledger.unexpected)}`,
    'Faults injected',
    `  OSS              ${number(faulted)} of ${number(faults.ossRequests)} requests (${share.toFixed(1)} %): ${OSS_FAULT_KINDS.map((kind) => `${kind} ${number(faults.oss[kind])}`).join(', ')}`,
    `  outages          ${number(faults.oss[OUTAGE])} requests refused (403 AccessDenied)`,
    `  DNS              ENOTFOUND ${number(faults.dns.ENOTFOUND)}, EAI_AGAIN ${number(faults.dns.EAI_AGAIN)}`,
    `  instances        ${number(instances.killed)} killed during an invocation, ${number(instances.recycled)} recycled, ${number(instances.coldStarts)} started${instances.died > 0 ? `, ${number(instances.died)} ended by themselves` : ''}`,
    'Trigger',
    `  restarts         ${number(trigger.restarts)}: ${number(trigger.restartsWithNewBoundaries)} with new batch boundaries, ${number(trigger.restartsBeforeCommit)} between a success and its commit; ${number(trigger.reread)} messages re-read`,
    `  pushes           ${number(trigger.pushes)}: ${number(trigger.succeeded)} succeeded, ${number(trigger.failed)} failed, ${number(trigger.retries)} retries`,
    `  failures         ${trigger.failed === 0 ? 'none' : counts(trigger.failures)}`,
    `  windows          closed by count ${number(trigger.windows.count)}, by time ${number(trigger.windows.time)}, by the body limit ${number(trigger.windows.bytes)}`,
    'Function',
    `  objects          ${number(fn.objectsCreated)} records objects created (${mib(fn.bytesWritten)} written), ${number(fn.alreadyStored)} found already stored; the archive holds ${objectsLine(ledger)}`,
    `  records          ${number(fn.alreadyArchivedRecords)} re-read records found already archived, ${number(fn.conflicts)} conflicts`,
    `  OSS requests     ${number(fn.requests.put)} PUT, ${number(fn.requests.list)} LIST, ${number(fn.requests.get)} GET in succeeded invocations; ${number(fn.ossRetries)} retried`,
    `  peak RSS         ${mib(instances.peakRssBytes)} in a function instance`,
    ...functionErrorLines(fn.errors),
    `Result: ${ledgerHolds(ledger) ? 'nothing lost, nothing duplicated' : 'FAILED: messages lost, duplicated or altered'}`,
    ...problemLines(ledger),
  ].join('\n');
}

function ledgerLine(ledger: Ledger): string {
  return `${number(ledger.produced)} produced: ${number(ledger.archivedOnce)} archived once, ${number(ledger.lost)} lost, ${number(ledger.duplicated)} duplicated${ledger.mismatched + ledger.unexpected > 0 ? `, ${number(ledger.mismatched + ledger.unexpected)} altered or unknown` : ''}`;
}

function objectsLine(ledger: Ledger): string {
  const { records, overflow, errors, index, conflicts } = ledger.objects;
  return `${number(records)} records objects, ${number(overflow)} in _overflow/, ${number(errors)} in _errors/, ${number(index)} in _index/, ${number(conflicts)} in _conflicts/`;
}

/** Invocations that failed for a reason no injected fault explains: each is a finding. */
function functionErrorLines(errors: Record<string, number>): string[] {
  const entries = Object.entries(errors);
  if (entries.length === 0) return [];
  return [
    'Function errors no injected fault explains:',
    ...entries.map(([error, count]) => `  ${number(count)} × ${error.replace(/^function error: /, '')}`),
  ];
}

function counts(byName: Partial<Record<string, number>>): string {
  return (Object.entries(byName) as Array<[string, number]>)
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name} ${number(count)}`)
    .join(', ');
}

function problemLines(ledger: Ledger): string[] {
  return ledger.problems.length === 0 ? [] : ['Problems found (the first ones):', ...ledger.problems.map((problem) => `  ${problem}`)];
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
