/**
 * @module The ledger of a run: the archive read back from the OSS server's store, and every
 * produced message looked for in it. Each message is archived once, or more than once
 * (duplicated), or not at all — then it is dead-lettered (in the dead-letter file), blocked (in a
 * partition that stopped before it), set aside (a poison element, kept whole in `_errors/`), or
 * lost. A record's content is checked against the message (expected-record.ts), and a cut value
 * against its whole copy in `_overflow/`.
 */
import type { PartitionState } from './consumer';
import { archivedRecords, kafkaData, type ObjectKind, objectKind, overflowKey, setAsideElements } from './archive-objects';
import type { DeadLetter } from './dead-letter-file';
import { expectedValue, type RecordRules, recordProblem } from './expected-record';
import { type MessageMix, syntheticMessage } from './synthetic-message';

/** What the ledger reads: objects straight from the server's store, without requests (and without faults). */
export interface ArchiveStore {
  listKeys(prefix: string): Promise<string[]>;
  getObject(key: string): Promise<Buffer | undefined>;
}

/** One trigger's messages and where its function archives them. */
export interface LedgerSource {
  trigger: string;
  /** OSS_PREFIX, ending in `/` (or empty). */
  prefix: string;
  partitions: readonly PartitionState[];
  seed: string;
  mix: MessageMix;
  rules: RecordRules;
}

export interface Ledger {
  produced: number;
  archivedOnce: number;
  /** Messages archived more than once (in records or `_conflicts/` objects). */
  duplicated: number;
  lost: number;
  /** Not archived, and in the dead-letter file. */
  deadLettered: number;
  /** Not archived, in a partition that stopped before them (errorsTolerance NONE). */
  blocked: number;
  /** Poison elements kept whole in `_errors/`. */
  setAside: number;
  /** Of those, the ones found in more than one `_errors/` object (each batch's set is stored by its content). */
  setAsideMoreThanOnce: number;
  /** Cut values whose whole bytes were found in `_overflow/`. */
  wholeValues: number;
  /** Archived with other content than produced. */
  mismatched: number;
  /** Archived records no message was produced for. */
  unexpected: number;
  objects: Record<ObjectKind, number>;
  /** The first problems found, each naming the message and the objects. */
  problems: string[];
}

export function ledgerHolds(ledger: Ledger): boolean {
  return ledger.lost === 0 && ledger.duplicated === 0 && ledger.mismatched === 0 && ledger.unexpected === 0;
}

const LISTED_PROBLEMS = 20;

interface Tally {
  source: LedgerSource;
  state: PartitionState;
  archived: Uint16Array;
  setAside: Uint16Array;
  deadLettered: Uint8Array;
  /** Where each message was first archived (an index into `keys`), to name both objects of a duplicate. */
  firstAt: Int32Array;
}

