import { parseArgs } from 'node:util';
import { UsageError } from './cli-error';

export type CommandName = 'send-test' | 'configure' | 'status';

/** Options every command takes: where the function is, and how to reach it. */
export interface GlobalOptions {
  function?: string;
  region?: string;
  service?: string;
  access?: string;
  endpoint?: string;
  json: boolean;
}

export interface SendTestOptions {
  key?: string;
  value?: string;
  topic?: string;
  partition?: string;
  offset?: string;
}

export interface ConfigureOptions {
  memory?: string;
  timeout?: string;
  cpu?: string;
}

export type ParsedArguments =
  | { kind: 'help' }
  | { kind: 'command'; command: 'send-test'; global: GlobalOptions; options: SendTestOptions }
  | { kind: 'command'; command: 'configure'; global: GlobalOptions; options: ConfigureOptions }
  | { kind: 'command'; command: 'status'; global: GlobalOptions; options: Record<string, never> };

const GLOBAL_OPTIONS = ['function', 'region', 'service', 'access', 'endpoint'] as const;
const COMMAND_OPTIONS: Record<CommandName, readonly string[]> = {
  'send-test': ['key', 'value', 'topic', 'partition', 'offset'],
  configure: ['memory', 'timeout', 'cpu'],
  status: [],
};
const COMMANDS = Object.keys(COMMAND_OPTIONS) as CommandName[];

const STRING_OPTIONS = [...GLOBAL_OPTIONS, ...Object.values(COMMAND_OPTIONS).flat()];

export function parseArguments(argv: readonly string[]): ParsedArguments {
  const parsed = parseWithNode(argv);
  if (parsed.values.help === true) return { kind: 'help' };

  const [command, ...extra] = parsed.positionals;
  if (command === undefined) throw new UsageError('No command given.');
  if (command === 'help') return { kind: 'help' };
  if (!isCommand(command)) {
    throw new UsageError(`Unknown command '${command}'. Commands: ${COMMANDS.join(', ')}.`);
  }
  if (extra.length > 0) {
    throw new UsageError(
      `Unexpected argument '${extra[0]}' after '${command}'. Values go after their option, e.g. --value '{"key":"test"}'.`,
    );
  }

  const values = parsed.values as Record<string, string | boolean | undefined>;
  const allowed = new Set<string>([...GLOBAL_OPTIONS, 'json', 'help', ...COMMAND_OPTIONS[command]]);
  for (const name of Object.keys(values)) {
    if (!allowed.has(name)) throw new UsageError(`Option --${name} does not apply to '${command}'.`);
  }
  for (const name of STRING_OPTIONS) {
    if (values[name] === '') throw new UsageError(`Option --${name} needs a non-empty value.`);
  }

  const global: GlobalOptions = {
    function: str(values.function),
    region: str(values.region),
    service: str(values.service),
    access: str(values.access),
    endpoint: str(values.endpoint),
    json: values.json === true,
  };
  switch (command) {
    case 'send-test':
      return {
        kind: 'command',
        command,
        global,
        options: {
          key: str(values.key),
          value: str(values.value),
          topic: str(values.topic),
          partition: str(values.partition),
          offset: str(values.offset),
        },
      };
    case 'configure':
      return {
        kind: 'command',
        command,
        global,
        options: { memory: str(values.memory), timeout: str(values.timeout), cpu: str(values.cpu) },
      };
    case 'status':
      return { kind: 'command', command, global, options: {} };
  }
}

function parseWithNode(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(STRING_OPTIONS.map((name) => [name, { type: 'string' as const }])),
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
}

/** node:util's messages mention its own API; say the same thing in the operator's terms. */
function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^'\s]*)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Unknown option '${option}'.`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('argument missing')) return `Option '${option}' needs a value.`;
    if (message.includes('ambiguous'))
      return `Option '${option}' needs a value; to pass one that starts with '-', write ${option}=<value>.`;
    return `Option '${option}' takes no value.`;
  }
  return message;
}

function isCommand(name: string): name is CommandName {
  return (COMMANDS as string[]).includes(name);
}

function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
