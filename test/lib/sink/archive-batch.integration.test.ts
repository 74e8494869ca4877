// The built function (dist/oss-sink/index.js) with the real ali-oss inside it, against the local OSS oss.server.
import { sampleEvent } from '../../support/repo';
import { LOCAL_DEV_CREDENTIAL } from '../../../tools/oss-emulator';
import { BUCKET, cloudEvents, errorOf, sinkInstance, ossPerTest, summaryOf } from '../../support/sink-fixture';

const event = sampleEvent;
const twoPartitions = cloudEvents([
  { partition: 0, offset: 10, value: 'a' },
  { partition: 1, offset: 20, value: { b: 1 } },
  { partition: 0, offset: 11, value: null },
]);

const oss = ossPerTest();

const stored = async (key: string) => (await oss.server.getObject(BUCKET, key))?.toString('utf8');
const puts = () => oss.server.requests.filter((r) => r.method === 'PUT');

describe('the sink writes every payload form in the seed format', () => {
  it('CloudEvents objects: one object per partition, byte for byte', async () => {
    const summary = summaryOf(await sinkInstance(oss.server).invoke(event('cloudevents.json')));
    expect(summary).toMatchObject({ records: 5, objects: 2, created: 2, alreadyStored: 0 });
    expect(await stored('archive/orders/0/0000000000000000100-0000000000000000102.json')).toBe(
      '[{"key":"order-1001","offset":100,"overflowFlag":false,"partition":0,"timestamp":1795000000100,"topic":"orders","value":"{\\"orderId\\":1001,\\"item\\":\\"茶叶\\",\\"qty\\":2}","valueSize":40},' +
        '{"key":"order-1002","offset":101,"overflowFlag":false,"partition":0,"timestamp":1795000000101,"topic":"orders","value":"plain text value with emoji 🚀 and accents: café","valueSize":51},' +
        '{"key":"order-1003","offset":102,"overflowFlag":false,"partition":0,"timestamp":1795000000102,"topic":"orders","value":"[1,2,3]","valueSize":7}]',
    );
    expect(await stored('archive/orders/1/0000000000000000040-0000000000000000041.json')).toBe(
      '[{"key":null,"offset":40,"overflowFlag":false,"partition":1,"timestamp":1795000000040,"topic":"orders","value":"key is null; value in Chinese: 你好，世界","valueSize":46},' +
        '{"key":"order-1001","offset":41,"overflowFlag":false,"partition":1,"timestamp":1795000000041,"topic":"orders","value":null,"valueSize":0}]',
    );
  });

  it.each([
    ['cloudevents-as-strings.json', 'archive/payments/2/0000000000000000500-0000000000000000502.json', 3],
    ['single-cloudevent.json', 'archive/payments/3/0000000000000000007-0000000000000000007.json', 1],
    ['rawdata.json', 'archive/clicks/0/0000000000000000009-0009007199254740993.json', 2],
    ['legacy-connector.json', 'archive/Test/0/0000000000000000004-0000000000000000006.json', 3],
  ])('%s', async (name, key, records) => {
    summaryOf(await sinkInstance(oss.server).invoke(event(name)));
    const text = (await stored(key)) as string;
    const parsed = JSON.parse(text) as Array<Record<string, unknown>>;
    expect(parsed).toHaveLength(records);
    for (const record of parsed) {
      expect(Object.keys(record)).toEqual(['key', 'offset', 'overflowFlag', 'partition', 'timestamp', 'topic', 'value', 'valueSize']);
      expect(typeof record.offset).toBe('number');
      expect(typeof record.valueSize).toBe('number');
      expect(record.value === null || typeof record.value === 'string').toBe(true);
    }
  });

  it("keeps the legacy connector's truncation flag and size, and every digit of a large offset", async () => {
    await sinkInstance(oss.server).invoke(event('legacy-connector.json'));
    expect(await stored('archive/Test/0/0000000000000000004-0000000000000000006.json')).toContain(
      '{"key":"123","offset":4,"overflowFlag":true,"partition":0,"timestamp":1603779578478,"topic":"Test","value":"1","valueSize":272687}',
    );
    await sinkInstance(oss.server).invoke(event('rawdata.json'));
    expect(await stored('archive/clicks/0/0000000000000000009-0009007199254740993.json')).toContain('"offset":9007199254740993,');
  });

  it('truncates a value over MAX_VALUE_BYTES on a character boundary', async () => {
    const summary = summaryOf(
      await sinkInstance(oss.server, { env: { MAX_VALUE_BYTES: '10' } }).invoke(
        cloudEvents([{ partition: 0, offset: 1, value: 'ab数据数据' }]),
      ),
    );
    expect(summary.truncatedValues).toBe(1);
    const [record] = JSON.parse((await stored(summary.written[0]?.key as string)) as string);
    expect(record).toMatchObject({ value: 'ab数据', overflowFlag: true, valueSize: 14 });
  });

  it('sends Content-MD5 and x-oss-forbid-overwrite with every put', async () => {
    await sinkInstance(oss.server).invoke(twoPartitions);
    expect(puts()).toHaveLength(2);
    for (const put of puts()) {
      expect(put.headers['content-md5']).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(put.headers['x-oss-forbid-overwrite']).toBe('true');
    }
  });

  it('resolves an empty batch without writing anything', async () => {
    expect(summaryOf(await sinkInstance(oss.server).invoke(Buffer.from('[]')))).toMatchObject({ records: 0, objects: 0 });
    expect(oss.server.requests).toHaveLength(0);
  });
});

