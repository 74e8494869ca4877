/**
 * @module The function's instances as FC runs them: one invocation per instance at a time, an idle
 * instance reused, a new one started (a cold start, a new process) when none is idle. Now and
 * then an instance is recycled after an invocation, or lost in the middle of one (killed, as FC
 * does to an instance that times out or runs out of memory).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BatchSummary } from '../../lib/sink/batch-summary';
import { type FailureCause, failureCause } from './failure-cause';
import { FunctionInstance } from './function-instance';
import type { DnsFailures, InstanceSetup } from './instance-protocol';
import type { Random } from './random';

export interface PoolOptions {
  /** The built instance program (instance-main.ts). */
  script: string;
  setup: InstanceSetup;
  random: Random;
  /** After an invocation, its instance is recycled with this chance. */
  recycleChance: number;
  /** An invocation's instance is killed part way through with this chance (if it is still running then). */
  killChance: number;
  /**
   * Real milliseconds between a kill and the trigger learning of it: long enough for requests the
   * killed instance had sent to land. On the real platform the trigger's retry comes seconds
   * later; on the compressed clock a delayed request could otherwise land after it, which is two
   * deliveries of a partition at once, a case the function does not claim to handle.
   */
  killGraceMs: number;
}

/** What a push ended with: the handler's result, or why it failed. */
export type PushOutcome =
  | { ok: true; summary: BatchSummary /** OSS requests the function retried. */; retries: number }
  | { ok: false; error: string; cause: FailureCause; retries: number };

export interface PoolStats {
  coldStarts: number;
  recycled: number;
  /** Instances killed part way through an invocation. */
  killed: number;
  /** Instances that ended on their own during an invocation. */
  died: number;
  peakRssBytes: number;
  dnsFailures: DnsFailures;
}

/** A kill comes within this many real milliseconds of the push; a quicker invocation escapes it. */
const KILL_WITHIN_MS = 40;

export class InstancePool {
  readonly stats: PoolStats = {
    coldStarts: 0,
    recycled: 0,
    killed: 0,
    died: 0,
    peakRssBytes: 0,
    dnsFailures: { ENOTFOUND: 0, EAI_AGAIN: 0 },
  };
  private readonly idle: FunctionInstance[] = [];
  private readonly all = new Set<FunctionInstance>();
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  async invoke(body: Buffer): Promise<PushOutcome> {
    const { random, killChance, recycleChance } = this.options;
    const instance = await this.acquire();
    let killed = false;
    const killer = random.chance(killChance)
      ? setTimeout(
          () => {
            killed = true;
            instance.kill();
          },
          random.int(0, KILL_WITHIN_MS),
        )
      : undefined;
    const report = await instance.invoke(body);
    clearTimeout(killer);
    if (report === undefined) {
      this.all.delete(instance);
      if (killed) this.stats.killed++;
      else if (!this.closed) this.stats.died++;
      await sleep(this.options.killGraceMs);
      if (killed) return { ok: false, error: 'the instance was killed during the invocation', cause: 'instance lost', retries: 0 };
      // Nothing but the kill above ends an instance during an invocation: this one crashed.
      const error = `the instance ended during the invocation (${instance.ending}): ${instance.lastOutput || 'no output'}`;
      return { ok: false, error, cause: `function error: ${error}`, retries: 0 };
    }
    this.stats.peakRssBytes = Math.max(this.stats.peakRssBytes, report.peakRssBytes);
    this.stats.dnsFailures.ENOTFOUND += report.dnsFailures.ENOTFOUND;
    this.stats.dnsFailures.EAI_AGAIN += report.dnsFailures.EAI_AGAIN;
    // A kill that came just after the answer still ends the process: it is not reused.
    if (killed || this.closed || random.chance(recycleChance)) {
      if (!this.closed && !killed) this.stats.recycled++;
      this.all.delete(instance);
      instance.kill();
    } else this.idle.push(instance);
    return report.ok
      ? { ok: true, summary: JSON.parse(report.result) as BatchSummary, retries: report.retries }
      : {
          ok: false,
          error: report.result,
          cause: failureCause(report.errorName, report.result),
          retries: report.retries,
        };
  }

  /** Ends every instance. */
  async close(): Promise<void> {
    this.closed = true;
    const instances = [...this.all];
    for (const instance of instances) instance.kill();
    await Promise.all(instances.map((instance) => instance.stopped()));
  }

  private async acquire(): Promise<FunctionInstance> {
    for (let instance = this.idle.pop(); instance !== undefined; instance = this.idle.pop()) {
      if (instance.alive) return instance;
      this.all.delete(instance);
    }
    if (this.closed) throw new Error('the simulation is over: no function instance is started any more');
    this.stats.coldStarts++;
    const instance = await FunctionInstance.start(this.options.script, this.options.setup);
    this.all.add(instance);
    return instance;
  }
}
