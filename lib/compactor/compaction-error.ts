/**
 * Compaction could not go on: each problem names the topic-partition or object and what to do.
 * Thrown for one partition (its compaction stops there, its checkpoint says where), and by the
 * handler for the whole run, listing every partition's problem.
 */
export class CompactionError extends Error {
  override readonly name = 'CompactionError';
  readonly problems: string[];

  constructor(problems: string | string[], options?: { cause?: unknown }) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(
      list.length === 1 ? `Compaction stopped: ${list[0]}.` : `Compaction stopped in ${list.length} places: ${list.join('; ')}.`,
      options,
    );
    this.problems = list;
  }
}