describe('exactly once under at-least-once delivery', () => {
  it('recognises a redelivered batch and writes nothing new', async () => {
    const instance = sinkInstance(oss.server);
    summaryOf(await instance.invoke(twoPartitions));
    const before = await oss.server.listKeys(BUCKET);
    const again = summaryOf(await instance.invoke(twoPartitions));
    expect(again).toMatchObject({ created: 0, alreadyStored: 2, conflicts: 0 });
    expect(await oss.server.listKeys(BUCKET)).toEqual(before);
  });

  it('recognises it from another instance too (nothing is remembered in memory)', async () => {
    summaryOf(await sinkInstance(oss.server).invoke(twoPartitions));
    expect(summaryOf(await sinkInstance(oss.server).invoke(twoPartitions))).toMatchObject({ created: 0, alreadyStored: 2 });
  });

  it('never overwrites different content under the same key: keeps it and stores the batch in _conflicts', async () => {
    const key = 'archive/orders/0/0000000000000000001-0000000000000000001.json';
    summaryOf(await sinkInstance(oss.server).invoke(cloudEvents([{ partition: 0, offset: 1, value: 'first version' }])));
    const summary = summaryOf(await sinkInstance(oss.server).invoke(cloudEvents([{ partition: 0, offset: 1, value: 'second version' }])));
    expect(summary.conflicts).toBe(1);
    expect(await stored(key)).toContain('first version');
    const conflictKey = summary.written.find((object) => object.kind === 'conflicts')?.key as string;
    expect(conflictKey).toMatch(/^archive\/orders\/0\/_conflicts\/0000000000000000001-0000000000000000001\.[0-9a-f]{32}\.json$/);
    expect(await stored(conflictKey)).toContain('second version');
    // The conflicting batch redelivered is recognised as already stored.
    const again = summaryOf(await sinkInstance(oss.server).invoke(cloudEvents([{ partition: 0, offset: 1, value: 'second version' }])));
    expect(again).toMatchObject({ conflicts: 1, created: 0, alreadyStored: 1 });
  });
});

