// Hostile inputs, by the hundred: every malformed or hostile trigger event of the corpus, through
// the built function, real ali-oss and the local OSS server, under both failure policies. With
// FAILURE_POLICY=continue the bad elements are set aside whole in _errors/ and the good ones are
// archived exactly; with FAILURE_POLICY=stop the batch is refused, naming element and field, and
// nothing is requested of OSS. Never an error of another family, never a secret in the output,
// and every log line is JSON.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { InvocationOutcome } from '../../../tools/fc-runner/fc-instance';
import type { LocalOssServer } from '../../../tools/oss-emulator';
import { CATEGORIES, type ExpectedMessage, HOSTILE_CASES, type BuiltCase } from '../../support/hostile-corpus';
import { BUCKET, sinkInstance, startOss } from '../../support/sink-fixture';

/** The function role's STS keys (used), and an AccessKey pair in the environment (registered, not used). */
const STS = {
  accessKeyId: 'STS.hostile-inputs-key-id',
  accessKeySecret: 'hostile-sts-secret-9c1e5a7b2d',
  securityToken: 'CAIS-hostile-sts-token-4d2f8e6a1b',
};
const ENV_KEYS = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI-hostile-env-key-id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'hostile-env-secret-3b8d0f2c5e',
  ALIBABA_CLOUD_SECURITY_TOKEN: 'CAIS-hostile-env-token-7e1a9c4b0d',
};
const SECRETS = [STS.accessKeySecret, STS.securityToken, ENV_KEYS.ALIBABA_CLOUD_ACCESS_KEY_SECRET, ENV_KEYS.ALIBABA_CLOUD_SECURITY_TOKEN];

/** The sink's error families; anything else is a crash. */
const SINK_ERRORS = ['PayloadError', 'ConfigError', 'StoreError'];
const MAX_VALUE_BYTES = 6291456;
const LISTED_PROBLEMS = 10;
/** A hang ends the case here: well above the slowest case (a few hundred ms). */
const CASE_TIMEOUT_MS = 20_000;

type RecordFormat = 'seed' | 'full';
interface Policy {
  name: 'continue' | 'stop';
  prefix: string;
  format: RecordFormat;
}
const CONTINUE: Policy = { name: 'continue', prefix: 'archive/', format: 'full' };
const STOP: Policy = { name: 'stop', prefix: 'stopped/', format: 'seed' };

// One OSS server and one instance per policy for all cases (loading the bundle costs more than
// most cases); each case's good messages are on a topic of its own.
let oss: Awaited<ReturnType<typeof startOss>>;
let server: LocalOssServer;
type Instance = ReturnType<typeof sinkInstance>;
let instances: Record<'Text' | 'Binary', { continuing: Instance; stopping: Instance }>;
beforeAll(async () => {
  oss = await startOss([STS]);
  server = oss.server;
  const pair = (VALUE_DATA_TYPE: string) => ({
    continuing: sinkInstance(server, { env: { ...ENV_KEYS, VALUE_DATA_TYPE, RECORD_FORMAT: 'full' }, credentials: STS }),
    stopping: sinkInstance(server, {
      env: { ...ENV_KEYS, VALUE_DATA_TYPE, OSS_PREFIX: 'stopped', FAILURE_POLICY: 'stop' },
      credentials: STS,
    }),
  });
  instances = { Text: pair('Text'), Binary: pair('Binary') };
});
afterAll(() => oss.close());

