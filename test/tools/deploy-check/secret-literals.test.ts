import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { checkCredentialSources, findSecretLiterals } from '../../../tools/deploy-check/secret-literals';
import { SHIPPED_TEMPLATE } from './template-workspace';

const shippedText = readFileSync(SHIPPED_TEMPLATE, 'utf8');

describe('findSecretLiterals', () => {
  test('finds nothing in the shipped s.yaml', () => {
    expect(findSecretLiterals(shippedText, 's.yaml')).toEqual([]);
  });

  test.each([
    ['an AccessKey ID', 'x: LTAI5tExampleExample0001', 'an AccessKey ID (LTAI…)'],
    ['an STS key', 'x: STS.NUgYrLnoC37mZZCNnAbez0001', 'an STS AccessKey ID (STS.…)'],
    ['a secret as an env() default', "x: ${env('S', 'Xy7Qw2Er9Ty4Ui1Op6As3Df8Gh5Jk0')}", 'an AccessKey secret (30 letters and digits)'],
    ['a secret in a comment', '# old key Xy7Qw2Er9Ty4Ui1Op6As3Df8Gh5Jk0', 'an AccessKey secret (30 letters and digits)'],
  ])('finds %s, giving the line but not the value', (_case, line, kind) => {
    const [problem, ...rest] = findSecretLiterals(`a: 1\n${line}\n`, 's.yaml');
    expect(rest).toEqual([]);
    expect(problem).toMatch(new RegExp(`^s\\.yaml line 2 holds what looks like ${kind.replace(/[().…]/g, '\\$&')}\\.`));
    expect(problem).not.toContain(line.replace(/^.*?(LTAI\w+|STS\.\w+|Xy7\w+).*$/, '$1'));
  });

  test('leaves ids and ARNs alone', () => {
    const text = [
      'InstanceId: alikafka_post-cn-st21p8vj0001',
      'role: acs:ram::1234567890123456:role/aliyunfcdefaultrole',
      'vpc: vpc-bp1xpdnd3l0001abcdefghijklmnop',
      'word: abcdefghijklmnopqrstuvwxyzabcd',
    ].join('\n');
    expect(findSecretLiterals(text, 's.yaml')).toEqual([]);
  });
});

describe('checkCredentialSources', () => {
  test('accepts the shipped s.yaml, whose credentials come from env() through vars', () => {
    expect(checkCredentialSources(parse(shippedText))).toEqual([]);
  });

  const template = (value: string, vars: Record<string, string> = {}) => ({
    vars,
    resources: { sink: { props: { environmentVariables: { OSS_ACCESS_KEY_SECRET: value, OSS_BUCKET: 'literal-is-fine' } } } },
  });

  test.each([
    ["${env('OSS_ACCESS_KEY_SECRET', '')}", {}],
    ["${env('OSS_ACCESS_KEY_SECRET')}", {}],
    ['<%- vars.k || null %>', { k: "${env('K', '')}" }],
  ])('accepts %s', (value, vars) => {
    expect(checkCredentialSources(template(value, vars))).toEqual([]);
  });

  test.each([
    ['abc', 'contains literal text'],
    ["${env('K', 'abc')}", "has a non-empty default in env('K', …)"],
    ["<%- vars.k || 'abc' %>", 'has a quoted literal in its expression'],
    ['${vars.k}', 'takes vars.k, which contains literal text'],
  ])('rejects %s', (value, why) => {
    expect(checkCredentialSources(template(value, { k: 'abc' }))).toEqual([
      `resources.sink.props.environmentVariables.OSS_ACCESS_KEY_SECRET ${why}: a credential must come only from the environment, e.g. \${env('OSS_ACCESS_KEY_SECRET', '')} (directly or through a var)`,
    ]);
  });
});
