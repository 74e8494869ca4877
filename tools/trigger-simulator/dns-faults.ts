/**
 * @module Inside a function instance's process: DNS for the simulated OSS endpoint. The function is
 * given a host name as its endpoint; lookups of it answer 127.0.0.1 (the local OSS server), or fail
 * as resolvers do now and then (ENOTFOUND, EAI_AGAIN). Other names are looked up as usual.
 */
import type * as Dns from 'node:dns';
import { createRequire } from 'node:module';
import type { DnsFailures } from './instance-protocol';
import { Random } from './random';

type LookupCallback = (error: NodeJS.ErrnoException | null, address?: string | Dns.LookupAddress[], family?: number) => void;

export function failDnsLookups(domain: string, failureRate: number, seed: string): DnsFailures {
  const dns = createRequire(__filename)('node:dns') as typeof Dns;
  const original = dns.lookup;
  const random = new Random(seed, 'dns', process.pid);
  const failures: DnsFailures = { ENOTFOUND: 0, EAI_AGAIN: 0 };
  const lookup = (hostname: string, options: unknown, callback?: LookupCallback): void => {
    const done = (typeof options === 'function' ? options : callback) as LookupCallback;
    const settings = (typeof options === 'object' && options !== null ? options : {}) as Dns.LookupOptions;
    if (hostname !== domain && !hostname.endsWith(`.${domain}`)) {
      (original as (...args: unknown[]) => void).call(dns, hostname, options, callback);
      return;
    }
    if (random.chance(failureRate)) {
      const code = random.chance(0.5) ? 'ENOTFOUND' : 'EAI_AGAIN';
      failures[code]++;
      const error: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), {
        code,
        errno: code === 'ENOTFOUND' ? -3008 : -3001,
        syscall: 'getaddrinfo',
        hostname,
      });
      process.nextTick(done, error);
    } else if (settings.all) process.nextTick(done, null, [{ address: '127.0.0.1', family: 4 }]);
    else process.nextTick(done, null, '127.0.0.1', 4);
  };
  dns.lookup = lookup as typeof dns.lookup;
  return failures;
}
