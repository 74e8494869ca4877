import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { compileFunction } from 'node:vm';
import type { FcContext } from '../../lib/platform/fc';

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
  /** Receives every line the function logs. */
  onLog?: (line: string) => void;
}

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
 * context. Each instance gets its own module and environment, so one process can host several
 * instances with different settings, as FC would run them apart.
 */
export function startFcInstance(options: FcInstanceOptions): FcInstance {
  const bundle = resolve(options.bundle);
  let logs: string[] = [];
  const log = (...args: unknown[]) => {
    const line = args.map((arg) => (typeof arg === 'string' ? arg : String(arg))).join(' ');
    logs.push(line);
    options.onLog?.(line);
  };
  const instanceConsole = { ...console, log, info: log, warn: log, error: log, debug: log };
  const fn = loadBundle(bundle, options.env, instanceConsole);
  const name = options.functionName ?? 'kafka-oss-sink';
  const timeout = options.timeoutSeconds ?? 60;
  const baseContext: FcContext & { logger: Console } = {
    credentials: options.credentials ?? {},
    function: { name, handler: 'index.handler', memory: options.memoryMB ?? 512, timeout },
    region: options.region ?? options.env.FC_REGION ?? 'cn-hangzhou',
    accountId: '1234567890123456',
    logger: instanceConsole,
  };
  let initialized: Promise<void> | undefined;

  return {
    async invoke(event) {
      logs = [];
      try {
        initialized ??= Promise.resolve(fn.initializer?.({ ...baseContext, requestId: randomUUID() }));
        await initialized;
        const result = await fn.handler(event, { ...baseContext, requestId: randomUUID() });
        return { ok: true, result, logs };
      } catch (error) {
        return { ok: false, error: error as Error, logs };
      }
    },
  };
}

function loadBundle(bundle: string, env: FcInstanceOptions['env'], instanceConsole: Console): FunctionModule {
  let source: string;
  try {
    source = readFileSync(bundle, 'utf8');
  } catch {
    throw new Error(`The function bundle ${bundle} does not exist: run npm run build first.`);
  }
  const instanceProcess = Object.create(process, { env: { value: { ...env }, enumerable: true } }) as NodeJS.Process;
  const wrapper = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname', 'process', 'console'], {
    filename: bundle,
  });
  const module = { exports: {} as Partial<FunctionModule> };
  wrapper(module.exports, createRequire(bundle), module, bundle, dirname(bundle), instanceProcess, instanceConsole);
  if (typeof module.exports.handler !== 'function') throw new Error(`${bundle} does not export a handler function.`);
  return module.exports as FunctionModule;
}
