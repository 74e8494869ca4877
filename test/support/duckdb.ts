/**
 * DuckDB as an independent reader of archive objects in tests: it has its own JSON, gzip, zstd
 * and Parquet readers, so a round trip through it checks our bytes against someone else's idea of
 * the formats. Native (not bundled); tests only. Quote "offset" in SQL: it is a keyword.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export type DuckRow = Record<string, unknown>;

/** Rows as JS values: BIGINT → bigint, INTEGER → number, TIMESTAMP WITH TIME ZONE → Date, VARCHAR → string, NULL → null. */
export async function duckQuery(sql: string): Promise<DuckRow[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJS() as DuckRow[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Column name → DuckDB type name, as DESCRIBE reports them. */
export async function duckColumnTypes(source: string): Promise<Record<string, string>> {
  const rows = await duckQuery(`DESCRIBE SELECT * FROM ${source}`);
  return Object.fromEntries(rows.map((row) => [row.column_name as string, row.column_type as string]));
}

/** Runs `use` with a fresh temporary folder holding `files` (relative path → bytes), and removes it afterwards. */
export async function withFiles<T>(files: Record<string, Buffer | Buffer[]>, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'archive-duckdb-'));
  try {
    for (const [path, bytes] of Object.entries(files)) {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, Array.isArray(bytes) ? Buffer.concat(bytes) : bytes);
    }
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
