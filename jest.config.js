/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest'],
    // hyparquet and hyparquet-writer ship only ES modules; Jest runs CommonJS.
    '^.+\\.js$': ['@swc/jest'],
    // zstd's .wasm, imported as bytes as esbuild's binary loader does in the bundle.
    '^.+\\.wasm$': '<rootDir>/test/support/wasm-bytes-transform.cjs',
  },
  transformIgnorePatterns: ['/node_modules/(?!(hyparquet|hyparquet-writer|@bokuweb/zstd-wasm)/)'],
  // Integration tests start servers on 127.0.0.1; two workers match the 2-core machines we run on.
  maxWorkers: 2,
  testTimeout: 30000,
};
