import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The checkout's root, whichever test folder asks. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** A sample trigger payload from events/. */
export function sampleEvent(name: string): Buffer {
  return readFileSync(join(REPO_ROOT, 'events', name));
}
