/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // Integration tests start servers on 127.0.0.1; two workers match the 2-core machines we run on.
  maxWorkers: 2,
  testTimeout: 30000,
};
