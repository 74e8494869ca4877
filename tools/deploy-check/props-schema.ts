import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from './fc3-props.schema.json';

export interface SchemaFinding {
  /** The property the problem is about, e.g. `props.triggers[0].triggerConfig`. */
  path: string;
  message: string;
}

/**
 * Validates a resource's `props` against the fc3 component's own schema. The component's schema
 * lets unknown top-level properties through; here they are errors, since one is almost always a
 * typo that would silently not be deployed (e.g. `memorysize`).
 */
export function validateProps(props: unknown): SchemaFinding[] {
  const findings = validate(props) ? [] : explain(validate.errors ?? [], props);
  return [...findings, ...validateTriggerConfigs(props)];
}

// verbose: errors carry the offending value, which the messages show.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validate = ajv.compile({ ...schema, additionalProperties: false });
const definitions = schema.definitions as Record<string, unknown>;
const triggerConfigSchemas: Record<string, string> = {
  eventbridge: 'IEventBridge',
  oss: 'IOssTriggerConfig',
  log: 'ILogTriggerConfig',
  timer: 'ITimerTriggerConfig',
  http: 'IHttpTriggerConfig',
  mns_topic: 'IMnsTriggerConfig',
  cdn_events: 'ICdnTriggerConfig',
  tablestore: 'IOtsConfig',
};

function explain(errors: ErrorObject[], props: unknown): SchemaFinding[] {
  // An anyOf failure comes with every branch's complaint about the same value: keep one line for it.
  // A trigger's config is left to validateTriggerConfigs, which knows from triggerType which branch was meant.
  const anyOfs = errors.filter((error) => error.keyword === 'anyOf');
  const within = (error: ErrorObject, anyOf: ErrorObject) =>
    error !== anyOf && (error.instancePath === anyOf.instancePath || error.instancePath.startsWith(`${anyOf.instancePath}/`));
  const findings = new Map<string, SchemaFinding>();
  for (const error of errors) {
    if (anyOfs.some((anyOf) => within(error, anyOf))) continue;
    if (error.keyword === 'anyOf' && TRIGGER_CONFIG.test(error.instancePath) && triggerTypeOf(props, error.instancePath) !== undefined)
      continue;
    const message =
      error.keyword === 'anyOf'
        ? explainAnyOf(
            error,
            errors.filter((inner) => within(inner, error)),
          )
        : describe(error);
    findings.set(message, { path: path(error.instancePath + childOf(error)), message });
  }
  return [...findings.values()];
}

const TRIGGER_CONFIG = /^\/triggers\/\d+\/triggerConfig$/;

/**
 * The fc3 schema accepts a trigger config matching any trigger type's (several have no required
 * keys, so almost anything passes); the platform wants the one of the trigger's own type.
 */
function validateTriggerConfigs(props: unknown): SchemaFinding[] {
  const triggers = (props as { triggers?: unknown } | null)?.triggers;
  if (!Array.isArray(triggers)) return [];
  return triggers.flatMap((trigger: unknown, index) => {
    const instancePath = `/triggers/${index}/triggerConfig`;
    const type = triggerTypeOf(props, instancePath);
    const config = (trigger as { triggerConfig?: unknown } | null)?.triggerConfig;
    const check = type === undefined ? undefined : triggerConfigValidators[type];
    // A missing config is already reported as required.
    if (check === undefined || config === undefined || check(config)) return [];
    return (check.errors ?? []).map((error) => {
      const full = { ...error, instancePath: instancePath + error.instancePath };
      return { path: path(full.instancePath + childOf(full)), message: describe(full) };
    });
  });
}

const triggerConfigValidators: Record<string, ValidateFunction> = Object.fromEntries(
  Object.entries(triggerConfigSchemas).map(([type, definition]) => [
    type,
    ajv.compile({ definitions, $ref: `#/definitions/${definition}` }),
  ]),
);

function explainAnyOf(anyOf: ErrorObject, branches: ErrorObject[]): string {
  const reasons = branches.map((error) => {
    const below = (error.instancePath + childOf(error)).slice(anyOf.instancePath.length).replace(/^\//, '').replace(/\//g, '.');
    return below === '' ? predicate(error) : `${below} ${predicate(error)}`;
  });
  return `${describe({ ...anyOf, keyword: 'anyOf', params: {}, message: 'matches none of its allowed forms' })}: ${[...new Set(reasons)].join('; or ')}`;
}

function triggerTypeOf(props: unknown, triggerConfigPath: string): string | undefined {
  const index = Number(/^\/triggers\/(\d+)\//.exec(triggerConfigPath)?.[1]);
  const triggers = (props as { triggers?: unknown } | null)?.triggers;
  const trigger = Array.isArray(triggers) ? (triggers[index] as { triggerType?: unknown } | undefined) : undefined;
  const type = trigger?.triggerType;
  return typeof type === 'string' && type in triggerConfigSchemas ? type : undefined;
}

/** `props.x.y = value must …`, or `props.x.y is required` for the property an error is about. */
function describe(error: ErrorObject): string {
  const subject = path(error.instancePath + childOf(error));
  return childOf(error) === '' ? `${subject} = ${JSON.stringify(error.data)} ${predicate(error)}` : `${subject} ${predicate(error)}`;
}

function predicate(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return 'is not a property the fc3 component knows (a typo?)';
    case 'required':
      return 'is required';
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'type':
      return `must be of type ${String(params.type)}`;
    default:
      return error.message ?? 'is not valid';
  }
}

/** The property an error names below the value it was raised on (a missing or an unknown one). */
function childOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `/${String(params.missingProperty)}`;
  if (error.keyword === 'additionalProperties') return `/${String(params.additionalProperty)}`;
  return '';
}

const path = (instancePath: string) => `props${instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.')}`;
