import { Command, CommanderError, Option } from 'commander';
import { version } from '../../package.json';
import { UsageError } from './cli-error';
import { COMMAND_HELP, GLOBAL_HELP, PROGRAM } from './usage';

export type CommandName = keyof typeof COMMAND_HELP;

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

/** Where the archive is and how to read it: `export` and `verify` (the function's variables give the defaults). */
export interface ArchiveLocationOptions {
  bucket?: string;
  prefix?: string;
  ossEndpoint?: string;
  compactedPrefix?: string;
  keyTemplate?: string[];
  valueDataType?: string;
}

export interface ExportCommandOptions extends ArchiveLocationOptions {
  topic?: string;
  partition?: string;
  fromOffset?: string;
  toOffset?: string;
  fromTime?: string;
  toTime?: string;
  out?: string;
  format?: string;
  allowTruncated: boolean;
}

export interface VerifyCommandOptions extends ArchiveLocationOptions {
  topic?: string;
  partition?: string;
  compacted: boolean;
}

export type ParsedArguments =
  /** Help or the version: printed to stdout, exit 0. */
  | { kind: 'text'; text: string }
  | { kind: 'command'; command: 'export'; global: GlobalOptions; options: ExportCommandOptions }
  | { kind: 'command'; command: 'verify'; global: GlobalOptions; options: VerifyCommandOptions }
  | { kind: 'command'; command: 'send-test'; global: GlobalOptions; options: SendTestOptions }
  | { kind: 'command'; command: 'configure'; global: GlobalOptions; options: ConfigureOptions }
  | { kind: 'command'; command: 'status'; global: GlobalOptions; options: Record<string, never> };

interface OptionSpec {
  flags: string;
  description: string;
  /** Given more than once, it collects its values. */
  repeatable?: boolean;
}

const ARCHIVE_LOCATION: Record<string, OptionSpec> = {
  bucket: { flags: '--bucket <name>', description: 'the bucket (default: OSS_BUCKET)' },
  prefix: { flags: '--prefix <prefix>', description: "the archive's key prefix (default: OSS_PREFIX)" },
  ossEndpoint: { flags: '--oss-endpoint <url>', description: "OSS endpoint (default: OSS_ENDPOINT, else the region's public endpoint)" },
  compactedPrefix: { flags: '--compacted-prefix <prefix>', description: 'the compacted zone (default: COMPACTED_PREFIX, else compacted/)' },
  keyTemplate: {
    flags: '--key-template <template>',
    description: 'a key template the archive was also written with (repeatable; OBJECT_KEY_TEMPLATE and the default are always read)',
    repeatable: true,
  },
  valueDataType: {
    flags: '--value-data-type <type>',
    description: "Text, Json or Binary: what a seed-format record's value is (default: VALUE_DATA_TYPE)",
  },
};

const GLOBAL_OPTIONS: Record<keyof GlobalOptions, OptionSpec> = {
  function: { flags: '--function <name>', description: 'function name (default: s.yaml vars.name)' },
  region: { flags: '--region <id>', description: 'region, e.g. cn-hangzhou (default: s.yaml vars.region)' },
  service: { flags: '--service <name>', description: 'the FC 2.0 service holding the function; without it the FC 3.0 API is used' },
  access: { flags: '--access <alias>', description: "credentials alias in ~/.s/access.yaml (written by 's config add')" },
  endpoint: { flags: '--endpoint <url>', description: 'FC endpoint, e.g. https://<account-id>.<region>.fc.aliyuncs.com' },
  json: { flags: '--json', description: 'print the result, or the error, as JSON on stdout' },
};

