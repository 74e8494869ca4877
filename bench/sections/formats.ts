/**
 * @module What each output format costs the largest batch the trigger pushes (32 MiB): handler
 * time and peak memory, each format in a fresh process, measured as batch-size.ts measures.
 */
import { MEMORY_MB } from '../../lib/platform/fc';
import { type BenchSection, stopIfAborted } from '../section';
import { MIB } from '../stats';
import { measureBatches } from './batch-size';

const SIZE_MIB = 32;
const DEFAULT_MEMORY_MB = 512;
const FORMATS: Array<{ name: string; env: Record<string, string> }> = [
  { name: 'json (the seed)', env: {} },
  { name: 'json, gzip', env: { COMPRESSION: 'gzip' } },
  { name: 'jsonl, zstd', env: { OUTPUT_FORMAT: 'jsonl', COMPRESSION: 'zstd' } },
  { name: 'parquet, zstd', env: { OUTPUT_FORMAT: 'parquet' } },
  { name: 'jsonl, full record format', env: { OUTPUT_FORMAT: 'jsonl', RECORD_FORMAT: 'full' } },
];

export const formatCost: BenchSection = {
  id: 'formats',
  async run(workspace) {
    const rows = [];
    for (const [index, format] of FORMATS.entries()) {
      stopIfAborted(workspace.signal);
      workspace.progress(`${format.name} (${index + 1} of ${FORMATS.length})`);
      rows.push({ format: format.name, ...(await measureBatches(workspace, SIZE_MIB, format.env)) });
    }
    const mib = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`;
    return {
      title: `Output formats on ${SIZE_MIB} MiB batches: handler time and peak memory, each in a fresh process`,
      table: [
        ['format', 'handler (median)', 'peak, 1st batch', 'growth', 'peak, 3 in a row'],
        ...rows.map((row) => [
          row.format,
          `${row.handlerMs.toFixed(0)} ms`,
          mib(row.firstPeakBytes),
          `${((row.firstPeakBytes - row.beforeBytes) / row.eventBytes).toFixed(2)}×`,
          mib(row.peakBytes),
        ]),
      ],
      notes: [`growth: (peak RSS after the first batch − RSS before) ÷ batch size; MEMORY_SIZE steps are ${MEMORY_MB.step} MB`],
      figures: { sizeMiB: SIZE_MIB, formats: rows },
      goals: rows.map((row) => ({
        name: `peak memory, ${row.format}`,
        measured: `${mib(row.peakBytes)} (goal: within the default MEMORY_SIZE, ${DEFAULT_MEMORY_MB} MB)`,
        met: row.peakBytes <= DEFAULT_MEMORY_MB * MIB,
      })),
    };
  },
};
