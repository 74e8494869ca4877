/**
 * @module One function instance as a child process (instance-process.ts): started with its setup,
 * given one invocation at a time, and killed when FC would recycle or lose it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { FromInstance, InstanceSetup, InvocationReport, ToInstance } from './instance-protocol';

const STDERR_KEPT = 4096;

export class FunctionInstance {
  private nextId = 1;
  private pending: { id: number; resolve: (report: InvocationReport | undefined) => void } | undefined;
  private stderr = '';
  private exited = false;
  private closed = false;
  /** How the process ended: its exit code or the signal. */
  ending = 'running';

  private constructor(private readonly child: ChildProcess) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
    });
    child.on('message', (message: FromInstance) => {
      if (message.type === 'outcome' && message.id === this.pending?.id) this.settle(message);
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      this.ending = signal === null ? `exit code ${code}` : signal;
    });
    // An invocation cut short is settled once stderr is read to its end, so that its last words are kept.
    child.on('close', () => {
      this.closed = true;
      this.settle(undefined);
    });
  }

  /** Starts the process and loads the function in it (a cold start). */
  static start(script: string, setup: InstanceSetup): Promise<FunctionInstance> {
    const child = fork(script, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [], env: {} });
    const instance = new FunctionInstance(child);
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromInstance) => {
        if (message.type === 'ready') {
          child.off('close', onClose);
          resolve(instance);
        } else if (message.type === 'setup-failed') {
          instance.kill();
          reject(new Error(`A function instance could not start: ${message.message}`));
        }
      };
      const onClose = () =>
        reject(new Error(`A function instance ended while starting (${instance.ending}): ${instance.lastOutput || 'no output'}`));
      child.on('message', onMessage);
      child.once('close', onClose);
      child.send({ type: 'setup', setup } satisfies ToInstance);
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** What the process last wrote to stderr, for an error message: the error's own line when there is one. */
  get lastOutput(): string {
    const lines = this.stderr.trim().split('\n');
    return lines.find((line) => /^\w*Error\b|^Error:|Uncaught|FATAL/.test(line)) ?? lines.at(-1) ?? '';
  }

  /** Runs one invocation; undefined when the process ended before answering. */
  invoke(event: Buffer): Promise<InvocationReport | undefined> {
    if (this.pending) throw new Error('a function instance takes one invocation at a time');
    if (this.exited) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending = { id, resolve };
      this.child.send({ type: 'invoke', id, event } satisfies ToInstance);
    });
  }

  /** Ends the process at once, as FC does to an instance it recycles or loses. */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Resolves when the process has ended. */
  stopped(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.child.once('close', () => resolve()));
  }

  private settle(report: InvocationReport | undefined): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(report);
  }
}
