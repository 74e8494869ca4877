import type { ArchivedRange } from '../../../lib/objects/object-plan';
import { byBucket, planPartition } from '../../../lib/objects/object-plan';
import type { Entry } from '../../../lib/objects/partition-batch';
import { RecordChunks } from '../../../lib/objects/record-chunks';
import { recordJson } from '../../../lib/objects/record-json';
import type { StoredRecord } from '../../../lib/objects/stored-record';
import type { ArchiveRecord } from '../../../lib/records/archive-record';

const chunks = new RecordChunks();
const archive = (offset: number, value = `v${offset}`): ArchiveRecord => ({
  key: null,
  offset: BigInt(offset),
  overflowFlag: false,
  partition: 0,
  timestamp: 1,
  topic: 't',
  value,
  valueSize: Buffer.byteLength(value),
  headers: '[]',
  keyEncoding: null,
  valueEncoding: 'text',
  overflowKey: null,
});
const entry = (offset: number, value?: string, bucket = ''): Entry => ({
  offset: BigInt(offset),
  bucket,
  view: chunks.write(recordJson(archive(offset, value), 'seed')),
});
const entries = (offsets: number[]) => offsets.map((offset) => entry(offset));
const stored = (first: number, last: number, value = (o: number) => `v${o}`): ArchivedRange => {
  const records = new Map<bigint, StoredRecord>();
  for (let o = first; o <= last; o++) {
    const { headers: _h, ...rest } = archive(o, value(o));
    records.set(BigInt(o), rest);
  }
  return { first: BigInt(first), last: BigInt(last), key: `t/0/${first}-${last}`, size: 100, records };
};
const offsets = (group: Entry[]) => group.map((e) => Number(e.offset));

describe('planPartition', () => {
  it('stores a batch that overlaps nothing as one run', () => {
    const plan = planPartition(entries([5, 6, 7]), [stored(0, 4)]);
    expect(plan.runs.map(offsets)).toEqual([[5, 6, 7]]);
    expect(plan.alreadyArchived.size).toBe(0);
  });

  it('skips records archived with the same content and counts them by object', () => {
    const plan = planPartition(entries([0, 1, 2, 3]), [stored(0, 2)]);
    expect(plan.runs.map(offsets)).toEqual([[3]]);
    expect([...plan.alreadyArchived].map(([range, count]) => [range.key, count])).toEqual([['t/0/0-2', 3]]);
  });

  it('never lets a run enclose an archived range, even one with no record of the batch in it', () => {
    const plan = planPartition(entries([1, 2, 8, 9, 20]), [stored(3, 5), stored(10, 12)]);
    expect(plan.runs.map(offsets)).toEqual([[1, 2], [8, 9], [20]]);
  });

  it('keeps apart records whose offsets hold other content, or fall in an archived range without a record', () => {
    const gap = stored(0, 3);
    (gap.records as Map<bigint, StoredRecord>).delete(2n);
    const plan = planPartition([entry(0), entry(1, 'other'), entry(2), entry(3), entry(4)], [gap]);
    expect(offsets(plan.conflicts)).toEqual([1, 2]);
    expect(plan.runs.map(offsets)).toEqual([[4]]);
  });
});

describe('byBucket', () => {
  it('splits a run by time bucket, offsets in order within each', () => {
    const run = [entry(1, 'a', 'h10'), entry(2, 'b', 'h11'), entry(3, 'c', 'h10')];
    expect(byBucket(run).map(offsets)).toEqual([[1, 3], [2]]);
  });
});
