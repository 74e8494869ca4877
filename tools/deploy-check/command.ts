import { resolve } from 'node:path';
import { checkDeploy } from './check-deploy';

const USAGE = 'usage: check-deploy [s.yaml]   (checks the template, rendered with the current environment, before s deploy)';

/** `npm run check:deploy`: exit 0 with a one-line summary, or 1 listing every problem. */
export async function runCheckDeploy(args: string[]): Promise<number> {
  if (args.length > 1 || args.some((arg) => arg.startsWith('-'))) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  const templatePath = resolve(args[0] ?? 's.yaml');
  const { problems, summary } = await checkDeploy({ templatePath, env: process.env });
  if (problems.length > 0) {
    process.stderr.write(`${templatePath} is not ready to deploy (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n`);
    for (const problem of problems) process.stderr.write(`- ${problem.replace(/\n/g, '\n  ')}\n`);
    return 1;
  }
  process.stdout.write(`OK ${summary}\n`);
  return 0;
}
