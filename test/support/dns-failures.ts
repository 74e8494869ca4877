import dns from 'node:dns';

/**
 * Makes the system resolver's two failures happen without asking any DNS server, so tests stay off
 * the network: a name ending in `.invalid` does not exist (getaddrinfo ENOTFOUND), one ending in
 * `.dns-again` cannot be looked up for now (getaddrinfo EAI_AGAIN). Other names resolve as usual.
 * Node's sockets call `dns.lookup` when they connect, so every client in this process sees it.
 */
export function failingDns(): { asked: string[]; restore(): void } {
  const lookup = dns.lookup;
  const asked: string[] = [];
  const failing = (hostname: string, options: unknown, callback?: unknown) => {
    const done = (typeof options === 'function' ? options : callback) as (error: Error) => void;
    const code = hostname.endsWith('.invalid') ? 'ENOTFOUND' : hostname.endsWith('.dns-again') ? 'EAI_AGAIN' : undefined;
    if (code === undefined) return (lookup as (...args: unknown[]) => void)(hostname, options, callback);
    asked.push(hostname);
    const error = Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, syscall: 'getaddrinfo', hostname });
    process.nextTick(done, error);
  };
  (dns as { lookup: unknown }).lookup = failing;
  return {
    asked,
    restore: () => {
      (dns as { lookup: unknown }).lookup = lookup;
    },
  };
}
