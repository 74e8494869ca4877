/**
 * @module What the project's build writes, read from esbuild.config.mjs itself: the config is run
 * with esbuild replaced by a recorder, so whatever it computes is what is read, and nothing is built.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, extname, join, normalize, relative, resolve, sep } from 'node:path';

export const BUILD_CONFIG = 'esbuild.config.mjs';

/** One function's code package: `functions/<name>/index.ts` built into `<outdir>/<name>/index.js`. */
export interface FunctionPackage {
  /** The function's folder name under functions/, e.g. `oss-sink`. */
  name: string;
  /** The folder the build writes, absolute (what an fc3 resource's `code` must be). */
  dir: string;
}

export type BuildOutputs = { functions: FunctionPackage[] } | { problem: string };

const MARKER = '\n@@esbuild-options@@';

// Stands in for the esbuild package while the config runs: records each build's options.
const RECORDER = `
const builds = [];
process.on('exit', () => process.stdout.write(${JSON.stringify(MARKER)} + JSON.stringify(builds)));
const record = (options) => { builds.push({ entryPoints: options?.entryPoints, outdir: options?.outdir, outbase: options?.outbase }); return { errors: [], warnings: [], outputFiles: [] }; };
export const build = async (options) => record(options);
export const buildSync = record;
export const context = async (options) => { record(options); const nothing = async () => ({}); return { rebuild: nothing, watch: nothing, serve: nothing, cancel: nothing, dispose: nothing }; };
export default { build, buildSync, context };
`;
const HOOKS = `export async function resolve(specifier, context, next) {
  return specifier === 'esbuild' ? { url: ${JSON.stringify(dataUrl(RECORDER))}, shortCircuit: true } : next(specifier, context);
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(dataUrl(HOOKS))});`;

/** The function packages the project's build writes, by running its esbuild.config.mjs against a recorder. */
export async function readBuildOutputs(projectDir: string): Promise<BuildOutputs> {
  const configPath = join(projectDir, BUILD_CONFIG);
  if (!existsSync(configPath)) {
    return { problem: `${configPath} does not exist, so which folders the build writes cannot be told: keep s.yaml beside it` };
  }
  const { code, stdout, stderr } = await run(process.execPath, ['--no-warnings', '--import', dataUrl(REGISTER), configPath], projectDir);
  const at = stdout.lastIndexOf(MARKER);
  if (code !== 0 || at < 0) {
    const lines = stderr.trim().split('\n');
    const reason = lines.find((line) => /^\w*Error\b/.test(line)) ?? lines[0] ?? '';
    return { problem: `${BUILD_CONFIG} could not be read (${reason || `exit code ${code}`})` };
  }
  const builds = JSON.parse(stdout.slice(at + MARKER.length)) as { entryPoints?: unknown; outdir?: unknown; outbase?: unknown }[];
  const functions: FunctionPackage[] = [];
  for (const options of builds) {
    if (typeof options.outdir !== 'string') continue;
    for (const { input, output } of entries(options.entryPoints, options.outbase)) {
      // The layout: an FC entry is functions/<name>/index.ts, and its package is the folder its output lands in.
      const match = /^(?:\.\/)?functions\/([^/]+)\/index\.[cm]?[jt]s$/.exec(input.split(sep).join('/'));
      if (match === null) continue;
      functions.push({ name: match[1] as string, dir: resolve(projectDir, options.outdir, dirname(output)) });
    }
  }
  if (functions.length === 0) return { problem: `${BUILD_CONFIG} builds no function (no entry point functions/<name>/index.ts)` };
  return { functions };
}

/**
 * esbuild's entryPoints as {input, output without extension}: a record, an array of {in, out}, or an
 * array of paths (each written at its path below `outbase`, by default the entries' common folder).
 */
function entries(entryPoints: unknown, outbase: unknown): { input: string; output: string }[] {
  if (Array.isArray(entryPoints)) {
    const paths = entryPoints.filter((entry): entry is string => typeof entry === 'string');
    const base = typeof outbase === 'string' ? outbase : commonFolder(paths);
    return entryPoints.flatMap((entry: unknown) => {
      if (typeof entry === 'string') return [{ input: entry, output: withoutExtension(relative(base, entry)) }];
      const { in: input, out: output } = (entry ?? {}) as { in?: unknown; out?: unknown };
      return typeof input === 'string' && typeof output === 'string' ? [{ input, output }] : [];
    });
  }
  if (typeof entryPoints === 'object' && entryPoints !== null) {
    return Object.entries(entryPoints).flatMap(([output, input]) => (typeof input === 'string' ? [{ input, output }] : []));
  }
  return [];
}

function commonFolder(paths: string[]): string {
  const folders = paths.map((path) => dirname(normalize(path)).split(sep));
  const [first = []] = folders;
  let length = first.length;
  for (const folder of folders) while (length > 0 && folder.slice(0, length).join(sep) !== first.slice(0, length).join(sep)) length--;
  return first.slice(0, length).join(sep) || '.';
}

function withoutExtension(path: string): string {
  return path.slice(0, path.length - extname(path).length);
}

/** How a folder is shown in messages: relative to the project, as s.yaml writes it (./dist/oss-sink). */
export function shownDir(projectDir: string, dir: string): string {
  const path = relative(projectDir, dir).split(sep).join('/');
  return path.startsWith('..') ? dir : `./${path}`;
}

function dataUrl(source: string): string {
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

function run(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(file, args, { cwd, timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolvePromise({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}