describe('OSS failures', () => {
  it('retries a 503 twice, then stores', async () => {
    oss.server.faults.add({ method: 'PUT', times: 2, fault: { status: 503, code: 'ServiceUnavailable' } });
    const summary = summaryOf(await sinkInstance(oss.server).invoke(cloudEvents([{ partition: 0, offset: 1, value: 'v' }])));
    expect(summary).toMatchObject({ created: 1, retries: 2 });
    expect(await oss.server.listKeys(BUCKET)).toHaveLength(1);
  });

  it('retries a 503 with an empty body (no error code)', async () => {
    oss.server.faults.add({ method: 'PUT', times: 1, fault: { status: 503, emptyBody: true } });
    expect(summaryOf(await sinkInstance(oss.server).invoke(twoPartitions))).toMatchObject({ created: 2, retries: 1 });
  });

  it('retries a connection reset before the store', async () => {
    oss.server.faults.add({ method: 'PUT', times: 1, fault: { reset: 'before-store' } });
    expect(summaryOf(await sinkInstance(oss.server).invoke(twoPartitions))).toMatchObject({ created: 2, retries: 1 });
  });

  it('recognises its own object when the response was lost after the store', async () => {
    oss.server.faults.add({ method: 'PUT', times: 1, fault: { reset: 'after-store' } });
    const summary = summaryOf(await sinkInstance(oss.server).invoke(cloudEvents([{ partition: 0, offset: 1, value: 'v' }])));
    expect(summary).toMatchObject({ alreadyStored: 1, created: 0, conflicts: 0, retries: 1 });
    expect(await oss.server.listKeys(BUCKET)).toEqual(['archive/orders/0/0000000000000000001-0000000000000000001.json']);
  });

  it('retries a request that times out', async () => {
    oss.server.faults.add({ method: 'PUT', times: 1, fault: { delayMs: 1500 } });
    const instance = sinkInstance(oss.server, { env: { OSS_REQUEST_TIMEOUT_MS: '300' } });
    const summary = summaryOf(await instance.invoke(cloudEvents([{ partition: 0, offset: 1, value: 'v' }])));
    expect(summary.retries).toBeGreaterThanOrEqual(1);
    expect(await oss.server.listKeys(BUCKET)).toHaveLength(1);
  });

  it('fails fast on 403, saying what was stored, what was not, the code and the request id', async () => {
    oss.server.faults.add({
      method: 'PUT',
      key: /\/1\//,
      times: 10,
      fault: { status: 403, code: 'AccessDenied', message: 'You have no right to access this object.' },
    });
    const invocation = await sinkInstance(oss.server).invoke(twoPartitions);
    const error = errorOf(invocation);
    expect(error.message).toMatch(
      /Stored 1 of 2 objects; not stored: archive\/orders\/1\/0000000000000000020-0000000000000000020\.json \(1 records\) after 1 attempt\(s\): HTTP 403 AccessDenied, request id [\w-]+: You have no right/,
    );
    expect(error.message).toContain('grant the credentials oss:PutObject and oss:GetObject');
    expect(puts().filter((r) => r.key?.includes('/1/'))).toHaveLength(1);
    expect(invocation.logs.some((line) => line.includes('"event":"batch not stored"'))).toBe(true);
  });

  it('gives up before the invocation times out when OSS keeps failing', async () => {
    oss.server.faults.add({ method: 'PUT', times: 1000, fault: { status: 503, code: 'ServiceUnavailable' } });
    const error = errorOf(
      await sinkInstance(oss.server, { timeoutSeconds: 3 }).invoke(cloudEvents([{ partition: 0, offset: 1, value: 'v' }])),
    );
    expect(error.message).toMatch(/Stored 0 of 1 objects; not stored: .* after \d+ attempt\(s\): HTTP 503 ServiceUnavailable/);
    expect(await oss.server.listKeys(BUCKET)).toEqual([]);
  });

  it('then stores everything when the trigger delivers the batch again', async () => {
    oss.server.faults.add({ method: 'PUT', key: /\/1\//, times: 1, fault: { status: 403, code: 'AccessDenied' } });
    const instance = sinkInstance(oss.server);
    errorOf(await instance.invoke(twoPartitions));
    expect(summaryOf(await instance.invoke(twoPartitions))).toMatchObject({ created: 1, alreadyStored: 1 });
  });
});

describe('bad input and bad settings write nothing', () => {
  it.each([
    ['not JSON', Buffer.from('{"broken'), 'the event is not valid JSON'],
    [
      'a bad offset',
      cloudEvents([
        { partition: 0, offset: 1, value: 'ok' },
        { partition: 0, offset: 'x1', value: 'bad' },
      ]),
      'element 1 (CloudEvent) field data.offset',
    ],
    ['a number', Buffer.from('42'), 'the event must be an object, got number'],
  ])('%s, with FAILURE_POLICY=stop', async (_name, body, message) => {
    const invocation = await sinkInstance(oss.server, { env: { FAILURE_POLICY: 'stop' } }).invoke(body);
    expect(errorOf(invocation).message).toContain(message);
    expect(oss.server.requests).toHaveLength(0);
    expect(invocation.logs.some((line) => line.includes('"event":"batch rejected"'))).toBe(true);
  });

  it('a missing bucket setting', async () => {
    const error = errorOf(await sinkInstance(oss.server, { env: { OSS_BUCKET: '' } }).invoke(twoPartitions));
    expect(error.message).toContain('OSS_BUCKET is required');
    expect(oss.server.requests).toHaveLength(0);
  });
});

describe('credentials', () => {
  const role = {
    accessKeyId: 'STS.NUnitTestRoleKey',
    accessKeySecret: 'role-secret-0f2b9c7d1e',
    securityToken: 'CAIS-token-8c1d2e3f4a5b6c7d',
  };

  it("signs with the function role's STS keys from the context, token included", async () => {
    await oss.restart([{ accessKeyId: role.accessKeyId, accessKeySecret: role.accessKeySecret, securityToken: role.securityToken }]);
    expect(summaryOf(await sinkInstance(oss.server, { credentials: role }).invoke(twoPartitions))).toMatchObject({ created: 2 });
    expect(puts().map((put) => put.securityTokenPresent)).toEqual([true, true]);
  });

  it('signs with V1 when asked', async () => {
    summaryOf(await sinkInstance(oss.server, { env: { OSS_SIGNATURE_VERSION: '1' } }).invoke(twoPartitions));
    expect(puts().map((put) => put.signatureVersion)).toEqual(['v1', 'v1']);
  });

  it('never prints a secret or token, in logs, results or errors', async () => {
    await oss.restart([{ ...LOCAL_DEV_CREDENTIAL }]);
    const wrongRole = { ...role, accessKeyId: LOCAL_DEV_CREDENTIAL.accessKeyId };
    const envSecret = 'env-secret-5d4c3b2a1f0e';
    const instance = sinkInstance(oss.server, {
      credentials: wrongRole,
      env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: envSecret, ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token-1a2b3c4d5e' },
    });
    const invocation = await instance.invoke(twoPartitions);
    const output = [...invocation.logs, invocation.ok ? String(invocation.result) : invocation.error.message].join('\n');
    expect(invocation.ok).toBe(false);
    expect(output).toMatch(/SignatureDoesNotMatch|InvalidSecurityToken/);
    for (const secret of [role.accessKeySecret, role.securityToken, envSecret, 'env-token-1a2b3c4d5e'])
      expect(output).not.toContain(secret);
  });
});