export async function readLedger(
  store: ArchiveStore,
  sources: readonly LedgerSource[],
  deadLetters: Iterable<DeadLetter> | AsyncIterable<DeadLetter>,
): Promise<Ledger> {
  const ledger: Ledger = {
    produced: 0,
    archivedOnce: 0,
    duplicated: 0,
    lost: 0,
    deadLettered: 0,
    blocked: 0,
    setAside: 0,
    setAsideMoreThanOnce: 0,
    wholeValues: 0,
    mismatched: 0,
    unexpected: 0,
    objects: { records: 0, conflicts: 0, overflow: 0, errors: 0, index: 0 },
    problems: [],
  };
  const problem = (text: string) => {
    if (ledger.problems.length < LISTED_PROBLEMS) ledger.problems.push(text);
  };
  const tallies = new Map<string, Tally>();
  for (const source of sources) {
    for (const state of source.partitions) {
      const length = state.log.offsets.length;
      tallies.set(`${state.log.topic}/${state.log.partition}`, {
        source,
        state,
        archived: new Uint16Array(length),
        setAside: new Uint16Array(length),
        deadLettered: new Uint8Array(length),
        firstAt: new Int32Array(length).fill(-1),
      });
    }
  }
  const find = (topic: unknown, partition: unknown, offset: unknown) => {
    const tally = tallies.get(`${String(topic)}/${String(partition)}`);
    const index = tally === undefined || typeof offset !== 'number' ? -1 : tally.state.log.indexOf(offset);
    return tally === undefined || index < 0 ? undefined : { tally, index };
  };
  const messageOf = ({ tally, index }: { tally: Tally; index: number }) =>
    syntheticMessage(
      tally.source.seed,
      tally.state.log.topic,
      tally.state.log.partition,
      index,
      tally.state.log.offsets[index] as number,
      tally.source.mix,
    );

  const keys: string[] = [];
  for (const source of sources) {
    for (const key of await store.listKeys(source.prefix)) {
      const kind = objectKind(key.slice(source.prefix.length));
      ledger.objects[kind]++;
      if (kind === 'overflow' || kind === 'index') continue;
      const body = (await store.getObject(key)) as Buffer;
      if (kind === 'errors') {
        for (const element of setAsideElements(body)) {
          const found = find(element.topic, element.partition, element.offset);
          if (found === undefined) {
            ledger.unexpected++;
            problem(`${key}: sets aside an element no message was produced for`);
          } else {
            bump(found.tally.setAside, found.index);
            if (!messageOf(found).poison) {
              ledger.mismatched++;
              problem(`${key}: sets aside ${element.topic}/${element.partition} offset ${element.offset}, which is a valid message`);
            }
          }
        }
        continue;
      }
      keys.push(key);
      for (const record of archivedRecords(key, body)) {
        const found = find(record.topic, record.partition, record.offset);
        if (found === undefined) {
          ledger.unexpected++;
          problem(`${key}: holds ${record.topic}/${record.partition} offset ${record.offset}, which no one produced`);
          continue;
        }
        const { tally, index } = found;
        bump(tally.archived, index);
        if (tally.firstAt[index] === -1) tally.firstAt[index] = keys.length - 1;
        else
          problem(
            `${record.topic}/${record.partition} offset ${record.offset} is archived twice: in ${keys[tally.firstAt[index] as number]} and ${key}`,
          );
        const message = messageOf(found);
        const expected = expectedValue(message, tally.source.rules);
        const cut = expected?.cut === true;
        const whole = cut
          ? await store.getObject(record.overflowKey ?? overflowKey(tally.source.prefix, message.topic, message.partition, message.offset))
          : undefined;
        const wrong = message.poison
          ? 'a poison element archived as a record'
          : recordProblem(record, message, tally.source.rules, expected, whole);
        if (wrong !== undefined) {
          ledger.mismatched++;
          problem(`${record.topic}/${record.partition} offset ${record.offset} in ${key}: ${wrong}`);
        } else if (cut) ledger.wholeValues++;
      }
    }
  }

  for await (const letter of deadLetters) {
    for (const element of letter.event) {
      const data = kafkaData(element);
      const found = data && find(data.topic, data.partition, data.offset);
      if (found) found.tally.deadLettered[found.index] = 1;
    }
  }

  for (const tally of tallies.values()) {
    const { log, blocked, committed } = tally.state;
    for (let index = 0; index < log.offsets.length; index++) {
      ledger.produced++;
      const archived = tally.archived[index] as number;
      const setAside = tally.setAside[index] as number;
      if (archived === 1) ledger.archivedOnce++;
      else if (archived > 1) ledger.duplicated++;
      else if (setAside > 0) {
        ledger.setAside++;
        if (setAside > 1) ledger.setAsideMoreThanOnce++;
      } else if (tally.deadLettered[index] === 1) ledger.deadLettered++;
      else if (blocked && index >= committed) ledger.blocked++;
      else {
        ledger.lost++;
        problem(`${log.topic}/${log.partition} offset ${log.offsets[index]} is not archived, not set aside and not dead-lettered: lost`);
      }
    }
  }
  return ledger;
}

function bump(counts: Uint16Array, index: number): void {
  counts[index] = Math.min((counts[index] as number) + 1, 65_535);
}
