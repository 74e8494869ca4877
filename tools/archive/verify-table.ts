/** @module verify's report as a person reads it: a table per zone, then each finding spelled out. */
import { describeRanges, type OffsetRange, rangeCount } from './offset-ranges';
import type { VerifyReport } from './verify-report';

export function renderVerifyReport(report: VerifyReport): string {
  const lines = [`Archive ${report.archive}`, ''];
  if (report.partitions.length === 0) lines.push('No records objects found.');
  else {
    lines.push(
      ...table([
        [
          'topic',
          'partition',
          'objects',
          'offsets',
          'first',
          'last',
          'gaps',
          'duplicates',
          '_conflicts/',
          'missing whole values',
          'unreadable',
        ],
        ...report.partitions.map((p) => [
          p.topic,
          String(p.partition),
          String(p.objects),
          String(p.offsets),
          String(p.ranges[0]?.[0] ?? '-'),
          String(p.ranges[p.ranges.length - 1]?.[1] ?? '-'),
          p.gaps.length === 0 ? '0' : `${p.gaps.length} (${rangeCount(p.gaps)} offsets)`,
          String(rangeCount(p.duplicates)),
          String(p.conflictObjects.length),
          String(p.overflowMissing.length),
          String(p.unreadable.length),
        ]),
      ]),
    );
  }
  if (report.compactedPrefix !== undefined) {
    lines.push('', `Compacted zone ${report.compactedPrefix} (offsets below each checkpoint's nextOffset)`, '');
    lines.push(
      ...table([
        ['topic', 'partition', 'nextOffset', 'objects', 'missing', 'duplicated', 'different', 'sources deleted', 'not yet compacted'],
        ...report.partitions.map(({ topic, partition, compacted }) => [
          topic,
          String(partition),
          compacted?.checkpoint ? `${compacted.checkpoint.nextOffset}${compacted.checkpoint.pending ? ' (a step pending)' : ''}` : 'none',
          String(compacted?.objects ?? 0),
          String(rangeCount(compacted?.missing ?? [])),
          String(rangeCount(compacted?.duplicated ?? [])),
          String(rangeCount(compacted?.different ?? [])),
          String(rangeCount(compacted?.sourcesDeleted ?? [])),
          String(compacted?.notYetCompacted ?? 0),
        ]),
      ]),
    );
  }

  const section = (title: string, items: string[]) => {
    if (items.length > 0) lines.push('', title, ...items.map((item) => `  ${item}`));
  };
  const each = <T>(pick: (p: VerifyReport['partitions'][number]) => T[], say: (name: string, item: T) => string) =>
    report.partitions.flatMap((p) => pick(p).map((item) => say(`${p.topic}/${p.partition}`, item)));
  const ranges = (pick: (p: VerifyReport['partitions'][number]) => OffsetRange[]) =>
    report.partitions.flatMap((p) => (pick(p).length === 0 ? [] : [`${p.topic}/${p.partition}: ${describeRanges(pick(p))}`]));

  section(
    'Gaps (reported, not failures: compacted and transactional topics have them):',
    ranges((p) => p.gaps),
  );
  section(
    'Offsets stored more than once:',
    report.partitions.flatMap((p) =>
      p.duplicates.length === 0
        ? []
        : [
            `${p.topic}/${p.partition}: ${describeRanges(p.duplicates)}` +
              (p.duplicatesDiffering.length > 0
                ? `, with different content at ${describeRanges(p.duplicatesDiffering)}`
                : ', same content') +
              `; in ${p.duplicateObjects.join(', ')}`,
          ],
    ),
  );
  section(
    'Cut values whose whole copy is missing:',
    each(
      (p) => p.overflowMissing,
      (name, { offset, problem }) => `${name} offset ${offset}: ${problem}`,
    ),
  );
  section('Objects that cannot be read:', [
    ...each(
      (p) => p.unreadable,
      (_name, { key, problem }) => `${key}: ${problem}`,
    ),
    ...report.unreadable.map(({ key, problem }) => `${key}: ${problem}`),
  ]);
  section(
    'Records kept apart in _conflicts/ (offsets archived before with other content):',
    each(
      (p) => p.conflictObjects,
      (_n, key) => key,
    ),
  );
  const cut = report.partitions.reduce((sum, p) => sum + p.cutWithoutCopy, 0);
  if (cut > 0) lines.push('', `${cut} value(s) are cut with no whole copy kept, as OVERFLOW=truncate or the sender's own cut leaves them.`);
  section('Elements set aside in _errors/ (not Kafka messages):', report.errorObjects);
  if (report.compactedPrefix !== undefined) {
    section(
      'Checkpoints that cannot be read:',
      report.partitions.flatMap((p) => (p.compacted?.checkpointProblem ? [p.compacted.checkpointProblem] : [])),
    );
    section(
      'Missing from the compacted zone:',
      ranges((p) => p.compacted?.missing ?? []),
    );
    section(
      'More than once in the compacted zone:',
      ranges((p) => p.compacted?.duplicated ?? []),
    );
    section(
      'Compacted with other content than the batch objects:',
      ranges((p) => p.compacted?.different ?? []),
    );
    section(
      'Compacted, their batch objects deleted by the compactor (not failures):',
      ranges((p) => p.compacted?.sourcesDeleted ?? []),
    );
  }
  if (report.otherObjects.length > 0) {
    lines.push(
      '',
      `${report.otherObjects.length} other object(s) under the prefix are none of the archive's, e.g. ${report.otherObjects[0]}`,
    );
  }
  lines.push('', report.ok ? `OK: ${report.objectsRead} object(s) read, every promise kept.` : `FAILED: ${report.failures.join('; ')}.`);
  return lines.join('\n');
}

function table(rows: string[][]): string[] {
  const widths = (rows[0] as string[]).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] as number))
      .join('  ')
      .trimEnd(),
  );
}
