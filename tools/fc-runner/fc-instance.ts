import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { compileFunction } from 'node:vm';
import type { FcContext } from '../../lib/platform/fc';
import { type FcOutput, startFcOutput } from './fc-output';

/** What FC passes as context.credentials: the function role's keys. */
export type FcCredentials = NonNullable<FcContext['credentials']>;

export interface FcInstanceOptions {
  /** The built function, e.g. dist/oss-sink/index.js. */
  bundle: string;
  /** The function's environment variables; the host's own environment is not visible to it. */
  env: Record<string, string | undefined>;
  /** What FC passes as context.credentials: the function role's keys. */
  credentials?: FcCredentials;
  functionName?: string;
  timeoutSeconds?: number;
  memoryMB?: number;
  region?: string;
  /** Receives every line the function writes, as FC's log would hold it. */
  onLog?: (line: string) => void;
}

/** `logs`: every line the function wrote during the invocation (and the initializer before the first one), in order. */
export type InvocationOutcome = { ok: true; result: unknown; logs: string[] } | { ok: false; error: Error; logs: string[] };

export interface FcInstance {
  invoke(event: Buffer): Promise<InvocationOutcome>;
}

interface FunctionModule {
  handler: (event: Buffer, context: unknown) => Promise<unknown>;
  initializer?: (context: unknown) => Promise<void>;
}

/**
 * Runs a built function the way an FC instance does: loads the CommonJS bundle once, calls the
 * initializer before the first invocation, then the handler with a Buffer event and an FC-shaped
 * context. Each instance gets its own module, environment and output, so one process can host
 * several instances with different settings, as FC would run them apart. Output is kept as FC's
 * log holds it: `console.*` lines behind FC's prefix, stdout and stderr as written (fc-output.ts).
 */
export function startFcInstance(options: FcInstanceOptions): FcInstance {
  const bundle = resolve(options.bundle);
  let logs: string[] = [];
  const output = startFcOutput((line) => {
    logs.push(line);
    options.onLog?.(line);
  });
  const fn = loadBundle(bundle, options.env, output);
  const name = options.functionName ?? 'kafka-oss-sink';
  const timeout = options.timeoutSeconds ?? 60;
  const baseContext: FcContext & { logger: Console } = {
    credentials: options.credentials ?? {},
    function: { name, handler: 'index.handler', memory: options.memoryMB ?? 512, timeout },
    region: options.region ?? options.env.FC_REGION ?? 'cn-hangzhou',
    accountId: '1234567890123456',
    logger: output.console,
  };
  const call = async <T>(run: (context: FcContext) => Promise<T>): Promise<T> => {
    const requestId = fcRequestId();
    output.requestId = requestId;
    try {
      return await run({ ...baseContext, requestId });
    } finally {
      output.flush();
    }
  };
  let initialized: Promise<void> | undefined;

  return {
    async invoke(event) {
      logs = [];
      try {
        initialized ??= call(async (context) => fn.initializer?.(context));
        await initialized;
        const result = await call((context) => fn.handler(event, context));
        return { ok: true, result, logs };
      } catch (error) {
        return { ok: false, error: error as Error, logs };
      }
    },
  };
}

/** A request id of the form FC 3.0 uses, e.g. `1-65e571bc-158a59e8-b63f98cd471c`. */
function fcRequestId(): string {
  return `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(4).toString('hex')}-${randomBytes(6).toString('hex')}`;
}

function loadBundle(bundle: string, env: FcInstanceOptions['env'], output: FcOutput): FunctionModule {
  let source: string;
  try {
    source = readFileSync(bundle, 'utf8');
  } catch {
    throw new Error(`The function bundle ${bundle} does not exist: run npm run build first.`);
  }
  const instanceProcess = Object.create(process, {
    env: { value: { ...env }, enumerable: true },
    stdout: { value: output.stdout, enumerable: true },
    stderr: { value: output.stderr, enumerable: true },
  }) as NodeJS.Process;
  const wrapper = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname', 'process', 'console'], {
    filename: bundle,
  });
  const module = { exports: {} as Partial<FunctionModule> };
  wrapper(module.exports, createRequire(bundle), module, bundle, dirname(bundle), instanceProcess, output.console);
  if (typeof module.exports.handler !== 'function') throw new Error(`${bundle} does not export a handler function.`);
  return module.exports as FunctionModule;
}
