// Builds every runnable entry point into one self-contained CommonJS file under dist/.
// A function's FC code package is its folder dist/<name>/ alone: nothing from node_modules is needed at run time.
//
// `node esbuild.config.mjs` builds everything; the benchmark imports this file to build a function
// both ways (with and without the function plugins) and compare them.
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import libraryConsole from './tools/build/library-console.cjs';
import codecFile from './tools/build/separate-codecs.cjs';
import standIns from './tools/build/stand-ins.cjs';

/** FC functions: name (the folder under dist/) → entry file. */
export const FUNCTIONS = {
  'oss-sink': 'functions/oss-sink/index.ts',
  'oss-compactor': 'functions/oss-compactor/index.ts',
};

/** Everything else: output path under dist/ → entry file. */
export const TOOLS = {
  'tools/kafka-oss-sink': 'tools/cli/main.ts',
  'tools/start': 'tools/trigger-simulator/start-main.ts',
  'tools/invoke': 'tools/fc-runner/invoke-main.ts',
  'tools/oss-emulator': 'tools/oss-emulator/main.ts',
  'tools/soak': 'tools/trigger-simulator/soak-main.ts',
  'tools/simulator-instance': 'tools/trigger-simulator/instance-main.ts',
  'tools/check-deploy': 'tools/deploy-check/main.ts',
  'bench/bench': 'bench/main.ts',
};

const COMMON = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  loader: { '.wasm': 'binary' },
  // urllib (inside ali-oss) requires proxy-agent only when a proxy is configured; the sink never uses one.
  // esbuild is used by the benchmark, from node_modules; it cannot be bundled.
  external: ['proxy-agent', 'esbuild'],
  logLevel: 'warning',
};

/**
 * What goes into a function bundle besides the code: stand-ins for library code the function never
 * runs (tools/build/stand-ins.cjs), library console output turned into debuglog output so the
 * function's log holds only its JSON lines (tools/build/library-console.cjs), and the heavy codecs
 * kept in a file of their own (tools/build/separate-codecs.cjs).
 */
export const FUNCTION_PLUGINS = [standIns.standIns(), libraryConsole.libraryConsoleToDebugLog(), codecFile.separateCodecs()];

/** The build options of the functions, into `outdir` (dist/<name>/index.js); `plugins: []` builds them without the function plugins. */
export function functionsBuild({ outdir = 'dist', plugins = FUNCTION_PLUGINS } = {}) {
  // Each function's folder: its handler (index.js) and the heavy codecs it loads when it needs them (see separate-codecs.cjs).
  const entryPoints = Object.fromEntries(
    Object.entries(FUNCTIONS).flatMap(([name, entry]) => [
      [`${name}/index`, entry],
      [`${name}/${codecFile.CODECS_FILE}`, codecFile.CODECS_ENTRY],
    ]),
  );
  // keepNames would wrap every function the handler creates in a call that defines its name: one
  // per closure, thousands per batch (about a tenth of the handler's time). The functions' errors
  // carry their names themselves, and their log lines never print a function's name.
  return { ...COMMON, keepNames: false, entryPoints, outdir, plugins };
}

export function toolsBuild({ outdir = 'dist' } = {}) {
  return { ...COMMON, entryPoints: TOOLS, outdir };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await Promise.all([build(functionsBuild()), build(toolsBuild())]);
}
