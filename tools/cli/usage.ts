export const PROGRAM = 'kafka-oss-sink';

const CREDENTIALS = `Credentials: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN
(optional) and ALIBABA_CLOUD_ACCOUNT_ID; otherwise the 'default' alias (or --access) of ~/.s/access.yaml.
Defaults for --region, --function and --topic come from the vars of the s.yaml in this folder or the
nearest folder above it.`;

const EXIT_CODES = 'Exit codes: 0 ok, 1 failed, 2 wrong command line.';

const ARCHIVE_LOCATION_HELP = `The archive is found from the function's own variables: OSS_BUCKET, OSS_PREFIX, OSS_REGION (or --region),
OSS_ENDPOINT, OBJECT_KEY_TEMPLATE, VALUE_DATA_TYPE, COMPACTED_PREFIX; credentials from OSS_ACCESS_KEY_ID/_SECRET or
ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/_SECURITY_TOKEN, or an 's config add' alias (--access). They need oss:ListObjects and
oss:GetObject on the bucket.`;

export const GLOBAL_HELP = {
  description:
    'Operate the deployed Kafka to OSS sink function (send it a test message, change its resources, show its status) and read its archive back (export, verify).',
  after: `
${CREDENTIALS}
${EXIT_CODES}

Examples:
  ${PROGRAM} send-test --key demo --value '{"key":"test"}' --partition 0
  ${PROGRAM} configure --memory 1024 --timeout 120
  ${PROGRAM} status --json`,
};

/** The commands, each with the help text commander does not write itself. */
export const COMMAND_HELP = {
  'send-test': {
    description:
      "Invoke the deployed function with one Kafka test message, as the console's Test button does, and print the function's summary.",
    after: `
A function error (FC's x-fc-error-type) exits 1. ${EXIT_CODES}

Example:
  ${PROGRAM} send-test --key demo --value '{"key":"test"}' --partition 0`,
  },
  configure: {
    description: 'Change the function\'s memory, timeout or vCPU, as "Configure Function" does, and print before -> after.',
    after: `
The values are checked before FC is called. ${EXIT_CODES}

Example:
  ${PROGRAM} configure --memory 1024 --timeout 120`,
  },
  status: {
    description: "Show the function's runtime, handler, memory, vCPU, timeout, last change and triggers.",
    after: `
${EXIT_CODES}

Example:
  ${PROGRAM} status --json`,
  },
  export: {
    description:
      'Read a topic back out of the archive: one JSON line per message (offset, key, value, headers and their encodings), each offset once, whole values included.',
    after: `
${ARCHIVE_LOCATION_HELP}
Exit 1 when an offset holds different messages or a whole value is missing. ${EXIT_CODES}

Examples:
  ${PROGRAM} export --topic orders --partition 0 --from-time 2026-11-24 --out orders-0.jsonl
  ${PROGRAM} export --topic orders --partition 0 --format kcat | kcat -P -b $BROKER -t orders -p 0 -K '\x1f' -D '\x1e' -Z`,
  },
  verify: {
    description:
      'Check the archive: offset ranges, gaps, offsets stored twice, missing whole values, unreadable objects, _conflicts/ and _errors/, per topic-partition.',
    after: `
${ARCHIVE_LOCATION_HELP}
Exit 0 when no offset is stored twice, no whole value is missing and every object reads; 1 otherwise. ${EXIT_CODES}

Examples:
  ${PROGRAM} verify
  ${PROGRAM} verify --topic orders --compacted --json`,
  },
} as const satisfies Record<string, { description: string; after: string }>;
