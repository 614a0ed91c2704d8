/** `zbs-timeline simulate` and `zbs-timeline score`: bundles with ground truth, and how well the answers match it. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeWindow } from '../../derive/timeline-analysis.js';
import { ingest } from '../../ingest/ingest.js';
import { ANSWER_TYPES, scoreAnalysis, summarize, type ScoreCounts } from '../../simulate/score.js';
import { FAULT_KINDS, simulate, type Truth } from '../../simulate/simulate.js';
import { openStore } from '../../store/store-factory.js';
import { assertTimeZone, parseIsoToUs } from '../../time/zone.js';
import { formatBytes } from '../progress.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

export const SIMULATE_USAGE = `usage: zbs-timeline simulate --out DIR --seed N [--nodes 4] [--hours 2] [--tz ZONE] [--size-mb 4] [--faults SPEC] [--json]
  Writes DIR/bundle/ (laid out like a real bundle, lines in the zone's local time) and DIR/truth.json (UTC).
  SPEC: random (each fault kind once, in random order), none, or a comma-separated list of: ${FAULT_KINDS.join(', ')}`;

export const SCORE_USAGE = `usage: zbs-timeline score [--seeds 20] [--first-seed 1] [--nodes 4] [--hours 2] [--tz Asia/Shanghai] [--faults random] [--json]
  For each seed: simulate, ingest, derive, compare with the truth. Prints precision, recall and F1 per answer,
  and the error of interval ends (a match is the same entity with both ends within 2 s).`;

function common(values: Record<string, string | boolean | undefined>) {
  const num = (name: string, def: number): number => {
    const v = values[name];
    if (v === undefined) return def;
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new UsageError(`--${name} must be a positive number, got "${String(v)}"`);
    return x;
  };
  const tz = typeof values.tz === 'string' ? values.tz : undefined;
  if (tz) assertTimeZone(tz);
  return { nodes: num('nodes', 4), hours: num('hours', 2), sizeMb: num('size-mb', 4), tz, faults: typeof values.faults === 'string' ? values.faults : 'random' };
}

const OPTIONS = {
  nodes: { type: 'string' },
  hours: { type: 'string' },
  tz: { type: 'string' },
  'size-mb': { type: 'string' },
  faults: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export async function simulateCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { ...OPTIONS, out: { type: 'string' }, seed: { type: 'string' } } });
  if (!values.out) throw new UsageError('--out DIR is required');
  const seed = Number(values.seed ?? NaN);
  if (!Number.isInteger(seed)) throw new UsageError('--seed N (a whole number) is required');
  const c = common(values);
  let r;
  try {
    r = await simulate({ outDir: values.out, seed, ...c });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.json) process.stdout.write(JSON.stringify({ bundle: r.bundleDir, truth: r.truthFile, files: r.files, bytes: r.bytes, faults: r.truth.faults }, null, 2) + '\n');
  else {
    process.stdout.write(`wrote ${r.files} files, ${formatBytes(r.bytes)} to ${r.bundleDir}\ntruth: ${r.truthFile}\n`);
    for (const f of r.truth.faults) process.stdout.write(`  ${f.at}  ${f.kind.padEnd(18)} ${f.node ?? (f.nodes ?? []).join(', ')}\n`);
  }
  return EXIT_OK;
}

export async function scoreCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { ...OPTIONS, seeds: { type: 'string', default: '20' }, 'first-seed': { type: 'string', default: '1' } } });
  const seeds = Number(values.seeds);
  const first = Number(values['first-seed']);
  if (!Number.isInteger(seeds) || seeds < 1 || !Number.isInteger(first)) throw new UsageError('--seeds and --first-seed must be whole numbers');
  const c = common(values);
  const parts: Record<string, ScoreCounts[]> = Object.fromEntries(ANSWER_TYPES.map((t) => [t, []]));
  const skewedParts: Record<string, ScoreCounts[]> = Object.fromEntries(ANSWER_TYPES.map((t) => [t, []]));
  for (let seed = first; seed < first + seeds; seed++) {
    const dir = mkdtempSync(join(tmpdir(), 'zbs-score-'));
    try {
      const sim = await simulate({ outDir: dir, seed, ...c, tz: c.tz ?? 'Asia/Shanghai' });
      const store = await openStore(`duckdb:${join(dir, 's.duckdb')}`);
      try {
        await ingest({ paths: [sim.bundleDir], store, tz: sim.truth.timezone });
        const truth = JSON.parse(readFileSync(sim.truthFile, 'utf8')) as Truth;
        const an = await analyzeWindow(store, { fromUs: parseIsoToUs(truth.window[0]), toUs: parseIsoToUs(truth.window[1]) });
        const s = scoreAnalysis(truth, an);
        for (const t of ANSWER_TYPES) {
          parts[t]!.push(s.main[t]);
          if (s.skewed) skewedParts[t]!.push(s.skewed[t]);
        }
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rows = ANSWER_TYPES.map((t) => summarize(t, parts[t]!));
  const skewed = ANSWER_TYPES.map((t) => summarize(t, skewedParts[t]!)).filter((r) => r.truth + r.derived > 0);
  if (values.json) {
    process.stdout.write(JSON.stringify({ seeds, firstSeed: first, ...c, rows, skewedNodeRows: skewed }, null, 2) + '\n');
    return EXIT_OK;
  }
  const f = (x: number | null, d = 3): string => (x === null ? '-' : x.toFixed(d));
  process.stdout.write(`${seeds} seed(s) from ${first}, ${c.nodes} nodes, ${c.hours} h, faults: ${c.faults}\n`);
  process.stdout.write(`${'answer'.padEnd(12)} ${'truth'.padStart(6)} ${'found'.padStart(6)} ${'match'.padStart(6)} ${'prec'.padStart(6)} ${'recall'.padStart(6)} ${'F1'.padStart(6)}  end error median / p95 (s)\n`);
  const table = [...rows.map((r) => ({ ...r, label: r.type as string })), ...skewed.map((r) => ({ ...r, label: `${r.type}*` }))];
  for (const r of table) {
    process.stdout.write(`${r.label.padEnd(12)} ${String(r.truth).padStart(6)} ${String(r.derived).padStart(6)} ${String(r.matched).padStart(6)} ${f(r.precision).padStart(6)} ${f(r.recall).padStart(6)} ${f(r.f1).padStart(6)}  ${f(r.endErrorMedianS, 2)} / ${f(r.endErrorP95S, 2)}\n`);
  }
  if (skewed.length) process.stdout.write('* involving the node whose clock was skewed: its times are off by the skew in the logs themselves (see truth.json faults[].indistinguishable)\n');
  return EXIT_OK;
}
