// The ledger must see every way an archive can be wrong, or a soak could pass by looking away:
// a message twice, missing, altered, unknown, a cut value without its whole copy; and tell those
// apart from messages dead-lettered, blocked or set aside.
import { type ArchiveStore, type LedgerSource, ledgerHolds, readLedger } from '../../../tools/trigger-simulator/archive-ledger';
import type { PartitionState } from '../../../tools/trigger-simulator/consumer';
import type { DeadLetter } from '../../../tools/trigger-simulator/dead-letter-file';
import { PartitionLog } from '../../../tools/trigger-simulator/partition-log';
import { type MessageMix, type SyntheticMessage, syntheticMessage } from '../../../tools/trigger-simulator/synthetic-message';
import { elementText } from '../../../tools/trigger-simulator/trigger-element';

const SEED = 'ledger';
const MIX: MessageMix = { valueDataType: 'Text', maxValueBytes: 10_000_000, oversizeEvery: 0, largeEvery: 0, poisonEvery: 0 };

function source(messages: number, mix: MessageMix = MIX): LedgerSource & { partitions: PartitionState[] } {
  const log = new PartitionLog('t', 0, SEED, { backlog: true, burstGapMs: 0, pauseMs: 0, pauseChance: 0, offsetGapEvery: 5 }, messages);
  log.advanceTo(0);
  return {
    trigger: 't',
    prefix: 'a/',
    partitions: [{ log, committed: messages, blocked: false }],
    seed: SEED,
    mix,
    rules: { valueDataType: 'Text', recordFormat: 'seed', maxValueBytes: mix.maxValueBytes },
  };
}

function messagesOf(ledgerSource: LedgerSource): SyntheticMessage[] {
  const { log } = ledgerSource.partitions[0] as PartitionState;
  return log.offsets.map((offset, index) => syntheticMessage(SEED, 't', 0, index, offset, ledgerSource.mix));
}

/** The seed format's record, as the README describes it. */
function record(message: SyntheticMessage, max = MIX.maxValueBytes): Record<string, unknown> {
  const text = message.value?.toString('utf8') ?? null;
  const cut = text !== null && Buffer.byteLength(text) > max;
  return {
    key: message.key,
    offset: message.offset,
    overflowFlag: cut,
    partition: 0,
    timestamp: message.timestamp,
    topic: 't',
    value: cut
      ? Buffer.from(text)
          .subarray(0, max)
          .toString('utf8')
          .replace(/\uFFFD+$/, '')
      : text,
    valueSize: message.value?.length ?? 0,
  };
}

function store(objects: Record<string, unknown>): ArchiveStore {
  const body = (value: unknown) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value)));
  return {
    listKeys: async (prefix) =>
      Object.keys(objects)
        .filter((key) => key.startsWith(prefix))
        .sort(),
    getObject: async (key) => (key in objects ? body(objects[key]) : undefined),
  };
}

const letter = (event: unknown[]): DeadLetter => ({
  trigger: 't',
  pushes: 4,
  cause: 'outage (403 AccessDenied)',
  error: 'AccessDenied',
  event,
});

test('every message archived once holds', async () => {
  const s = source(20);
  const messages = messagesOf(s);
  const ledger = await readLedger(
    store({ 'a/t/0/1.json': messages.slice(0, 10).map((m) => record(m)), 'a/t/0/2.json': messages.slice(10).map((m) => record(m)) }),
    [s],
    [],
  );
  expect(ledger).toMatchObject({ produced: 20, archivedOnce: 20, lost: 0, duplicated: 0, mismatched: 0, unexpected: 0 });
  expect(ledgerHolds(ledger)).toBe(true);
});

test('a message in two objects is duplicated, and both objects are named', async () => {
  const s = source(10);
  const messages = messagesOf(s);
  const ledger = await readLedger(
    store({ 'a/t/0/1.json': messages.map((m) => record(m)), 'a/t/0/2.json': [record(messages[3] as SyntheticMessage)] }),
    [s],
    [],
  );
  expect(ledger).toMatchObject({ archivedOnce: 9, duplicated: 1 });
  expect(ledger.problems).toEqual([`t/0 offset ${messages[3]?.offset} is archived twice: in a/t/0/1.json and a/t/0/2.json`]);
  expect(ledgerHolds(ledger)).toBe(false);
});