const COMMAND_OPTIONS: Record<CommandName, Record<string, OptionSpec>> = {
  'send-test': {
    value: { flags: '--value <text>', description: `message content (required), e.g. '{"key":"test"}'` },
    key: { flags: '--key <text>', description: 'message key (default: none)' },
    topic: { flags: '--topic <name>', description: 'topic written into the message (default: s.yaml vars.topic)' },
    partition: { flags: '--partition <n>', description: 'partition (default: 0)' },
    offset: {
      flags: '--offset <n>',
      description:
        "offset (default: derived from the current time, far above real offsets, so a test never lands on a real batch's object)",
    },
  },
  configure: {
    memory: { flags: '--memory <MB>', description: '128-32768, a multiple of 64' },
    timeout: { flags: '--timeout <s>', description: '1-86400' },
    cpu: { flags: '--cpu <vCPU>', description: '0.05-16, a multiple of 0.05 (FC 3.0 needs memory GB / vCPU between 1 and 4)' },
  },
  status: {},
  export: {
    topic: { flags: '--topic <name>', description: 'the topic to export (required)' },
    partition: { flags: '--partition <n>', description: 'one partition (default: all; kcat output needs one)' },
    fromOffset: { flags: '--from-offset <n>', description: 'first offset, inclusive' },
    toOffset: { flags: '--to-offset <n>', description: 'last offset, inclusive' },
    fromTime: { flags: '--from-time <iso>', description: 'messages produced at or after this time, e.g. 2026-11-24T10:00:00Z' },
    toTime: { flags: '--to-time <iso>', description: 'messages produced before this time' },
    out: { flags: '--out <file>', description: 'write to this file (complete, or not at all) instead of stdout' },
    format: { flags: '--format <format>', description: "json (one JSON line per message, default) or kcat (kcat's producer input)" },
    allowTruncated: {
      flags: '--allow-truncated',
      description: 'export a value whose whole copy is missing as its first bytes, marked "truncated"',
    },
    ...ARCHIVE_LOCATION,
  },
  verify: {
    topic: { flags: '--topic <name>', description: 'one topic (default: all)' },
    partition: { flags: '--partition <n>', description: 'one partition (default: all)' },
    compacted: { flags: '--compacted', description: 'also prove the compacted zone against the batch objects' },
    ...ARCHIVE_LOCATION,
  },
};

const COMMANDS = Object.keys(COMMAND_OPTIONS) as CommandName[];

/**
 * Reads a command line. Help and the version come back as text; every mistake is a UsageError
 * saying what was wrong (with the option or command probably meant) and how to get that command's help.
 */
export function parseArguments(argv: readonly string[]): ParsedArguments {
  let selected: { command: CommandName; options: Record<string, unknown> } | undefined;
  let printed = '';
  const program = new Command(PROGRAM)
    .description(GLOBAL_HELP.description)
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .helpCommand('help [command]', 'show the help of a command')
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, helpWidth: 110 })
    .configureOutput({ writeOut: (text) => (printed += text), writeErr: (text) => (printed += text), outputError: () => {} })
    .exitOverride()
    .addHelpText('after', GLOBAL_HELP.after);
  for (const spec of Object.values(GLOBAL_OPTIONS)) program.addOption(new Option(spec.flags, spec.description));
  for (const name of COMMANDS) {
    const command = program
      .command(name)
      .description(COMMAND_HELP[name].description)
      .helpOption('-h, --help', 'show this help')
      .addHelpText('after', COMMAND_HELP[name].after)
      .action((options: Record<string, unknown>) => {
        selected = { command: name, options };
      });
    for (const spec of Object.values(COMMAND_OPTIONS[name])) {
      const option = new Option(spec.flags, spec.description);
      command.addOption(spec.repeatable ? option.argParser((value: string, previous: string[] = []) => [...previous, value]) : option);
    }
  }

  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return { kind: 'text', text: printed.trimEnd() };
    throw usageError(error, argv);
  }
  if (selected === undefined) throw new UsageError('No command given.', topHint());

  const global = program.opts<Record<string, unknown>>();
  const values = { ...global, ...selected.options };
  for (const [name, value] of Object.entries(values)) {
    if (value === '') throw new UsageError(`Option --${name} needs a non-empty value.`, commandHint(selected.command));
  }
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const globalOptions: GlobalOptions = {
    function: str('function'),
    region: str('region'),
    service: str('service'),
    access: str('access'),
    endpoint: str('endpoint'),
    json: values.json === true,
  };
  switch (selected.command) {
    case 'send-test':
      return {
        kind: 'command',
        command: 'send-test',
        global: globalOptions,
        options: { key: str('key'), value: str('value'), topic: str('topic'), partition: str('partition'), offset: str('offset') },
      };
    case 'configure':
      return {
        kind: 'command',
        command: 'configure',
        global: globalOptions,
        options: { memory: str('memory'), timeout: str('timeout'), cpu: str('cpu') },
      };
    case 'status':
      return { kind: 'command', command: 'status', global: globalOptions, options: {} };
    case 'export':
      return {
        kind: 'command',
        command: 'export',
        global: globalOptions,
        options: {
          ...archiveLocation(str, values),
          topic: str('topic'),
          partition: str('partition'),
          fromOffset: str('fromOffset'),
          toOffset: str('toOffset'),
          fromTime: str('fromTime'),
          toTime: str('toTime'),
          out: str('out'),
          format: str('format'),
          allowTruncated: values.allowTruncated === true,
        },
      };
    case 'verify':
      return {
        kind: 'command',
        command: 'verify',
        global: globalOptions,
        options: {
          ...archiveLocation(str, values),
          topic: str('topic'),
          partition: str('partition'),
          compacted: values.compacted === true,
        },
      };
  }
}

