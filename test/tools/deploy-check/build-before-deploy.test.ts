// The shipped s.yaml's build action, run by the project's own Serverless Devs: `s deploy` and
// `s local invoke` build first. The fc3 component is replaced by a local stand-in (s loads a
// component from a folder path), so nothing is downloaded or deployed, and nothing leaves this machine.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { makeWorkspace, REPO_ROOT, type Workspace } from './template-workspace';

const S = join(dirname(createRequire(join(REPO_ROOT, 'package.json')).resolve('@serverless-devs/s/package.json')), 'bin', 's');

/** Each step appends a line here, so the test sees what ran and in which order. */
const STEPS = 'steps.log';

// Refuses any connection that is not local, and notes the attempt (s reports usage over the network unless told not to).
const NETWORK_GUARD = `
const net = require('node:net');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // Node calls connect with its normalized arguments: [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { host: args[1] };
  const host = options.host ?? options.hostname ?? 'localhost';
  if (typeof options.path !== 'string' && !['127.0.0.1', 'localhost', '::1'].includes(host)) {
    require('node:fs').appendFileSync(process.env.NETWORK_LOG, host + '\\n');
    throw new Error('no network in tests: ' + host);
  }
  return connect.apply(this, args);
};
`;

const STAND_IN_COMPONENT = `
const { appendFileSync } = require('node:fs');
const step = (name) => async () => { appendFileSync(process.env.STEPS_LOG, name + '\\n'); return {}; };
module.exports = class StandInFc3 { deploy = step('component deploy'); local = step('component local'); info = step('component info'); };
`;

let workspace: Workspace;
let env: Record<string, string>;

beforeEach(() => {
  workspace = makeWorkspace();
  const component = join(workspace.dir, 'stand-in-fc3');
  mkdirSync(component);
  writeFileSync(join(component, 'package.json'), '{"name":"stand-in-fc3","version":"1.0.0","main":"index.js"}\n');
  writeFileSync(join(component, 'index.js'), STAND_IN_COMPONENT);
  writeFileSync(
    workspace.templatePath,
    readFileSync(workspace.templatePath, 'utf8').replaceAll('component: fc3', `component: ${component}`),
  );
  // The project's build script, standing in for esbuild: it notes that it ran, where.
  writeFileSync(
    join(workspace.dir, 'package.json'),
    JSON.stringify({
      name: 'workspace',
      private: true,
      scripts: { build: `node -e "require('node:fs').appendFileSync(process.env.STEPS_LOG, 'build in ' + process.cwd() + '\\\\n')"` },
    }),
  );
  const home = join(workspace.dir, 'home');
  mkdirSync(join(home, '.s'), { recursive: true });
  // Without this, s deploy reports its use to a remote log service from a background process.
  writeFileSync(join(home, '.s', 'set-config.yml'), 'analysis: disable\n');
  writeFileSync(join(workspace.dir, 'network-guard.js'), NETWORK_GUARD);
  env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    serverless_devs_config_home: home,
    SERVERLESS_DEVS_CICD: '1',
    // Background jobs of s run in its own process, so the network guard sees them too.
    serverless_devs_daemon_enable: 'false',
    npm_config_update_notifier: 'false',
    NODE_OPTIONS: `--require ${join(workspace.dir, 'network-guard.js')}`,
    NETWORK_LOG: join(workspace.dir, 'network.log'),
    STEPS_LOG: join(workspace.dir, STEPS),
  };
});
afterEach(() => workspace.remove());

function s(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [S, ...args], { cwd: workspace.dir, env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), output: stdout + stderr });
    });
  });
}

const steps = () =>
  existsSync(env.STEPS_LOG as string)
    ? readFileSync(env.STEPS_LOG as string, 'utf8')
        .trim()
        .split('\n')
    : [];

test('s deploy and s local invoke build in the project folder first, for each function; other commands do not build', async () => {
  const deploy = await s(['deploy', '-y']);
  expect(deploy).toMatchObject({ code: 0 });
  const local = await s(['sink', 'local', 'invoke', '-e', '{}']);
  expect(local).toMatchObject({ code: 0 });
  const info = await s(['info']);
  expect(info).toMatchObject({ code: 0 });

  const build = `build in ${workspace.dir}`;
  expect(steps()).toEqual([
    ...[build, 'component deploy', build, 'component deploy'], // the sink, then the compaction function
    ...[build, 'component local'],
    ...['component info', 'component info'],
  ]);
  expect(existsSync(env.NETWORK_LOG as string)).toBe(false);
});

test('a failed build stops s deploy before anything is deployed', async () => {
  writeFileSync(join(workspace.dir, 'package.json'), JSON.stringify({ name: 'workspace', private: true, scripts: { build: 'exit 3' } }));
  const deploy = await s(['deploy', '-y']);
  expect(deploy.code).not.toBe(0);
  expect(deploy.output).toContain('pre-action failed to [deploy]');
  expect(steps()).toEqual([]);
  expect(existsSync(env.NETWORK_LOG as string)).toBe(false);
});
