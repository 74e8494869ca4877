import { envCredentials, runWith, useFcStandIn } from './cli-harness';
import type { RecordedRequest } from './fc-stand-in';

const { standIn, dirs, endpoint } = useFcStandIn();

const kafkaTriggerConfig = {
  triggerEnable: true,
  eventSourceConfig: {
    eventSourceType: 'Kafka',
    eventSourceParameters: {
      sourceKafkaParameters: {
        RegionId: 'cn-hangzhou',
        InstanceId: 'alikafka_post-cn-abc',
        Topic: 'oss-test-input',
        ConsumerGroup: 'connect-kafka-oss-sink',
        OffsetReset: 'earliest',
      },
    },
  },
};

const fn = {
  functionName: 'kafka-oss-sink',
  runtime: 'nodejs20',
  handler: 'index.handler',
  memorySize: 512,
  cpu: 0.35,
  timeout: 60,
  lastModifiedTime: '2026-11-20T08:00:00Z',
  state: 'Active',
};

function fc3(request: RecordedRequest) {
  if (request.path.endsWith('/triggers')) {
    // Two pages, to show the listing follows nextToken.
    return request.query.get('nextToken') === null
      ? {
          body: {
            triggers: [{ triggerName: 'kafka', triggerType: 'eventbridge', triggerConfig: JSON.stringify(kafkaTriggerConfig) }],
            nextToken: 'page-2',
          },
        }
      : {
          body: {
            triggers: [
              {
                triggerName: 'timer',
                triggerType: 'timer',
                triggerConfig: '{"cronExpression":"@every 1h","enable":true}',
                sourceArn: 'acs:fc:timer',
              },
            ],
          },
        };
  }
  return { body: fn };
}

const target = () => ['--function', 'kafka-oss-sink', '--region', 'cn-hangzhou', '--endpoint', endpoint()];

describe('status', () => {
  test('FC 3.0: prints runtime, handler, memory, vCPU, timeout, last change and every trigger with its source', async () => {
    standIn.responder = fc3;
    const run = await runWith(['status', ...target()], envCredentials(dirs.make()), dirs.make());

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /2023-03-30/functions/kafka-oss-sink',
      'GET /2023-03-30/functions/kafka-oss-sink/triggers',
      'GET /2023-03-30/functions/kafka-oss-sink/triggers',
    ]);
    expect(standIn.requests[2]!.query.get('nextToken')).toBe('page-2');
    for (const expected of [
      /Runtime\s+nodejs20/,
      /Handler\s+index\.handler/,
      /Memory\s+512 MB/,
      /vCPU\s+0\.35/,
      /Timeout\s+60 s/,
      /Modified\s+2026-11-20T08:00:00Z/,
      /Triggers\s+2/,
    ]) {
      expect(run.stdout).toMatch(expected);
    }
    expect(run.stdout).toContain(
      'kafka (eventbridge, enabled): Kafka alikafka_post-cn-abc, topic oss-test-input, group connect-kafka-oss-sink, from earliest',
    );
    expect(run.stdout).toContain('timer (timer): acs:fc:timer');
  });

  test('--json gives the same facts as data', async () => {
    standIn.responder = fc3;
    const run = await runWith(['status', ...target(), '--json'], envCredentials(dirs.make()), dirs.make());

    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(status).toMatchObject({
      api: 'FC 3.0',
      region: 'cn-hangzhou',
      name: 'kafka-oss-sink',
      memorySize: 512,
      timeout: 60,
      runtime: 'nodejs20',
    });
    expect(status.triggers).toEqual([
      {
        name: 'kafka',
        type: 'eventbridge',
        source: 'Kafka alikafka_post-cn-abc, topic oss-test-input, group connect-kafka-oss-sink, from earliest',
        state: 'enabled',
      },
      { name: 'timer', type: 'timer', source: 'acs:fc:timer' },
    ]);
  });

  test('FC 2.0: reads the function and triggers of the service, whose triggerConfig is an object', async () => {
    standIn.responder = (request) =>
      request.path.endsWith('/triggers')
        ? {
            body: {
              triggers: [
                { triggerName: 'connector', triggerType: 'eventbridge', triggerConfig: { ...kafkaTriggerConfig, triggerEnable: false } },
              ],
            },
          }
        : { body: { ...fn, cpu: undefined } };
    const run = await runWith(['status', ...target(), '--service', 'connector-svc'], envCredentials(dirs.make()), dirs.make());

    expect(run.code).toBe(0);
    expect(standIn.requests.map((request) => request.path)).toEqual([
      '/2016-08-15/services/connector-svc/functions/kafka-oss-sink',
      '/2016-08-15/services/connector-svc/functions/kafka-oss-sink/triggers',
    ]);
    expect(run.stdout).toContain("function 'kafka-oss-sink' of service 'connector-svc' (FC 2.0, cn-hangzhou)");
    expect(run.stdout).toContain('connector (eventbridge, disabled): Kafka alikafka_post-cn-abc');
    expect(run.stdout).not.toContain('vCPU');
  });

  test('a function without triggers says none', async () => {
    standIn.responder = (request) => (request.path.endsWith('/triggers') ? { body: { triggers: [] } } : { body: fn });
    const run = await runWith(['status', ...target()], envCredentials(dirs.make()), dirs.make());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Triggers\s+none/);
  });
});
