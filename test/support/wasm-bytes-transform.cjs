// Jest transform for `import bytes from '….wasm'`: the file's bytes as a Uint8Array, as esbuild's binary loader gives them in the bundle.
module.exports = {
  process(_source, path) {
    return {
      code: `module.exports = { __esModule: true, default: new Uint8Array(require('node:fs').readFileSync(${JSON.stringify(path)})) };`,
    };
  },
};
