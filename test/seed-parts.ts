/**
 * The seed incident split in two, for live-update tests: what the logs held before 12:40
 * local, then the rest (with the 12:46 outage of 57.24), appended as a running service would.
 */
import { appendFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { SEED_BUNDLE } from './helpers.js';

/** Every seed file split where its records reach 12:40 local: [before, from then on]. Files that start later come whole in the second part. */
export function seedInTwoParts(): { rel: string; before: string; after: string }[] {
  const stamp = (line: string): string | null => {
    const glog = /^[IWEF](\d{4}) (\d\d:\d\d:\d\d)/.exec(line);
    if (glog) return `${glog[1]} ${glog[2]}`;
    const zk = /^\d{4}-(\d\d)-(\d\d)[T ](\d\d:\d\d:\d\d)/.exec(line);
    return zk ? `${zk[1]}${zk[2]} ${zk[3]}` : null;
  };
  const parts: { rel: string; before: string; after: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name !== 'README.md') {
        const lines = readFileSync(path, 'utf8').split(/(?<=\n)/);
        const stamps = lines.map(stamp);
        const cut = stamps.findIndex((s) => s !== null && s >= '0818 12:40:00');
        const early = stamps.some((s, i) => s !== null && (cut < 0 || i < cut));
        const at = !early ? 0 : cut < 0 ? lines.length : cut;
        parts.push({ rel: relative(SEED_BUNDLE, path), before: lines.slice(0, at).join(''), after: lines.slice(at).join('') });
      }
    }
  };
  walk(SEED_BUNDLE);
  return parts;
}

export function writePart(root: string, parts: ReturnType<typeof seedInTwoParts>, which: 'before' | 'after'): void {
  for (const p of parts) {
    if (!p[which]) continue;
    mkdirSync(dirname(join(root, p.rel)), { recursive: true });
    if (which === 'before') writeFileSync(join(root, p.rel), p.before);
    else appendFileSync(join(root, p.rel), p.after);
  }
}

export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
