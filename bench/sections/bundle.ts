/**
 * @module The function bundle's size and cold `require` (what a cold start pays before the handler
 * runs), against the previous design: the same build without the function plugins
 * (tools/build/), built in this run with esbuild.config.mjs.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { type BenchSection, stopIfAborted } from '../section';
import { median } from '../stats';

const FUNCTION = 'oss-sink';
const RUNS = 9;
const GOAL_BYTES = 600_000;

interface BuildConfig {
  functionsBuild(options: { outdir: string; plugins?: Plugin[] }): BuildOptions;
}

export const bundleSize: BenchSection = {
  id: 'bundle',
  async run({ dir, signal, progress }) {
    progress('building the function with and without the function plugins');
    // Loaded at run time from the checkout, so both bundles are built exactly as `npm run build` builds.
    const config = (await import(pathToFileURL(resolve('esbuild.config.mjs')).href)) as BuildConfig;
    const lean = join(dir, 'lean');
    const previous = join(dir, 'previous');
    await build(config.functionsBuild({ outdir: lean }));
    await build(config.functionsBuild({ outdir: previous, plugins: [] }));
    const leanFile = join(lean, FUNCTION, 'index.js');
    const previousFile = join(previous, FUNCTION, 'index.js');

    const leanMs: number[] = [];
    const previousMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      stopIfAborted(signal);
      progress(`cold require, run ${run + 1} of ${RUNS}`);
      leanMs.push(coldRequireMs(leanFile));
      previousMs.push(coldRequireMs(previousFile));
    }
    const sizes = {
      lean: statSync(leanFile).size,
      previous: statSync(previousFile).size,
      codecs: statSync(join(lean, FUNCTION, 'codecs.js')).size,
    };
    const times = { lean: median(leanMs), previous: median(previousMs) };
    return {
      title: `The ${FUNCTION} bundle against the previous design (built without the function plugins), cold require median of ${RUNS}`,
      table: [
        ['bundle', 'bytes', 'cold require'],
        ['now', sizes.lean.toLocaleString('en'), `${times.lean.toFixed(1)} ms`],
        ['previous design', sizes.previous.toLocaleString('en'), `${times.previous.toFixed(1)} ms`],
        ['change', `${pct(sizes.lean, sizes.previous)}`, `${pct(times.lean, times.previous)}`],
        ['codecs.js, loaded only for zstd or Parquet', sizes.codecs.toLocaleString('en'), '-'],
      ],
      figures: { bytes: sizes, coldRequireMs: times, runs: RUNS },
      goals: [
        {
          name: 'bundle size',
          measured: `${sizes.lean.toLocaleString('en')} bytes (goal ≤ ${GOAL_BYTES.toLocaleString('en')})`,
          met: sizes.lean <= GOAL_BYTES,
        },
        {
          name: 'cold require',
          measured: `${times.lean.toFixed(1)} ms (goal ≤ the previous design's ${times.previous.toFixed(1)} ms)`,
          met: times.lean <= times.previous,
        },
      ],
    };
  },
};

/** Time to require the bundle in a fresh Node process, as FC's runtime loads the handler. */
function coldRequireMs(file: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`require(${file}) failed: ${run.stderr}`);
  return Number(run.stdout);
}

function pct(now: number, before: number): string {
  const change = ((now - before) / before) * 100;
  return `${change > 0 ? '+' : ''}${change.toFixed(0)} %`;
}