function archiveLocation(str: (name: string) => string | undefined, values: Record<string, unknown>): ArchiveLocationOptions {
  return {
    bucket: str('bucket'),
    prefix: str('prefix'),
    ossEndpoint: str('ossEndpoint'),
    compactedPrefix: str('compactedPrefix'),
    keyTemplate: Array.isArray(values.keyTemplate) ? (values.keyTemplate as string[]) : undefined,
    valueDataType: str('valueDataType'),
  };
}

/** Whether the command line asks for JSON output, read before parsing so that even a parse error is JSON. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** commander's messages, said in the operator's terms, with what was probably meant and where the help is. */
function usageError(error: CommanderError, argv: readonly string[]): UsageError {
  const command = COMMANDS.find((name) => argv.includes(name));
  const hint = command === undefined ? topHint() : commandHint(command);
  const suggestion = /\(Did you mean (.+)\?\)/.exec(error.message)?.[1];
  const didYouMean = suggestion === undefined ? '' : ` Did you mean ${suggestion}?`;
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'commander.help':
      return new UsageError('No command given.', topHint());
    case 'commander.unknownCommand':
      return new UsageError(`Unknown command '${quoted}'.${didYouMean} Commands: ${COMMANDS.join(', ')}.`, topHint());
    case 'commander.unknownOption': {
      const [name = quoted, value] = quoted.replace(/^-+/, '').split(/=(.*)/s);
      if (value !== undefined && name === 'json') return new UsageError("Option '--json' takes no value.", hint);
      const owner = COMMANDS.find((other) => other !== command && name in COMMAND_OPTIONS[other]);
      if (command !== undefined && owner !== undefined) {
        return new UsageError(`Option --${name} does not apply to '${command}': it is an option of '${owner}'.`, hint);
      }
      return new UsageError(`Unknown option '${quoted}'${command === undefined ? '' : ` for '${command}'`}.${didYouMean}`, hint);
    }
    case 'commander.optionMissingArgument':
      return new UsageError(`Option '${quoted.split(' ')[0]}' needs a value, e.g. ${quoted}.`, hint);
    case 'commander.excessArguments':
      return new UsageError(
        `'${command}' takes no arguments, only options: a value goes after its option, e.g. --value '{"key":"test"}'.`,
        hint,
      );
    default:
      return new UsageError(error.message.replace(/^error: /, ''), hint);
  }
}

function topHint(): string {
  return `Run '${PROGRAM} --help' for the commands.`;
}

function commandHint(command: CommandName): string {
  return `Run '${PROGRAM} ${command} --help' for its options.`;
}
