import { REPO_ROOT } from '../../support/repo';
import { copyFileSync, cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export { REPO_ROOT };
export const SHIPPED_TEMPLATE = join(REPO_ROOT, 's.yaml');

/** The settings that have no usable default in s.yaml: with these the shipped file must pass. */
export const VALID_ENV = {
  KAFKA_INSTANCE_ID: 'alikafka_post-cn-st21p8vj0001',
  KAFKA_TOPIC: 'oss-test-input',
  OSS_BUCKET: 'archive-bucket',
  ROLE_ARN: 'acs:ram::1234567890123456:role/kafka-oss-sink',
};

export interface Workspace {
  dir: string;
  templatePath: string;
  /** Where s.yaml's `code: ./dist/oss-sink` points inside the workspace. */
  codeDir: string;
  remove(): void;
}

/**
 * A temporary project folder holding s.yaml (the shipped one, or a variant made by exact text
 * replacements, each of which must match), the project's esbuild.config.mjs and its plugins (which
 * say what the build writes) and a small bundle exporting `handler` and `initializer` where it writes each function.
 */
export function makeWorkspace(replacements: [string, string][] = [], bundleSource = FAKE_BUNDLE): Workspace {
  let text = readFileSync(SHIPPED_TEMPLATE, 'utf8');
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`the variant replaces ${JSON.stringify(from)}, which s.yaml no longer contains`);
    text = text.split(from).join(to);
  }
  const dir = mkdtempSync(join(tmpdir(), 'deploy-check-'));
  const codeDir = join(dir, 'dist', 'oss-sink');
  for (const fn of ['oss-sink', 'oss-compactor']) {
    mkdirSync(join(dir, 'dist', fn), { recursive: true });
    writeFileSync(join(dir, 'dist', fn, 'index.js'), bundleSource);
  }
  const templatePath = join(dir, 's.yaml');
  writeFileSync(templatePath, text);
  copyFileSync(join(REPO_ROOT, 'esbuild.config.mjs'), join(dir, 'esbuild.config.mjs'));
  cpSync(join(REPO_ROOT, 'tools', 'build'), join(dir, 'tools', 'build'), { recursive: true });
  return { dir, templatePath, codeDir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const FAKE_BUNDLE = 'exports.handler = async () => "ok";\nexports.initializer = async () => {};\nexports.version = "1";\n';
