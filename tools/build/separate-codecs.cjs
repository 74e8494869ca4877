// Keeps the heavy codecs (lib/objects/codecs.ts: zstd's WebAssembly, Parquet) out of a function's
// bundle: codec-loader's require('./codecs') is left for run time, where it finds the codecs.js that
// the build writes beside the bundle. A function that never needs them never loads them.
const { sep } = require('node:path');

const LOADER = `${sep}lib${sep}objects${sep}codec-loader.ts`;
/** Where the codecs are built from, and the file they become in each function's folder. */
const CODECS_ENTRY = 'lib/objects/codecs.ts';
const CODECS_FILE = 'codecs';

function separateCodecs() {
  return {
    name: 'separate-codecs',
    setup(build) {
      build.onResolve({ filter: /^\.\/codecs$/ }, (args) =>
        args.importer.endsWith(LOADER) ? { path: `./${CODECS_FILE}.js`, external: true } : undefined,
      );
    },
  };
}

module.exports = { CODECS_ENTRY, CODECS_FILE, separateCodecs };
