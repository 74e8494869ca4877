/** @module Small file-system helpers shared by the file store's parts. */
import type { Stats } from 'node:fs';
import { readFile, stat, unlink } from 'node:fs/promises';

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
export async function fileStats(path: string): Promise<Stats | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats : undefined;
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

/** A JSON file's content, or undefined when it is missing or not JSON (e.g. cut short by a crash). */
export async function readJson<T>(path: string): Promise<T | undefined> {
  const text = await readOptional(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text.toString('utf8')) as T;
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
