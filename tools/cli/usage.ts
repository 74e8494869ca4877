export const PROGRAM = 'kafka-oss-sink';

const CREDENTIALS = `Credentials: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN
(optional) and ALIBABA_CLOUD_ACCOUNT_ID; otherwise the 'default' alias (or --access) of ~/.s/access.yaml.
Defaults for --region, --function and --topic come from the vars of the s.yaml in this folder or the
nearest folder above it.`;

const EXIT_CODES = 'Exit codes: 0 ok, 1 failed, 2 wrong command line.';

export const GLOBAL_HELP = {
  description: 'Operate the deployed Kafka to OSS sink function: send it a test message, change its resources, show its status.',
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
} as const satisfies Record<string, { description: string; after: string }>;
