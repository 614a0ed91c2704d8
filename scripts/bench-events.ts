/**
 * npm run bench:events [-- --events 10000000 --format jsonl]
 *
 * `events` over the whole bench store (bench-data.ts: N events over 7 days), as a user
 * runs it: a child process writing to a pipe read as fast as it comes. Prints the time
 * to the first line, the time to the end, the lines and the peak RSS, beside a
 * `--limit 1` run in the same session (the command's start-up alone). A benchmark, not
 * a test.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchStoreFile, ROOT } from './bench-data.js';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '10000000' }, format: { type: 'string', default: 'jsonl' } },
});
const N = Number(values.events);
const file = await benchStoreFile(N);

interface Run {
  firstLineMs: number;
  totalMs: number;
  lines: number;
  peakRssMiB: number;
}

/** One `events` run; peak RSS from GNU time when installed, else from the child's VmHWM read while it runs. */
function run(extra: string[]): Promise<Run> {
  const bin = join(ROOT, 'bin/zbs-timeline');
  const args = ['events', '--store', `duckdb:${file}`, '--format', values.format!, ...extra];
  const gnuTime = existsSync('/usr/bin/time');
  const argv = gnuTime ? ['/usr/bin/time', '-f', 'maxrss %M', bin, ...args] : [bin, ...args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let firstLineMs = -1;
    let lines = 0;
    let stderr = '';
    let hwm = 0;
    const poll = setInterval(() => void (hwm = Math.max(hwm, vmHwmKiB(child.pid!))), 100);
    child.stdout.on('data', (c: Buffer) => {
      if (firstLineMs < 0 && c.includes(10)) firstLineMs = performance.now() - t0;
      for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) return reject(new Error(`events exited ${code}: ${stderr}`));
      const m = /maxrss (\d+)/.exec(stderr);
      resolve({ firstLineMs, totalMs: performance.now() - t0, lines, peakRssMiB: (m ? Number(m[1]) : hwm) / 1024 });
    });
  });
}

function vmHwmKiB(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const fmt = (r: Run): string =>
  `first line ${r.firstLineMs.toFixed(0)} ms, end ${(r.totalMs / 1000).toFixed(1)} s, ${r.lines} lines, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`;
const baseline = await run(['--limit', '1']);
console.log(`events --limit 1 (start-up baseline): ${fmt(baseline)}`);
const full = await run([]);
console.log(`events, all ${N} events (${values.format}): ${fmt(full)}`);
const again = await run(['--limit', '1']);
console.log(`events --limit 1 (baseline, again): ${fmt(again)}`);
