/**
 * @module The build that must run before a resource's code is shipped or run. Serverless Devs 3
 * runs a resource's `actions` around its commands: a key `pre-<command>` runs before it, and a key
 * `pre-${regex('…')}` before every command the expression matches (`s local invoke` is the command
 * `local`). Without one, `s deploy` ships whatever the git-ignored dist/ holds: nothing on a fresh
 * clone, old code after a pull.
 */
import { resolve } from 'node:path';
import { isJsonObject } from '../../lib/platform/json';

/** The commands that take the built code: deploying it, and running it with `s local invoke`. */
export const BUILT_BY_ACTION = ['deploy', 'local'] as const;

/** What s.yaml should hold, for the message. */
const BUILD_ACTION_EXAMPLE = "actions:\n  pre-${regex('^(deploy|local)$')}:\n    - run: npm run build\n      path: ./";

const BUILD_COMMAND = /(?:^|&&|;|\s)(?:npm run build|node esbuild\.config\.mjs)(?=$|\s|&&|;)/;

/** What is wrong with a resource's `actions` when a command of BUILT_BY_ACTION runs without a build first, for the message. */
export function missingBuildAction(actions: unknown, templateDir: string, code: unknown): string | undefined {
  const unbuilt = commandsWithoutBuild(actions, templateDir);
  if (unbuilt.length === 0) return undefined;
  const commands = unbuilt.map((command) => (command === 'local' ? 's local invoke' : `s ${command}`)).join(' and ');
  return (
    `runs no build before ${commands}, so it would ship or run whatever is in ${typeof code === 'string' ? code : 'the code folder'} ` +
    `(missing on a fresh clone, stale after a pull). Give the resource:\n${BUILD_ACTION_EXAMPLE.replace(/^/gm, '  ')}`
  );
}

/** The commands of BUILT_BY_ACTION that no pre-action builds before, for a resource's `actions` (relative to the template's folder). */
export function commandsWithoutBuild(actions: unknown, templateDir: string): string[] {
  const hooks = isJsonObject(actions) ? actions : {};
  return BUILT_BY_ACTION.filter(
    (command) =>
      !Object.entries(hooks).some(
        ([key, steps]) => firesBefore(key, command) && Array.isArray(steps) && steps.some((step) => buildsIn(step, templateDir)),
      ),
  );
}

/** Whether an actions key is a pre-hook of `command`, evaluated as Serverless Devs does. */
export function firesBefore(key: string, command: string): boolean {
  const match = /^pre-(.+)$/.exec(key);
  if (match === null) return false;
  const expression = /^\$\{\s*regex\(\s*(['"])(.*)\1\s*\)\s*\}$/.exec(match[1] as string);
  if (expression === null) return match[1] === command;
  try {
    return new RegExp(expression[2] as string).test(command);
  } catch {
    return false;
  }
}

/** A `run` step that builds the project, in the template's folder (where package.json and the build config are). */
function buildsIn(step: unknown, templateDir: string): boolean {
  if (!isJsonObject(step) || typeof step.run !== 'string' || !BUILD_COMMAND.test(step.run)) return false;
  return typeof step.path === 'string' && resolve(templateDir, step.path) === resolve(templateDir);
}
