import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { Redactor } from '../../lib/log/redactor';
import { jsonObject } from '../../lib/platform/json';
import { envCalls } from '../serverless-devs/env-references';
import { checkHandlers } from './handler-exports';
import { findKafkaTrigger, missingKafkaTriggerSettings, valueAt } from './kafka-trigger';
import type { Problem } from './problem';
import { validateProps } from './props-schema';
import { type Env, renderTemplate, TemplateRenderError } from './render-template';
import { checkCredentialSources, findSecretLiterals } from './secret-literals';
import { checkWizardVars } from './wizard-rules';

export interface DeployCheckOptions {
  /** The s.yaml to check. */
  templatePath: string;
  /** The environment the template is rendered with (what `s deploy` would see). */
  env: Env;
  /** The function's code folder; by default the `code` of the template, relative to it. */
  codeDir?: string;
}

export interface DeployCheck {
  /** Every problem found, each a message for a person; empty when the template is ready to deploy. */
  problems: string[];
  /** One line describing what would be deployed (only meaningful without problems). */
  summary: string;
}

/**
 * Checks, before `s deploy`, that s.yaml renders, that its settings obey the console wizard's and
 * the platform's rules, that its handlers exist in the built bundle and that it holds no secret.
 * Reports every problem at once; never prints a credential's value.
 */
export async function checkDeploy(options: DeployCheckOptions): Promise<DeployCheck> {
  const { templatePath, env } = options;
  const label = shortPath(templatePath);
  const redactor = new Redactor();
  redactor.add(...credentialValues(env));
  const redact = (text: string) => redactor.redact(text);
  const finish = (problems: Problem[], summary = '') => ({
    problems: problems.map((problem) => redact(problem.message)),
    summary: redact(summary),
  });

  let text: string;
  try {
    text = await readFile(templatePath, 'utf8');
  } catch {
    return finish([{ message: `${label} not found: run the check from the project folder, or pass the template's path` }]);
  }
  let raw: Record<string, unknown>;
  try {
    raw = jsonObject(parse(text));
  } catch (error) {
    return finish([{ message: `${label} is not valid YAML: ${(error as Error).message.split('\n')[0]}` }]);
  }
  const problems: Problem[] = [
    ...findSecretLiterals(text, label).map((message) => ({ message })),
    ...checkCredentialSources(raw).map((message) => ({ message })),
  ];

  let rendered: Record<string, unknown>;
  try {
    rendered = await renderTemplate(resolve(templatePath), env);
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) throw error;
    return finish([...problems, { message: `${label}: ${error.message}` }]);
  }

  const vars = jsonObject(rendered.vars);
  // A .env file beside the template can hold credentials the environment map does not show.
  redactor.add(...credentialValues(vars));
  const wizard = checkWizardVars(vars, envNamesOf(jsonObject(raw.vars)));
  problems.push(...wizard);
  const reportedVars = new Set(wizard.flatMap((problem) => problem.vars ?? []));
  // A setting already reported under its var is not reported again where it lands in props.
  const freshFor = (rawProps: unknown) => (path: string) => !varsBehind(rawProps, path).some((name) => reportedVars.has(name));

  const functions = Object.entries(jsonObject(rendered.resources)).filter(([, resource]) =>
    /^fc3(@|$)/.test(String(jsonObject(resource).component)),
  );
  if (functions.length === 0) problems.push({ message: `${label} has no resource with component fc3: nothing would be deployed` });
  const kafkaFunctions: string[] = [];
  let summary = '';
  for (const [name, resource] of functions) {
    const props = jsonObject(jsonObject(resource).props);
    const rawProps = jsonObject(jsonObject(jsonObject(raw.resources)[name]).props);
    const fresh = freshFor(rawProps);
    const where = `resources.${name}.`;
    const findings = validateProps(props);
    for (const finding of findings) if (fresh(finding.path)) problems.push({ message: where + finding.message });
    const schemaPaths = new Set(findings.map((finding) => finding.path));

    const trigger = findKafkaTrigger(props);
    if (trigger !== undefined) {
      kafkaFunctions.push(name);
      for (const path of missingKafkaTriggerSettings(props, trigger)) {
        if (fresh(`props.${path}`) && !schemaPaths.has(`props.${path}`))
          problems.push({ message: `${where}props.${path} is missing or empty: a Kafka trigger requires it` });
      }
      summary = describeDeployment(props, trigger);
    }

    const codeDir = options.codeDir ?? (typeof props.code === 'string' ? resolve(dirname(templatePath), props.code) : undefined);
    if (codeDir === undefined) {
      problems.push({ message: `${where}props.code must be the folder of the built function, e.g. ./dist/oss-sink` });
    } else {
      const handlers: Record<string, unknown> = { [`${where}props.handler`]: props.handler };
      const initializer = valueAt(props, 'instanceLifecycleConfig.initializer.handler');
      if (initializer !== undefined) handlers[`${where}props.instanceLifecycleConfig.initializer.handler`] = initializer;
      problems.push(...(await checkHandlers(codeDir, handlers)).map((message) => ({ message })));
    }
  }
  if (kafkaFunctions.length !== 1) {
    problems.push({
      message:
        kafkaFunctions.length === 0
          ? `${label} has no Kafka trigger (triggerType eventbridge with eventSourceType Kafka): the function would never receive messages`
          : `${label} has Kafka triggers on ${kafkaFunctions.join(', ')}: the sink is one function with one Kafka trigger`,
    });
  }
  return finish(problems, summary);
}

