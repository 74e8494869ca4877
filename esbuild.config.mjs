// Builds every runnable entry point into one self-contained CommonJS file under dist/.
// The FC code package is dist/oss-sink/ alone: nothing from node_modules is needed at run time.
import { build } from 'esbuild';

const entryPoints = {
  'oss-sink/index': 'functions/oss-sink/index.ts',
  'tools/kafka-oss-sink': 'tools/cli/main.ts',
  'tools/start': 'tools/fc-runner/start-main.ts',
  'tools/invoke': 'tools/fc-runner/invoke-main.ts',
  'tools/oss-emulator': 'tools/oss-emulator/main.ts',
  'tools/soak': 'tools/trigger-simulator/soak-main.ts',
  'tools/simulator-instance': 'tools/trigger-simulator/instance-main.ts',
  'tools/check-deploy': 'tools/deploy-check/main.ts',
  'bench/bench': 'bench/main.ts',
};

await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  // urllib (inside ali-oss) requires proxy-agent only when a proxy is configured; the sink never uses one.
  // esbuild is used by the benchmark, from node_modules; it cannot be bundled.
  external: ['proxy-agent', 'esbuild'],
  logLevel: 'warning',
});
