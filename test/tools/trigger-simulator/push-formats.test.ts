// The simulator's messages in each push format (CloudEvents objects, CloudEvents as JSON strings,
// RawData) and value data type, through the built function, read back by the ledger: the trigger
// side, the function and the ledger agree before any fault is added.
import { type LedgerSource, readLedger } from '../../../tools/trigger-simulator/archive-ledger';
import { PartitionLog } from '../../../tools/trigger-simulator/partition-log';
import { syntheticMessage, type ValueDataType } from '../../../tools/trigger-simulator/synthetic-message';
import { elementText } from '../../../tools/trigger-simulator/trigger-element';
import { type PushFormat, pushBody } from '../../../tools/trigger-events';
import { BUCKET, sinkInstance, startOss, summaryOf } from '../../support/sink-fixture';

let oss: Awaited<ReturnType<typeof startOss>>;
beforeEach(async () => {
  oss = await startOss();
});
afterEach(() => oss.close());

const cases: Array<[PushFormat, ValueDataType, 'seed' | 'full']> = [
  ['cloudevents', 'Text', 'seed'],
  ['cloudevents-as-strings', 'Json', 'full'],
  ['rawdata', 'Binary', 'seed'],
  ['rawdata', 'Binary', 'full'],
];

test.each(cases)(
  '%s with %s values, RECORD_FORMAT=%s: every message archived once, poison set aside, cut values whole',
  async (format, valueDataType, recordFormat) => {
    const maxValueBytes = 20_000;
    const mix = { valueDataType, maxValueBytes, oversizeEvery: 40, largeEvery: 0, poisonEvery: 25 };
    const log = new PartitionLog(
      'mixed',
      3,
      'formats',
      { backlog: true, burstGapMs: 0, pauseMs: 0, pauseChance: 0, offsetGapEvery: 10 },
      120,
    );
    log.advanceTo(0);
    const messages = log.offsets.map((offset, index) => syntheticMessage('formats', 'mixed', 3, index, offset, mix));
    const instance = sinkInstance(oss.server, {
      env: { VALUE_DATA_TYPE: valueDataType, RECORD_FORMAT: recordFormat, MAX_VALUE_BYTES: String(maxValueBytes) },
    });
    for (const part of [messages.slice(0, 70), messages.slice(70)]) {
      summaryOf(await instance.invoke(pushBody(part.map((message) => elementText(message, format)))));
    }

    const source: LedgerSource = {
      trigger: 'mixed',
      prefix: 'archive/',
      partitions: [{ log, committed: log.offsets.length, blocked: false }],
      seed: 'formats',
      mix,
      rules: { valueDataType, recordFormat, maxValueBytes },
    };
    const ledger = await readLedger(
      { listKeys: (prefix) => oss.server.listKeys(BUCKET, prefix), getObject: (key) => oss.server.getObject(BUCKET, key) },
      [source],
      [],
    );
    expect(ledger.problems).toEqual([]);
    const poison = messages.filter((message) => message.poison).length;
    expect(poison).toBeGreaterThan(0);
    expect(ledger).toMatchObject({ produced: 120, archivedOnce: 120 - poison, setAside: poison, lost: 0, duplicated: 0, mismatched: 0 });
    expect(ledger.wholeValues).toBeGreaterThanOrEqual(3);
  },
);
