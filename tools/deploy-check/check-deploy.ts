import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { Redactor } from '../../lib/log/redactor';
import { jsonObject } from '../../lib/platform/json';
import { DotEnvError, templateVariables } from '../serverless-devs/dot-env';
import { envCalls } from '../serverless-devs/env-references';
import { missingBuildAction } from './build-action';
import { type BuildOutputs, readBuildOutputs, shownDir } from './build-outputs';
import { functionSettingProblems } from './function-settings';
import { checkHandlers } from './handler-exports';
import { checkJsonVars } from './json-vars';
import { findKafkaTrigger, missingKafkaTriggerSettings, valueAt } from './kafka-trigger';
import { type Problem, show, type TemplateVars, varProblem, whereToSet } from './problem';
import { validateProps } from './props-schema';
import { type Env, renderTemplate, TemplateRenderError } from './render-template';
import { CREDENTIAL_NAME, checkCredentialSources, findSecretLiterals } from './secret-literals';
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
 * Checks, before `s deploy`, that s.yaml renders, that its settings obey the console wizard's, the
 * platform's and the function's own rules, that each function is built before it is deployed, from
 * the folder the build writes, with handlers the bundle exports, and that the file holds no secret.
 * Reports every problem at once; never prints a credential's value.
 */
export async function checkDeploy(options: DeployCheckOptions): Promise<DeployCheck> {
  const { templatePath, env } = options;
  const templateDir = dirname(resolve(templatePath));
  const label = shortPath(templatePath);
  const redactor = new Redactor();
  redactor.add(...credentialValues(env));
  const redact = (text: string) => redactor.redact(text);
  const finish = (problems: Problem[], summary = '') => ({
    problems: sharedOnce(problems.map((problem) => redact(problem.message))),
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
    // Merge keys (`<<: *anchor`), which `s` itself resolves, share one function's settings with another.
    raw = jsonObject(parse(text, { merge: true }));
  } catch (error) {
    return finish([{ message: `${label} is not valid YAML: ${(error as Error).message.split('\n')[0]}` }]);
  }
  let variables: Env;
  try {
    variables = templateVariables(templateDir, env);
  } catch (error) {
    if (!(error instanceof DotEnvError)) throw error;
    return finish([{ message: error.message }]);
  }
  // A .env file beside the template can hold credentials the environment map does not show.
  redactor.add(...credentialValues(variables));

  const rawVars = jsonObject(raw.vars);
  const numbers = checkJsonVars(rawVars, variables);
  const problems: Problem[] = [
    ...findSecretLiterals(text, label).map((message) => ({ message })),
    ...checkCredentialSources(raw).map((message) => ({ message })),
    ...numbers.problems,
  ];
  const buildOutputs = readBuildOutputs(templateDir);

  let rendered: Record<string, unknown>;
  try {
    rendered = await renderTemplate(resolve(templatePath), { ...env, ...numbers.standIns });
  } catch (error) {
    await buildOutputs;
    if (!(error instanceof TemplateRenderError)) throw error;
    return finish([...problems, { message: `${label}: ${error.message}` }]);
  }

  const vars: TemplateVars = { values: jsonObject(rendered.vars), envNames: envNamesOf(rawVars) };
  const reportedVars = new Set(problems.flatMap((problem) => problem.vars ?? []));
  const report = (found: Problem[]) => {
    for (const problem of found) {
      if (problem.vars?.some((name) => reportedVars.has(name))) continue;
      problems.push(problem);
      for (const name of problem.vars ?? []) reportedVars.add(name);
    }
  };
  report(checkWizardVars(vars));

  const functions = Object.entries(jsonObject(rendered.resources)).filter(([, resource]) =>
    /^fc3(@|$)/.test(String(jsonObject(resource).component)),
  );
  if (functions.length === 0) problems.push({ message: `${label} has no resource with component fc3: nothing would be deployed` });
  const kafkaFunctions: string[] = [];
  let summary = '';
  const timers: string[] = [];
  for (const [name, resource] of functions) {
    const props = jsonObject(jsonObject(resource).props);
    const rawProps = jsonObject(jsonObject(jsonObject(raw.resources)[name]).props);
    // A setting already reported under its var is not reported again where it lands in props.
    const fresh = (path: string) => !varsBehind(rawProps, path).some((varName) => reportedVars.has(varName));
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
    const timer = findTimerTrigger(props);
    if (timer !== undefined) timers.push(describeTimerFunction(props, timer));

    const unbuilt = missingBuildAction(jsonObject(resource).actions, templateDir, props.code);
    if (unbuilt !== undefined) problems.push({ message: `${where}actions ${unbuilt}` });

    const code = typeof props.code === 'string' ? resolve(templateDir, props.code) : undefined;
    const built = functionBuiltInto(await buildOutputs, code, templateDir);
    if ('problem' in built) problems.push({ message: `${where}props.code ${built.problem}` });
    const codeDir = options.codeDir ?? code;
    if (codeDir !== undefined) {
      const handlers: Record<string, unknown> = { [`${where}props.handler`]: props.handler };
      const initializer = valueAt(props, 'instanceLifecycleConfig.initializer.handler');
      if (initializer !== undefined) handlers[`${where}props.instanceLifecycleConfig.initializer.handler`] = initializer;
      problems.push(...(await checkHandlers(codeDir, handlers)).map((message) => ({ message })));
    }
    if ('name' in built) report(settingProblems(built.name, props, rawProps, vars, where));
  }
  if (kafkaFunctions.length !== 1) {
    problems.push({
      message:
        kafkaFunctions.length === 0
          ? `${label} has no Kafka trigger (triggerType eventbridge with eventSourceType Kafka): the function would never receive messages`
          : `${label} has Kafka triggers on ${kafkaFunctions.join(', ')}: the sink is one function with one Kafka trigger`,
    });
  }
  return finish(problems, [summary, ...timers].filter(Boolean).join('\nOK '));
}

/** Which function of the build a resource's code folder holds, or why it holds none. */
function functionBuiltInto(outputs: BuildOutputs, code: string | undefined, templateDir: string): { name: string } | { problem: string } {
  if ('problem' in outputs) return { problem: `cannot be checked: ${outputs.problem}` };
  const folders = outputs.functions.map((fn) => shownDir(templateDir, fn.dir));
  const expected = `the build writes ${folders.length === 1 ? 'the function into' : 'the functions into'} ${folders.join(', ')}`;
  if (code === undefined) return { problem: `must be the folder of a built function: ${expected}` };
  const fn = outputs.functions.find((candidate) => resolve(candidate.dir) === code);
  if (fn === undefined) return { problem: `= ${show(shownDir(templateDir, code))} is not a folder the build writes: ${expected}` };
  return { name: fn.name };
}

/**
 * The function's own settings rules applied to the resource's rendered environment variables, each
 * problem told under the var (and the deployer's environment variable) it comes from.
 */
function settingProblems(
  functionName: string,
  props: Record<string, unknown>,
  rawProps: Record<string, unknown>,
  vars: TemplateVars,
  where: string,
): Problem[] {
  const variables = jsonObject(props.environmentVariables);
  const found = functionSettingProblems(functionName, props) ?? [];
  return found.map(({ message, variable }) => {
    if (variable === undefined) return { message: `${where}props.environmentVariables: ${message}` };
    const [varName] = varsBehind(rawProps, `props.environmentVariables.${variable}`);
    if (varName === undefined) {
      const value = variables[variable];
      const shown = value === undefined ? 'is not set' : `= ${show(value)}`;
      return { message: `${where}props.environmentVariables.${variable} ${shown}: ${message}` };
    }
    const empty = vars.values[varName] === '' || vars.values[varName] === undefined;
    const lands = vars.envNames[varName] === variable ? '' : `it is the function's ${variable}: `;
    return varProblem(varName, vars, `${lands}${message}${empty ? `; ${whereToSet(varName, vars)}` : ''}`);
  });
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

function findTimerTrigger(props: Record<string, unknown>): number | undefined {
  const triggers = Array.isArray(props.triggers) ? props.triggers : [];
  const index = triggers.findIndex((trigger) => jsonObject(trigger).triggerType === 'timer');
  return index < 0 ? undefined : index;
}

function describeTimerFunction(props: Record<string, unknown>, trigger: number): string {
  const at = (path: string) => String(valueAt(props, path));
  const enabled = valueAt(props, `triggers.${trigger}.triggerConfig.enable`) !== false;
  const prefix = valueAt(props, 'environmentVariables.COMPACTED_PREFIX') ?? '';
  return (
    `function ${at('functionName')} (${at('runtime')}, ${at('memorySize')} MB, ${at('timeout')} s) in ${at('region')}: ` +
    `timer ${at(`triggers.${trigger}.triggerConfig.cronExpression`)}${enabled ? '' : ' (paused)'} -> oss://${at('environmentVariables.OSS_BUCKET')}/${String(prefix)}`
  );
}

/**
 * Functions that share settings (the compaction function takes the sink's through a merge key)
 * would report one wrong value once per function: the first says it.
 */
function sharedOnce(messages: string[]): string[] {
  const said = new Set<string>();
  return messages.filter((message) => {
    const setting = message.replace(/^resources\.[^.]+\./, '');
    if (setting !== message && said.has(setting)) return false;
    said.add(setting);
    return true;
  });
}

/** Relative to the working folder when inside it, else absolute. */
function shortPath(path: string): string {
  const fromCwd = relative(process.cwd(), path);
  return fromCwd === '' || fromCwd.startsWith('..') ? resolve(path) : fromCwd;
}

/** The values of credential-like entries (AccessKey, secret, token, password), which no message may show. */
function credentialValues(values: Record<string, unknown>): string[] {
  return Object.entries(values)
    .filter(([name, value]) => CREDENTIAL_NAME.test(name) && typeof value === 'string')
    .map(([, value]) => value as string);
}
