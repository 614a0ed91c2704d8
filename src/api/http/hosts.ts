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

/** Distinct Host headers whose verdict is remembered; past it the memory starts over (clients choose the header). */
const MAX_REMEMBERED_HOSTS = 64;

export class HostGuard {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];
  /** Verdicts by header as received: clients repeat their Host on every request, and normalizing it costs IP regexes each time. */
  private readonly verdicts = new Map<string, boolean>();

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
    let ok = this.verdicts.get(hostHeader);
    if (ok === undefined) {
      const h = bare(hostHeader);
      ok = this.exact.has(h) || this.suffixes.some((s) => h.endsWith(s));
      if (this.verdicts.size >= MAX_REMEMBERED_HOSTS) this.verdicts.clear();
      this.verdicts.set(hostHeader, ok);
    }
    return ok;
  }
}
