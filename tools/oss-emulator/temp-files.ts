/**
 * @module The file store's temp files. Every write goes to a temp file (or folder) in the bucket's hidden tmp
 * folder and is then renamed or linked into place, so nothing half-written is ever at a path that is read.
 * Names carry the host and process that made them: a server opening the directory removes what a dead
 * process left behind (a write cut short by a crash or kill) without touching the files of one still running.
 */
import { createHash, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type FileVersion, isMissing, versionOf } from './files';

const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
// Whether another host's process still runs cannot be asked; after a day its temp files are surely orphans.
const FOREIGN_STALE_MS = 24 * 60 * 60 * 1000;
const NAME = /^([0-9a-f]{8})\.(\d+)\.[0-9a-f]{8}\.[0-9a-f]{16}$/;

/** The owner part of temp names: one per store, so closing a store removes exactly its own leftovers. */
export function newTempOwner(): string {
  return `${HOST}.${process.pid}.${randomBytes(4).toString('hex')}`;
}

export class TempFiles {
  private constructor(
    private readonly dir: string,
    private readonly owner: string,
  ) {}

  /** Creates the folder if needed and removes the leftovers of processes that are gone. */
  static async open(dir: string, owner: string): Promise<TempFiles> {
    await mkdir(dir, { recursive: true });
    const temp = new TempFiles(dir, owner);
    await temp.remove(async (name) => {
      const match = NAME.exec(name);
      if (match === null) return true;
      const [, host, pid] = match;
      if (host === HOST) return Number(pid) !== process.pid && !isRunning(Number(pid));
      const stats = await stat(join(dir, name)).catch(() => undefined);
      return stats !== undefined && Date.now() - stats.mtimeMs > FOREIGN_STALE_MS;
    });
    return temp;
  }

  /** A new, unused path in the folder. */
  path(): string {
    return join(this.dir, `${this.owner}.${randomBytes(8).toString('hex')}`);
  }

  async write(content: Buffer | string): Promise<{ path: string; version: FileVersion }> {
    const path = this.path();
    await writeFile(path, content);
    return { path, version: versionOf(statSync(path)) };
  }

  /** Removes whatever this store still has in the folder: nothing, unless a request failed half-way. */
  async removeOwn(): Promise<void> {
    await this.remove(async (name) => name.startsWith(`${this.owner}.`));
  }

  private async remove(isGarbage: (name: string) => Promise<boolean>): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const name of names) {
      if (await isGarbage(name)) await rm(join(this.dir, name), { recursive: true, force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
