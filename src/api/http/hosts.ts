/**
 * The Host header check (`serve --allowed-host`), against DNS rebinding: a web page whose
 * name an attacker re-points at 127.0.0.1 reaches a loopback server with its own name
 * as Host, which this refuses.
 */
import { isIP } from 'node:net';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

export function isLoopback(host: string): boolean {
  const h = bare(host);
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

/**
 * Without `--allowed-host`: on loopback, the bind address and the loopback names; on any
 * other address, every Host (the names a server is reached by are not known here).
 */
export function defaultAllowedHosts(bindHost: string): string[] | null {
  return isLoopback(bindHost) ? [...new Set([bare(bindHost), ...LOOPBACK_NAMES])] : null;
}

/** `[::1]:4000` → `::1`, `Example.COM.:80` → `example.com`. */
function bare(host: string): string {
  const h = host.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(1, h.indexOf(']')) : isIP(h) === 6 ? h : h.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

export class HostGuard {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];

  /** `hosts` null: any Host. A `*.example.com` entry allows every name under example.com. */
  constructor(readonly hosts: readonly string[] | null) {
    for (const h of hosts ?? []) {
      if (h.startsWith('*.')) this.suffixes.push(bare(h.slice(1)));
      else this.exact.add(bare(h));
    }
  }

  allows(hostHeader: string | undefined): boolean {
    if (!this.hosts) return true;
    if (!hostHeader) return false;
    const h = bare(hostHeader);
    return this.exact.has(h) || this.suffixes.some((s) => h.endsWith(s));
  }
}
