/**
 * @module The topic-partitions the sink has written, found by their folders
 * `<prefix><topic>/<partition>/` (listed with "/" as delimiter, so no object is listed one by one).
 * Every partition has one: its records are there with the default key template, its `_index/`
 * with a time-bucketed one. Folders that are not a topic's (`_errors/`, a template's `dt=…/`) or
 * not a partition's are passed over.
 */
import { MAX_PARTITION } from '../platform/kafka';
import { topicSegment } from '../objects/topic-segment';
import type { CompactionBucket } from './compaction-bucket';

export interface TopicPartition {
  topic: string;
  partition: number;
}

const ERRORS_FOLDER = '_errors/';
const PARTITION = /^(0|[1-9][0-9]{0,9})\/$/;

export async function discoverPartitions(bucket: CompactionBucket, prefix: string): Promise<TopicPartition[]> {
  const found: TopicPartition[] = [];
  for (const topicFolder of await folders(bucket, prefix)) {
    const segment = topicFolder.slice(prefix.length);
    if (segment === ERRORS_FOLDER) continue;
    const topic = topicOf(segment.slice(0, -1));
    if (topic === undefined) continue;
    for (const partitionFolder of await folders(bucket, topicFolder)) {
      const match = PARTITION.exec(partitionFolder.slice(topicFolder.length));
      const partition = match ? Number(match[1]) : Number.NaN;
      if (partition <= MAX_PARTITION) found.push({ topic, partition });
    }
  }
  return found.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}

async function folders(bucket: CompactionBucket, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await bucket.list({ prefix, delimiter: '/', ...(continuationToken === undefined ? {} : { continuationToken }) });
    found.push(...page.prefixes);
    continuationToken = page.nextToken;
  } while (continuationToken !== undefined);
  return found;
}

/** The topic a folder name stands for, if it is exactly what the sink makes of that topic. */
function topicOf(segment: string): string | undefined {
  try {
    const topic = decodeURIComponent(segment);
    return topic !== '' && topicSegment(topic) === segment ? topic : undefined;
  } catch {
    return undefined;
  }
}
