#!/usr/bin/env node
import { runMain } from '../process/run-main';
import { runCli } from './run-cli';

runMain((args, signal) =>
  runCli(args, {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: process.stderr.isTTY === true,
    signal,
  }),
);
