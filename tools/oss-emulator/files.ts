/**
 * @module Small file-system helpers shared by the file store's parts.
 *
 * Looking at a file (its stats, where it lies, a metadata record of a few hundred bytes) is done
 * synchronously: from the page cache that takes microseconds, where each trip through libuv's
 * thread pool costs tens of them and wakes a thread. A LIST looks at about five such things for
 * every key on its page, so six LISTs at once took twice as long when each look was such a trip.
 * Object bodies, which can be large, are still read and written asynchronously.
 */
import { readFileSync, type Stats, statSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';

/**
 * One version of a data file. rename() and link() keep it, so a metadata record that names it belongs to the
 * bytes now in place, and a record left over from another version (a write interrupted between its steps,
 * or another process's write) is recognised as not belonging.
 */
export interface FileVersion {
  ino: number;
  size: number;
  mtimeMs: number;
}

export function versionOf(stats: Stats): FileVersion {
  return { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs };
}

export function sameVersion(a: FileVersion | undefined, b: FileVersion | undefined): boolean {
  return a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** The stats of a regular file, or undefined when there is none at the path. */
export function fileStats(path: string): Stats | undefined {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats?.isFile() ? stats : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

export async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if (isMissing(error) || errorCode(error) === 'EISDIR') return undefined;
    throw error;
  }
}

/** A small JSON file's content, or undefined when it is missing or not JSON (e.g. cut short by a crash). */
export function readJson<T>(path: string): T | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (isMissing(error) || errorCode(error) === 'EISDIR') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

/** ENOENT, or ENOTDIR: a path through a file is as absent as a path through nothing. */
export function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
