// `npm run bench`: the sink's speed, memory and size, each against a floor measured in the same run
// or a goal, section by section (bench/sections/). Progress goes to stderr, results to stdout; the
// run exits 1 when a goal is missed, and Ctrl-C stops it with nothing left behind.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SINK_BUNDLE } from '../tools/fc-runner/local-defaults';
import { type LocalOssServer, startLocalOssServer } from '../tools/oss-emulator';
import { INTERRUPTED } from '../tools/process/run-main';
import { BenchInterrupted, type SectionReport } from './section';
import { BATCH_SIZE_PROBE, runBatchSizeProbe } from './sections/batch-size';
import { SECTIONS } from './sections';
import { formatTable } from './table';

const BUCKET = 'bench-bucket';
const USAGE = `usage: npm run bench -- [--json] [--chart <file.svg>] [--no-goals] [--only <${SECTIONS.map((s) => s.id).join('|')}>,…]`;

export async function runBench(args: string[], signal: AbortSignal): Promise<number> {
  if (args[0] === BATCH_SIZE_PROBE) return runBatchSizeProbe(args.slice(1), signal);
  let options: { json: boolean; chart?: string; goals: boolean; only?: string[] };
  try {
    options = readOptions(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const sections = options.only ? SECTIONS.filter((section) => options.only?.includes(section.id)) : SECTIONS;
  const charting = sections.filter((section) => section.id === 'batch-size');
  if (options.chart && charting.length === 0) {
    process.stderr.write(`--chart draws the batch-size section, which --only leaves out\n${USAGE}\n`);
    return 2;
  }
  const bundle = resolve(SINK_BUNDLE);
  if (!existsSync(bundle)) {
    process.stderr.write(`${bundle} does not exist: run npm run build first (npm run bench builds).\n`);
    return 1;
  }

  const dir = mkdtempSync(join(tmpdir(), 'oss-sink-bench-'));
  let server: LocalOssServer | undefined;
  const progress = (message: string) => process.stderr.write(`bench › ${message}\n`);
  try {
    server = await startLocalOssServer({ dir: join(dir, 'oss'), buckets: [BUCKET] });
    const reports: Array<SectionReport & { id: string }> = [];
    for (const section of sections) {
      if (signal.aborted) throw new BenchInterrupted();
      progress(`${section.id}: started`);
      const started = performance.now();
      const workspace = {
        server,
        bucket: BUCKET,
        dir,
        bundle,
        signal,
        progress: (message: string) => progress(`${section.id}: ${message}`),
      };
      const report = await section.run(workspace);
      progress(`${section.id}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      reports.push({ id: section.id, ...report });
      if (!options.json) process.stdout.write(`\n${formatReport(report)}\n`);
    }

    const chart = reports.find((report) => report.chart)?.chart;
    if (options.chart && chart) {
      writeFileSync(options.chart, chart);
      progress(`chart written to ${options.chart}`);
    }
    const goals = reports.flatMap((report) => report.goals.map((goal) => ({ section: report.id, ...goal })));
    const missed = goals.filter((goal) => !goal.met);
    if (options.json) {
      const sectionsJson = Object.fromEntries(reports.map(({ id, title, figures, goals }) => [id, { title, figures, goals }]));
      process.stdout.write(
        `${JSON.stringify({ node: process.versions.node, sections: sectionsJson, goalsMet: missed.length === 0 }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(`\nGoals\n${goals.map((goal) => `  ${goal.met ? '✓' : '✗'} ${goal.name}: ${goal.measured}`).join('\n')}\n`);
    }
    if (missed.length === 0 || !options.goals) return 0;
    process.stderr.write(`${missed.length} goal(s) missed: ${missed.map((goal) => goal.name).join(', ')} (--no-goals only measures)\n`);
    return 1;
  } catch (error) {
    if (!(error instanceof BenchInterrupted) && !signal.aborted) throw error;
    return INTERRUPTED;
  } finally {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    if (signal.aborted) progress(`interrupted; removed ${dir}`);
  }
}

function readOptions(args: string[]): { json: boolean; chart?: string; goals: boolean; only?: string[] } {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      chart: { type: 'string' },
      'no-goals': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const only = values.only?.split(',').map((id) => id.trim());
  const unknown = only?.filter((id) => !SECTIONS.some((section) => section.id === id));
  if (unknown?.length) throw new Error(`--only: no section ${unknown.join(', ')}`);
  if (values.chart !== undefined && !values.chart.endsWith('.svg'))
    throw new Error(`--chart writes an SVG file: give a path ending in .svg, got ${values.chart}`);
  return { json: values.json, chart: values.chart, goals: !values['no-goals'], only };
}

function formatReport(report: SectionReport): string {
  const notes = (report.notes ?? []).map((note) => `  ${note}`);
  return [report.title, formatTable(report.table), ...notes].join('\n');
}
