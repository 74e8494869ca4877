#!/usr/bin/env node
// The `kafka-oss-sink` command (package.json "bin"): runs the built CLI, or says how to build it.
// It is committed, so npm links the command even before dist/ exists.

const { existsSync } = require('node:fs');
const { join, relative } = require('node:path');

const project = join(__dirname, '..', '..');
const built = join(project, 'dist', 'tools', 'kafka-oss-sink.js');
if (existsSync(built)) {
  require(built);
} else {
  const where = relative(process.cwd(), project) || '.';
  process.stderr.write(
    `kafka-oss-sink is not built yet (${relative(project, built)} is missing): run npm run build` +
      `${where === '.' ? '' : ` in ${where}`}, then try again.\n`,
  );
  process.exitCode = 1;
}
