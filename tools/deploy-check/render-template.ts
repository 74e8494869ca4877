import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type Env = Record<string, string | undefined>;

/** Serverless Devs refused the template; `message` is its own explanation, made readable. */
export class TemplateRenderError extends Error {
  override readonly name = 'TemplateRenderError';
}

/**
 * Renders an s.yaml exactly as `s deploy` will see it, by running the installed Serverless Devs
 * `s preview` (offline, about 0.7 s): `${env()}`, `${vars.x}`, `<%- … %>` and the `.env` file beside
 * the template all behave as at deploy time, which a re-implementation could not promise.
 */
export async function renderTemplate(templatePath: string, env: Env): Promise<Record<string, unknown>> {
  // s writes every rendered template, secrets included, under its home's .s/logs: give it a throwaway home.
  // SERVERLESS_DEVS_CICD keeps s from starting its update-check daemon, which would write into
  // that home after it is removed (and try the network).
  const home = await mkdtemp(join(tmpdir(), 's-preview-'));
  try {
    const { code, stdout } = await run(process.execPath, [sCli(templatePath), 'preview', '-t', templatePath, '-o', 'json'], {
      cwd: dirname(templatePath),
      env: { PATH: process.env.PATH, ...env, serverless_devs_config_home: home, SERVERLESS_DEVS_CICD: '1' },
    });
    if (code !== 0) throw new TemplateRenderError(explainFailure(stdout));
    const start = stdout.search(/^\{$/m);
    if (start < 0) throw new TemplateRenderError(`s preview printed no template:\n${stdout.trim()}`);
    return JSON.parse(stdout.slice(start)) as Record<string, unknown>;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** The project's own Serverless Devs, found from the template, the working folder or this file. */
function sCli(templatePath: string): string {
  for (const base of [templatePath, join(process.cwd(), 'package.json'), __filename]) {
    try {
      return join(dirname(createRequire(base).resolve('@serverless-devs/s/package.json')), 'bin', 's');
    } catch {
      // not installed along this path; try the next
    }
  }
  throw new TemplateRenderError('@serverless-devs/s is not installed, so the template cannot be rendered: run npm install in the project.');
}

/** Keeps the "Error Message:" block of s's report and points at the usual cause. */
function explainFailure(stdout: string): string {
  const block = /Error Message:\s*\n([\s\S]*?)\n\s*(?:A complete log|🍼 Tips|Env:)/.exec(stdout)?.[1];
  const message = (block ?? stdout).trim();
  const missingEnv = /env\('([^']+)'\) not found/.exec(message)?.[1];
  const badJson = /json\('([^']*)'\) parse error/.exec(message);
  let hint = '';
  if (missingEnv !== undefined) hint = `\nSet ${missingEnv} in the environment or in a .env file beside s.yaml.`;
  else if (badJson !== null) {
    const [, name, example] = /json\(env\('([^']+)',\s*'([^']*)'/.exec(message) ?? [undefined, 'The variable', '6'];
    hint = `\n${name} = ${badJson[1]} is not a number: write a plain number, e.g. ${name}=${example}.`;
  }
  return `Serverless Devs could not render the template:\n${indent(message)}${hint}`;
}

const indent = (text: string) => text.replace(/^/gm, '  ');

function run(file: string, args: string[], options: { cwd: string; env: Env }): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error !== null && typeof error.code !== 'number') reject(error);
      else resolve({ code: error === null ? 0 : (error.code as number), stdout });
    });
  });
}
