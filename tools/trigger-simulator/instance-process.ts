/**
 * @module A function instance's process: waits for its setup over IPC, prepares the process (the
 * function's waits compressed, DNS faults), loads the built function with the FC runner, then
 * runs one invocation at a time as the simulator sends them, until the simulator lets it go.
 */
import { startFcInstance } from '../fc-runner/fc-instance';
import { compressTimers } from './compressed-timers';
import { failDnsLookups } from './dns-faults';
import type { DnsFailures, FromInstance, InstanceSetup, ToInstance } from './instance-protocol';
import { peakRss } from './peak-rss';

export function serveInstance(_args: string[], signal: AbortSignal): Promise<number> {
  if (process.send === undefined) {
    process.stderr.write('This program is a function instance of the trigger simulator, started by it over IPC; it does not run alone.\n');
    return Promise.resolve(2);
  }
  const send = (message: FromInstance) => process.send?.(message);
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => resolve(0));
    process.on('disconnect', () => resolve(0));
    process.once('message', (message: ToInstance) => {
      if (message.type !== 'setup') return;
      let invoke: (id: number, event: Buffer) => Promise<void>;
      try {
        invoke = prepare(message.setup, send);
      } catch (error) {
        send({ type: 'setup-failed', message: (error as Error).message });
        return;
      }
      process.on('message', (next: ToInstance) => {
        if (next.type === 'invoke') void invoke(next.id, Buffer.from(next.event.buffer, next.event.byteOffset, next.event.byteLength));
      });
      send({ type: 'ready' });
    });
  });
}

function prepare(setup: InstanceSetup, send: (message: FromInstance) => void): (id: number, event: Buffer) => Promise<void> {
  compressTimers(setup.compression);
  const dnsFailures: DnsFailures = setup.dns
    ? failDnsLookups(setup.dns.domain, setup.dns.failureRate, setup.dns.seed)
    : { ENOTFOUND: 0, EAI_AGAIN: 0 };
  const instance = startFcInstance({
    bundle: setup.bundle,
    env: setup.env,
    credentials: setup.credentials,
    timeoutSeconds: setup.timeoutSeconds,
  });
  return async (id, event) => {
    const before = { ...dnsFailures };
    const outcome = await instance.invoke(event);
    send({
      type: 'outcome',
      id,
      ok: outcome.ok,
      result: outcome.ok ? String(outcome.result) : outcome.error.message,
      ...(outcome.ok ? {} : { errorName: outcome.error.name }),
      retries: outcome.logs.filter((line) => line.includes('"event":"retrying"')).length,
      dnsFailures: { ENOTFOUND: dnsFailures.ENOTFOUND - before.ENOTFOUND, EAI_AGAIN: dnsFailures.EAI_AGAIN - before.EAI_AGAIN },
      peakRssBytes: peakRss(),
    });
  };
}
