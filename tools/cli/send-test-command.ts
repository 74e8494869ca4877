import { MAX_OFFSET, MAX_PARTITION, parseOffset } from '../../lib/platform/kafka';
import type { SendTestOptions } from './arguments';
import { CliError, UsageError } from './cli-error';
import { describeTarget, type CommandContext } from './command-context';
import { pick } from './function-target';
import { kafkaTestEvent, testOffset, type TestMessage } from './kafka-test-event';

/** What the console's Test button does: the function receives one message as the Kafka trigger would deliver it. */
export async function sendTest(context: CommandContext, options: SendTestOptions): Promise<number> {
  const message = testMessage(context, options);
  const connection = context.connect();
  const invocation = await connection.client.invoke(kafkaTestEvent(message, connection.credentials.accountId));
  const { output } = context;
  const sent = { topic: message.topic, partition: message.partition, offset: jsonOffset(message.offset), key: message.key };

  if (invocation.errorType !== undefined) {
    const failure = functionError(invocation.body);
    if (context.global.json) {
      output.json({
        ok: false,
        exitCode: 1,
        function: connection.target.functionName,
        message: sent,
        requestId: invocation.requestId,
        errorType: invocation.errorType,
        error: failure,
      });
      return 1;
    }
    throw new CliError(
      `The ${describeTarget(connection)} failed on the test message (${invocation.errorType}): ${failure.type ? `${failure.type}: ` : ''}${failure.message}` +
        (invocation.requestId ? `\nRequest id: ${invocation.requestId} (look it up in the function's logs)` : ''),
    );
  }

  const result = parseJson(invocation.body);
  if (context.global.json) {
    output.json({ ok: true, function: connection.target.functionName, message: sent, requestId: invocation.requestId, result });
    return 0;
  }
  output.line(`Sent a test message to ${describeTarget(connection)}:`);
  output.line(`  topic ${message.topic}, partition ${message.partition}, offset ${message.offset}, key ${message.key ?? '(none)'}`);
  if (invocation.requestId) output.line(`Request id: ${invocation.requestId}`);
  output.line('The function returned:');
  output.line(typeof result === 'string' ? result : JSON.stringify(result, null, 2));
  return 0;
}

function testMessage(context: CommandContext, options: SendTestOptions): TestMessage {
  if (options.value === undefined) {
    throw new UsageError(`send-test needs --value, the message content, e.g. --value '{"key":"test"}'.`);
  }
  return {
    topic: pick(options.topic, context.vars, 'topic', '--topic'),
    partition: options.partition === undefined ? 0 : partition(options.partition),
    offset: options.offset === undefined ? testOffset() : offset(options.offset),
    key: options.key ?? null,
    value: options.value,
  };
}

function partition(text: string): number {
  if (!/^\d{1,10}$/.test(text) || Number(text) > MAX_PARTITION) {
    throw new CliError(
      `--partition ${text} is not a partition number: give a whole number from 0 (the console's partition IDs start at 0).`,
      2,
    );
  }
  return Number(text);
}

function offset(text: string): string {
  const parsed = parseOffset(text);
  if (parsed === undefined) throw new CliError(`--offset ${text} is not a Kafka offset: give a whole number from 0 to ${MAX_OFFSET}.`, 2);
  return parsed.toString();
}

function jsonOffset(offset: string): number | string {
  const value = Number(offset);
  return Number.isSafeInteger(value) ? value : offset;
}

/** FC's error body is `{"errorMessage", "errorType", "stackTrace"}`; anything else is shown as sent. */
function functionError(body: string): { type?: string; message: string } {
  const parsed = parseJson(body);
  if (typeof parsed === 'object' && parsed !== null) {
    const { errorType, errorMessage } = parsed as { errorType?: unknown; errorMessage?: unknown };
    if (typeof errorMessage === 'string') return { type: typeof errorType === 'string' ? errorType : undefined, message: errorMessage };
  }
  return { message: body.trim() === '' ? '(no message)' : body.trim() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