test('a missing message is lost, unless the dead-letter file or a blocked partition accounts for it', async () => {
  const s = source(10);
  const messages = messagesOf(s);
  const objects = { 'a/t/0/1.json': messages.slice(0, 7).map((m) => record(m)) };
  const lost = await readLedger(store(objects), [s], []);
  expect(lost).toMatchObject({ archivedOnce: 7, lost: 3 });
  expect(lost.problems[0]).toContain(`t/0 offset ${messages[7]?.offset} is not archived`);

  const deadLettered = await readLedger(
    store(objects),
    [s],
    [letter(messages.slice(7).map((m) => JSON.parse(elementText(m, 'cloudevents'))))],
  );
  expect(deadLettered).toMatchObject({ lost: 0, deadLettered: 3 });

  const partition = s.partitions[0] as PartitionState;
  partition.blocked = true;
  partition.committed = 7;
  expect(await readLedger(store(objects), [s], [])).toMatchObject({ lost: 0, blocked: 3 });
});

test('a record with other content than produced is mismatched; one nobody produced is unexpected', async () => {
  const s = source(5);
  const messages = messagesOf(s);
  const altered = { ...record(messages[1] as SyntheticMessage), key: 'someone else' };
  const stranger = { ...record(messages[2] as SyntheticMessage), offset: 999_999 };
  const ledger = await readLedger(
    store({
      'a/t/0/1.json': [
        record(messages[0] as SyntheticMessage),
        altered,
        record(messages[2] as SyntheticMessage),
        stranger,
        ...messages.slice(3).map((m) => record(m)),
      ],
    }),
    [s],
    [],
  );
  expect(ledger).toMatchObject({ mismatched: 1, unexpected: 1, archivedOnce: 5 });
  expect(ledger.problems.join('\n')).toMatch(/offset \d+ in a\/t\/0\/1\.json: key "someone else"/);
});

test('a cut value counts only with its whole value in _overflow/', async () => {
  const mix = { ...MIX, maxValueBytes: 200, oversizeEvery: 1 };
  const s = source(1, mix);
  const [message] = messagesOf(s) as [SyntheticMessage];
  const overflow = `a/t/0/_overflow/${String(message.offset).padStart(19, '0')}.bin`;
  const objects: Record<string, unknown> = { 'a/t/0/1.json': [record(message, 200)] };
  expect(await readLedger(store(objects), [s], [])).toMatchObject({ mismatched: 1, wholeValues: 0 });
  objects[overflow] = message.value;
  expect(await readLedger(store(objects), [s], [])).toMatchObject({ mismatched: 0, wholeValues: 1, objects: { overflow: 1, records: 1 } });
});

test('a poison element in _errors/ is set aside, not lost; a valid message there is a mismatch', async () => {
  const s = source(6, { ...MIX, poisonEvery: 3 });
  const messages = messagesOf(s);
  const poison = messages.filter((m) => m.poison);
  expect(poison.length).toBeGreaterThan(0);
  const errors = (list: SyntheticMessage[]) => ({
    elements: list.map((m, index) => ({ index, problems: ['bad timestamp'], text: elementText(m, 'cloudevents-as-strings') })),
  });
  const records = messages.filter((m) => !m.poison).map((m) => record(m));
  const ledger = await readLedger(
    store({ 'a/t/0/1.json': records, 'a/_errors/x.json': errors(poison), 'a/_errors/y.json': errors(poison.slice(0, 1)) }),
    [s],
    [],
  );
  expect(ledger).toMatchObject({ setAside: poison.length, setAsideMoreThanOnce: 1, lost: 0, mismatched: 0 });
  const wrong = await readLedger(
    store({ 'a/t/0/1.json': records, 'a/_errors/x.json': errors([...poison, messages.find((m) => !m.poison) as SyntheticMessage]) }),
    [s],
    [],
  );
  expect(wrong.mismatched).toBe(1);
});