/** Which env variable each var reads, e.g. `bucket` → `OSS_BUCKET`, from the raw `${env('…')}`. */
function envNamesOf(rawVars: Record<string, unknown>): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawVars)) {
    const [call] = typeof value === 'string' ? envCalls(value) : [];
    if (call !== undefined) names[name] = call.name;
  }
  return names;
}

/** The vars a raw props value at `path` (e.g. `props.triggers[0].qualifier`) is made from. */
function varsBehind(rawProps: unknown, path: string): string[] {
  const keys = path
    .replace(/^props\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  let node: unknown = rawProps;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null) break;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' ? [...node.matchAll(/\bvars\.([A-Za-z_$][\w$]*)/g)].map((match) => match[1] as string) : [];
}

function describeDeployment(props: Record<string, unknown>, trigger: number): string {
  const at = (path: string) => String(valueAt(props, path));
  const kafka = (key: string) =>
    at(`triggers.${trigger}.triggerConfig.eventSourceConfig.eventSourceParameters.sourceKafkaParameters.${key}`);
  const run = (key: string) => at(`triggers.${trigger}.triggerConfig.runOptions.${key}`);
  const bucket = at('environmentVariables.OSS_BUCKET');
  const prefix = valueAt(props, 'environmentVariables.OSS_PREFIX') ?? '';
  return (
    `function ${at('functionName')} (${at('runtime')}, ${at('memorySize')} MB, ${at('timeout')} s) in ${at('region')}: ` +
    `Kafka ${kafka('InstanceId')} topic ${kafka('Topic')} (group ${kafka('ConsumerGroup')}, ${run('maximumTasks')} consumers, ${kafka('OffsetReset')}, ` +
    `errors ${run('errorsTolerance')}) -> oss://${bucket}/${String(prefix)}`
  );
}

/** Relative to the working folder when inside it, else absolute. */
function shortPath(path: string): string {
  const fromCwd = relative(process.cwd(), path);
  return fromCwd === '' || fromCwd.startsWith('..') ? resolve(path) : fromCwd;
}

const CREDENTIAL_NAME = /ACCESS_?KEY|SECRET|TOKEN|PASSWORD/i;

/** The values of credential-like entries (AccessKey, secret, token, password), which no message may show. */
function credentialValues(values: Record<string, unknown>): string[] {
  return Object.entries(values)
    .filter(([name, value]) => CREDENTIAL_NAME.test(name) && typeof value === 'string')
    .map(([, value]) => value as string);
}