describe.each(CATEGORIES)('hostile inputs: %s', (category) => {
  const cases = HOSTILE_CASES.map((hostile, index) => [hostile.name, hostile, index] as const).filter(
    ([, hostile]) => hostile.category === category,
  );

  it.each(cases)(
    '%s',
    async (_name, hostile, index) => {
      const built = hostile.build(`case-${index}`);
      const { continuing, stopping } = instances[hostile.valueDataType ?? 'Text'];
      server.requests.length = 0;
      await expectSetAside(built, await continuing.invoke(built.event), server);
      server.requests.length = 0;
      await expectStopped(built, await stopping.invoke(built.event), server);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    CASE_TIMEOUT_MS,
  );
});

// An event that quotes a secret: the redactor registered with the instance must keep it out of
// everything the function prints or returns (the _errors/ object keeps the element as it came).
describe('hostile inputs: a secret inside the event', () => {
  const event = () => Buffer.from(`[{"topic":"${STS.securityToken}/x","partition":0,"offset":1,"timestamp":1}]`);

  it('FAILURE_POLICY=continue: the warning and the result hold no secret', async () => {
    const outcome = await instances.Text.continuing.invoke(event());
    const logs = checkedLogs(outcome);
    expect(logs.find((line) => line.event === 'elements set aside')).toMatchObject({ problems: [expect.stringContaining('[redacted]/x')] });
  });

  it('FAILURE_POLICY=stop: the message, stack and log lines of the rejection hold no secret', async () => {
    const outcome = await instances.Text.stopping.invoke(event());
    if (outcome.ok) throw new Error('the event was archived');
    for (const text of [outcome.error.message, String(outcome.error.stack), ...outcome.logs]) expect(text).not.toContain(STS.securityToken);
    expect(outcome.error.message).toContain('topic "[redacted]/x"');
  });

  it('FAILURE_POLICY=stop: the problems on the thrown error are redacted too', async () => {
    const outcome = await instances.Text.stopping.invoke(event());
    if (outcome.ok) throw new Error('the event was archived');
    expect(JSON.stringify((outcome.error as { problems?: unknown }).problems)).not.toContain(STS.securityToken);
  });
});

/** FAILURE_POLICY=continue: the good messages archived exactly, the bad elements in one _errors/ object, whole. */
async function expectSetAside(built: BuiltCase, outcome: InvocationOutcome, server: LocalOssServer): Promise<void> {
  const logs = checkedLogs(outcome);
  if (!outcome.ok) throw new Error(`FAILURE_POLICY=continue failed: ${outcome.error.name}: ${outcome.error.message.slice(0, 500)}`);
  const summary = await expectArchived(built, outcome, server, CONTINUE);
  const errorObjects = summary.written.filter((object) => object.kind === 'errors');
  if (built.rejected.length === 0) {
    expect(errorObjects).toEqual([]);
    expect(logs.some((line) => line.event === 'elements set aside')).toBe(false);
    return;
  }
  expect(errorObjects).toHaveLength(1);
  const key = errorObjects[0]?.key as string;
  const body = (await server.getObject(BUCKET, key)) as Buffer;
  expect(key).toBe(`${CONTINUE.prefix}_errors/${createHash('md5').update(body).digest('hex')}.json`);
  const { elements } = JSON.parse(body.toString('utf8')) as { elements: StoredRejection[] };
  expect(elements).toHaveLength(built.rejected.length);
  // Checked without expect() per element: a case may set aside 100,000 of them.
  const wrong = built.rejected.flatMap((rejection, position) => {
    const problem = storedWrongly(elements[position] as StoredRejection, rejection);
    return problem === undefined ? [] : [`rejected element ${position}: ${problem}`];
  });
  expect(wrong.slice(0, 5)).toEqual([]);
  const warning = logs.find((line) => line.event === 'elements set aside');
  expect(warning).toMatchObject({ level: 'warn', count: built.rejected.length, key });
}

interface StoredRejection {
  index: number | null;
  problems: string[];
  text?: string;
  base64?: string;
}

/** What is wrong with an element as the _errors/ object holds it: its index, its problems, its bytes (text, or base64 when not UTF-8). */
function storedWrongly(stored: StoredRejection, rejection: BuiltCase['rejected'][number]): string | undefined {
  if (stored.index !== rejection.index) return `index ${stored.index}, expected ${rejection.index}`;
  const problems = problemsWrongly(stored.problems, rejection.problems);
  if (problems !== undefined) return problems;
  const utf8 = isUtf8(rejection.raw);
  const held = utf8 ? stored.text : stored.base64;
  if (held === undefined || (utf8 ? stored.base64 : stored.text) !== undefined) return `held as ${Object.keys(stored).join(', ')}`;
  const bytes = Buffer.from(held, utf8 ? 'utf8' : 'base64');
  return bytes.equals(rejection.raw) ? undefined : differs(bytes, rejection.raw);
}

/** FAILURE_POLICY=stop: a batch with a bad element is refused and OSS never asked; a good one is archived. */
async function expectStopped(built: BuiltCase, outcome: InvocationOutcome, server: LocalOssServer): Promise<void> {
  const logs = checkedLogs(outcome);
  if (built.rejected.length === 0) {
    if (!outcome.ok) throw new Error(`FAILURE_POLICY=stop failed a good batch: ${outcome.error.name}: ${outcome.error.message}`);
    const summary = await expectArchived(built, outcome, server, STOP);
    expect(summary.written.filter((object) => object.kind === 'errors')).toEqual([]);
    return;
  }
  if (outcome.ok) throw new Error(`FAILURE_POLICY=stop archived a batch with bad elements: ${String(outcome.result).slice(0, 500)}`);
  expect(outcome.error.name).toBe('PayloadError');
  expect(server.requests).toEqual([]);
  const { message } = outcome.error;
  expect(message).toContain('The trigger event was rejected; nothing was written.');
  const problems = built.rejected.flatMap((rejection) => rejection.problems);
  for (const problem of problems.slice(0, LISTED_PROBLEMS)) expect(message).toContain(problem);
  if (problems.length > LISTED_PROBLEMS) expect(message).toContain(`and ${problems.length - LISTED_PROBLEMS} more problems`);
  expect(logs.at(-1)).toMatchObject({ level: 'error', event: 'batch rejected', error: 'PayloadError' });
}

interface Summary {
  records: number;
  rejectedElements: number;
  duplicateOffsets: number;
  written: Array<{ key: string; kind: string; records: number }>;
}

/** The records and overflow objects written are exactly the expected ones, byte for byte. */
async function expectArchived(built: BuiltCase, outcome: InvocationOutcome & { ok: true }, server: LocalOssServer, policy: Policy) {
  const summary = JSON.parse(String(outcome.result)) as Summary;
  const objects = expectedObjects(built.archived, policy);
  const written = (kind: string) =>
    summary.written
      .filter((object) => object.kind === kind)
      .map((object) => object.key)
      .sort();
  expect(written('records')).toEqual([...objects.records.keys()].sort());
  expect(written('overflow')).toEqual([...objects.overflow.keys()].sort());
  expect(written('conflicts')).toEqual([]);
  for (const [key, body] of [...objects.records, ...objects.overflow]) {
    expectSameBytes((await server.getObject(BUCKET, key)) as Buffer, body, key);
  }
  expect(summary).toMatchObject({
    records: objects.messages,
    rejectedElements: policy === STOP ? 0 : built.rejected.length,
    duplicateOffsets: built.archived.length - objects.messages,
  });
  return summary;
}

/** One records object per topic-partition, offsets in order, the first copy of an offset kept; and the spilled values. */
function expectedObjects(archived: readonly ExpectedMessage[], policy: Policy) {
  const partitions = new Map<string, Map<bigint, ExpectedMessage>>();
  for (const message of archived) {
    const id = `${message.topic}/${message.partition}`;
    const offsets = partitions.get(id) ?? new Map<bigint, ExpectedMessage>();
    if (!offsets.has(message.offset)) offsets.set(message.offset, message);
    partitions.set(id, offsets);
  }
  const records = new Map<string, Buffer>();
  const overflow = new Map<string, Buffer>();
  let messages = 0;
  for (const [id, offsets] of partitions) {
    const sorted = [...offsets.values()].sort((a, b) => (a.offset < b.offset ? -1 : 1));
    const texts = sorted.map((message) => {
      const { text, spill } = recordText(message, policy);
      if (spill) overflow.set(spill.key, spill.body);
      return text;
    });
    const first = sorted[0]?.offset as bigint;
    const last = sorted.at(-1)?.offset as bigint;
    records.set(`${policy.prefix}${id}/${pad(first)}-${pad(last)}.json`, Buffer.from(`[${texts.join(',')}]`, 'utf8'));
    messages += sorted.length;
  }
  return { records, overflow, messages };
}

/** The README's record format: the seed's eight fields, and in the full format headers, encodings and where a value was spilled. */
function recordText(message: ExpectedMessage, policy: Policy): { text: string; spill?: { key: string; body: Buffer } } {
  const value = recordValueOf(message, policy.format);
  const cut = value !== undefined && Buffer.byteLength(value.text, 'utf8') > MAX_VALUE_BYTES;
  const held = !cut
    ? value?.text
    : value.encoding === 'base64'
      ? value.text.slice(0, MAX_VALUE_BYTES - (MAX_VALUE_BYTES % 4))
      : utf8Prefix(value.text, MAX_VALUE_BYTES);
  const spillKey = `${policy.prefix}${message.topic}/${message.partition}/_overflow/${pad(message.offset)}.bin`;
  const fields = [
    `"key":${JSON.stringify(message.key)}`,
    `"offset":${message.offset}`,
    `"overflowFlag":${cut || message.truncatedFromBytes !== undefined}`,
    `"partition":${message.partition}`,
    `"timestamp":${message.timestamp}`,
    `"topic":${JSON.stringify(message.topic)}`,
    `"value":${JSON.stringify(held ?? null)}`,
    `"valueSize":${Math.max(value?.bytes.length ?? 0, message.truncatedFromBytes ?? 0)}`,
  ];
  if (policy.format === 'full') {
    fields.push(
      `"headers":${message.headers}`,
      `"keyEncoding":${JSON.stringify(message.key === null ? null : 'text')}`,
      `"valueEncoding":${JSON.stringify(value?.encoding ?? null)}`,
      `"overflowKey":${JSON.stringify(cut ? spillKey : null)}`,
    );
  }
  const text = `{${fields.join(',')}}`;
  return cut ? { text, spill: { key: spillKey, body: value.bytes } } : { text };
}

/** The record's whole value and its encoding, and the message's bytes: Binary values are text in the full format when they are UTF-8. */
function recordValueOf(message: ExpectedMessage, format: RecordFormat) {
  const { value } = message;
  if (value === null) return undefined;
  if ('text' in value) return { text: value.text, encoding: 'text', bytes: Buffer.from(value.text, 'utf8') };
  if ('json' in value) return { text: value.json, encoding: 'json', bytes: Buffer.from(value.json, 'utf8') };
  const bytes = Buffer.from(value.base64, 'base64');
  if (format === 'full' && isUtf8(bytes)) return { text: bytes.toString('utf8'), encoding: 'text', bytes };
  return { text: value.base64, encoding: 'base64', bytes };
}

/** The longest prefix of whole characters within `max` UTF-8 bytes. */
function utf8Prefix(text: string, max: number): string {
  const encoded = Buffer.from(text, 'utf8');
  let end = max;
  while (end > 0 && ((encoded[end] as number) & 0xc0) === 0x80) end--;
  return encoded.subarray(0, end).toString('utf8');
}

const pad = (offset: bigint) => offset.toString().padStart(19, '0');

/** Each log line is a JSON object with a level and an event; no line, result or error holds a secret. */
function checkedLogs(outcome: InvocationOutcome): Array<Record<string, unknown>> {
  const lines = outcome.logs.map((line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`a log line is not JSON: ${line.slice(0, 300)}`);
    }
    expect(parsed).toMatchObject({ level: expect.stringMatching(/^(info|warn|error)$/), event: expect.any(String) });
    return parsed as Record<string, unknown>;
  });
  const output = outcome.ok
    ? [String(outcome.result)]
    : [outcome.error.message, String(outcome.error.stack), JSON.stringify((outcome.error as { problems?: unknown }).problems ?? null)];
  for (const text of [...outcome.logs, ...output]) {
    for (const secret of SECRETS) if (text.includes(secret)) throw new Error(`a secret was printed: ${text.slice(0, 300)}`);
  }
  if (!outcome.ok && !SINK_ERRORS.includes(outcome.error.name)) {
    throw new Error(`crashed with ${outcome.error.name}: ${outcome.error.message.slice(0, 500)}\n${outcome.error.stack}`);
  }
  return lines;
}

/** Problems in order, each beginning as expected (the element's name, its form and field, what is wrong). */
function problemsWrongly(actual: string[], expected: string[]): string | undefined {
  if (actual.length === expected.length && expected.every((start, i) => (actual[i] as string).startsWith(start))) return undefined;
  return `problems ${JSON.stringify(actual.map((problem) => problem.slice(0, 300)))}, expected ${JSON.stringify(expected)}`;
}

/** Byte equality that reports where two (possibly 20 MB) bodies differ instead of printing them. */
function expectSameBytes(actual: Buffer | undefined, expected: Buffer, what: string): void {
  if (actual === undefined) throw new Error(`${what} was not stored`);
  if (!actual.equals(expected)) throw new Error(`${what}: ${differs(actual, expected)}`);
}

function differs(actual: Buffer, expected: Buffer): string {
  let at = 0;
  while (at < actual.length && actual[at] === expected[at]) at++;
  const around = (bytes: Buffer) => JSON.stringify(bytes.subarray(Math.max(0, at - 40), at + 80).toString('utf8'));
  return `${actual.length} bytes, expected ${expected.length}; they differ at byte ${at}: ${around(actual)} vs ${around(expected)}`;
}
