/**
 * @module What a benchmark section is. Each section measures one thing against its own floor or
 * goal, in its own file under bench/sections/, and is listed once in bench/sections/index.ts; the
 * runner (bench.ts) gives it a workspace, prints its table, writes its figures as JSON and checks
 * its goals.
 */
import type { LocalOssServer } from '../tools/oss-emulator';

export interface BenchWorkspace {
  /** The local OSS server of this run, serving `bucket`. */
  readonly server: LocalOssServer;
  readonly bucket: string;
  /** A directory of this run, removed when it ends (also on Ctrl-C). */
  readonly dir: string;
  /** The built function, as FC loads it. */
  readonly bundle: string;
  /** Aborted by Ctrl-C: stop at the next step. */
  readonly signal: AbortSignal;
  /** One progress line on stderr, so a long section is not silent. */
  progress(message: string): void;
}

/** A target the section promises; `npm run bench` exits 1 when one is missed (unless --no-goals). */
export interface Goal {
  name: string;
  /** What was measured and what was wanted, for people: `1.12× (goal ≤ 1.3×)`. */
  measured: string;
  met: boolean;
}

export interface SectionReport {
  title: string;
  /** A table for people: the first row is the header. */
  table: string[][];
  /** Lines printed under the table. */
  notes?: string[];
  /** The numbers, for --json. */
  figures: Record<string, unknown>;
  goals: Goal[];
  /** An SVG chart of the figures, written by --chart. */
  chart?: string;
}

export interface BenchSection {
  /** A short name for --only and --json. */
  id: string;
  run(workspace: BenchWorkspace): Promise<SectionReport>;
}

/** Thrown by a section that saw the workspace's signal aborted. */
export class BenchInterrupted extends Error {
  override readonly name = 'BenchInterrupted';
  constructor() {
    super('interrupted');
  }
}

export function stopIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new BenchInterrupted();
}
