import { commandsWithoutBuild, firesBefore } from '../../../tools/deploy-check/build-action';

const PROJECT = '/work/project';
const BUILD = [{ run: 'npm run build', path: './' }];

describe('the build action of an fc3 resource', () => {
  test('a pre-hook key fires before the commands it names, as Serverless Devs evaluates it', () => {
    expect(firesBefore("pre-${regex('^(deploy|local)$')}", 'deploy')).toBe(true);
    expect(firesBefore("pre-${regex('^(deploy|local)$')}", 'local')).toBe(true);
    expect(firesBefore("pre-${regex('^(deploy|local)$')}", 'info')).toBe(false);
    expect(firesBefore("pre-${regex('deploy|local')}", 'local')).toBe(true);
    expect(firesBefore('pre-deploy', 'deploy')).toBe(true);
    expect(firesBefore('pre-deploy', 'local')).toBe(false);
    expect(firesBefore("success-${regex('deploy')}", 'deploy')).toBe(false);
    expect(firesBefore("pre-${regex('(')}", 'deploy')).toBe(false);
  });

  test('needs a build step, in the project folder, before both s deploy and s local invoke', () => {
    expect(commandsWithoutBuild({ "pre-${regex('^(deploy|local)$')}": BUILD }, PROJECT)).toEqual([]);
    expect(
      commandsWithoutBuild({ 'pre-deploy': BUILD, 'pre-local': [{ run: 'node esbuild.config.mjs', path: PROJECT }] }, PROJECT),
    ).toEqual([]);
    expect(commandsWithoutBuild({ 'pre-deploy': BUILD }, PROJECT)).toEqual(['local']);
    expect(commandsWithoutBuild(undefined, PROJECT)).toEqual(['deploy', 'local']);
    expect(commandsWithoutBuild({ 'pre-deploy': [{ run: 'npm test', path: './' }] }, PROJECT)).toEqual(['deploy', 'local']);
    expect(commandsWithoutBuild({ 'pre-deploy': [{ run: 'npm run build', path: './dist' }] }, PROJECT)).toEqual(['deploy', 'local']);
    expect(commandsWithoutBuild({ 'pre-deploy': [{ run: 'npm run build' }] }, PROJECT)).toEqual(['deploy', 'local']);
    expect(commandsWithoutBuild({ 'pre-deploy': { run: 'npm run build', path: './' } }, PROJECT)).toEqual(['deploy', 'local']);
  });
});
