import { resolve } from 'node:path';
import { checkDeploy } from './check-deploy';

const USAGE = 'usage: npm run check:deploy [-- <path to s.yaml>]   (default: ./s.yaml, rendered with the current environment)';
const HELP = `${USAGE}

Checks s.yaml as \`s deploy\` would see it (rendered offline with the project's own \`s preview\`, the
environment and a .env file beside it): every setting against the console wizard's, Function
Compute's and the function's own rules, that each function is built before \`s deploy\` and
\`s local invoke\` from the folder the build writes, that its handlers exist in the built bundle, and
that no secret is written in the file. Lists every problem at once.

Exit codes: 0 ready to deploy (one line says what would be deployed), 1 problems listed, 2 wrong command line.
`;

/** `npm run check:deploy`: exit 0 with a one-line summary, 1 listing every problem, 2 for a wrong command line. */
export async function runCheckDeploy(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const option = args.find((arg) => arg.startsWith('-'));
  if (option !== undefined || args.length > 1) {
    const what = option !== undefined ? `unknown option ${option}` : `one template at a time, got ${args.length}`;
    process.stderr.write(`check:deploy: ${what}. ${USAGE}\n`);
    return 2;
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
