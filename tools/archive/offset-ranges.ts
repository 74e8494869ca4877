/** @module Offsets seen in increasing order, kept as ranges: a partition of millions of offsets is a handful of numbers. */

export type OffsetRange = [first: bigint, last: bigint];

export class OffsetRanges {
  readonly ranges: OffsetRange[] = [];
  count = 0;

  /** `offset` must not be below the last one added; adding the last one again changes nothing. */
  add(offset: bigint): void {
    const last = this.ranges[this.ranges.length - 1];
    if (last !== undefined && offset <= last[1]) return;
    this.count++;
    if (last !== undefined && offset === last[1] + 1n) last[1] = offset;
    else this.ranges.push([offset, offset]);
  }

  /** The offsets between the ranges. */
  gaps(): OffsetRange[] {
    return this.ranges.slice(1).map(([first], i) => [(this.ranges[i] as OffsetRange)[1] + 1n, first - 1n]);
  }
}

export function rangeCount(ranges: readonly OffsetRange[]): bigint {
  return ranges.reduce((sum, [first, last]) => sum + last - first + 1n, 0n);
}

export function describeRanges(ranges: readonly OffsetRange[], shown = 10): string {
  const listed = ranges.slice(0, shown).map(([first, last]) => (first === last ? `${first}` : `${first}-${last}`));
  if (ranges.length > shown) listed.push(`… ${ranges.length - shown} more`);
  return listed.join(', ');
}
