export const USAGE = `Usage: kafka-oss-sink <command> [options]

Commands:
  send-test   Invoke the deployed function with one Kafka test message, as the console's Test button does
              --value <text>       message content (required), e.g. '{"key":"test"}'
              --key <text>         message key (default: none)
              --topic <name>       topic written into the message (default: s.yaml vars.topic)
              --partition <n>      partition (default: 0)
              --offset <n>         offset (default: derived from the current time, far above real offsets,
                                   so a test never lands on a real batch's object)
  configure   Change the function's resources, as "Configure Function" does
              --memory <MB>        128-32768, a multiple of 64
              --timeout <s>        1-86400
              --cpu <vCPU>         0.05-16, a multiple of 0.05 (FC 3.0 needs memory GB / vCPU between 1 and 4)
  status      Show the function's runtime, handler, memory, timeout, last change and triggers

Options:
  --function <name>    function name (default: s.yaml vars.name)
  --region <id>        region, e.g. cn-hangzhou (default: s.yaml vars.region)
  --service <name>     the FC 2.0 service holding the function; without it the FC 3.0 API is used
  --access <alias>     credentials alias in ~/.s/access.yaml (written by 's config add')
  --endpoint <url>     FC endpoint, e.g. https://<account>.<region>-internal.fc.aliyuncs.com
  --json               print the result as JSON
  -h, --help           show this help

Credentials: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN
(optional) and ALIBABA_CLOUD_ACCOUNT_ID; otherwise the 'default' alias (or --access) of ~/.s/access.yaml.

Examples:
  kafka-oss-sink send-test --key demo --value '{"key":"test"}' --partition 0
  kafka-oss-sink configure --memory 1024 --timeout 120
  kafka-oss-sink status --json
`;
