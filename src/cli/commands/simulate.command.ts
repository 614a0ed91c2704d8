/** `zbs-timeline simulate` and `zbs-timeline score`: bundles with ground truth, and how well the answers match it. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeWindow } from '../../derive/timeline-analysis.js';
import { ingest } from '../../ingest/ingest.js';
import { ANSWER_TYPES, scoreAnalysis, summarize, type ScoreCounts } from '../../simulate/score.js';
import { faultList, simulate, type Truth } from '../../simulate/simulate.js';
import { Prng } from '../../simulate/prng.js';
import { openStore } from '../../store/store-factory.js';
import { assertTimeZone, parseIsoToUs } from '../../time/zone.js';
import { formatBytes, ProgressLine } from '../progress.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

export interface SimulationOptions {
  nodes?: string;
  hours?: string;
  tz?: string;
  sizeMb?: string;
  faults?: string;
  json?: boolean;
}
export interface SimulateOptions extends SimulationOptions {
  out?: string;
  seed?: string;
  force?: boolean;
}
export interface ScoreOptions extends SimulationOptions {
  seeds: string;
  firstSeed: string;
}

function common(values: SimulationOptions) {
  const num = (name: string, v: string | undefined, def: number): number => {
    if (v === undefined) return def;
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new UsageError(`--${name} must be a positive number, got "${String(v)}"`);
    return x;
  };
  if (values.tz) assertTimeZone(values.tz);
  const faults = values.faults ?? 'random';
  try {
    faultList(faults, new Prng(1));
  } catch (e) {
    throw new UsageError(`--faults: ${(e as Error).message}`);
  }
  return {
    nodes: num('nodes', values.nodes, 4),
    hours: num('hours', values.hours, 2),
    sizeMb: num('size-mb', values.sizeMb, 4),
    tz: values.tz,
    faults,
  };
}

export async function simulateCommand(values: SimulateOptions): Promise<number> {
  if (!values.out) throw new UsageError('--out DIR is required');
  const seed = Number(values.seed ?? NaN);
  if (!Number.isInteger(seed)) throw new UsageError('--seed N (a whole number) is required');
  const c = common(values);
  clearOutDir(values.out, values.force === true);
  const progress = new ProgressLine();
  let r;
  try {
    r = await simulate({
      outDir: values.out,
      seed,
      ...c,
      onProgress: (bytes, target) => progress.update(bytes, target, formatBytes(bytes)),
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  } finally {
    progress.done();
  }
  if (values.json)
    process.stdout.write(
      JSON.stringify({ bundle: r.bundleDir, truth: r.truthFile, files: r.files, bytes: r.bytes, faults: r.truth.faults }, null, 2) + '\n',
    );
  else {
    process.stdout.write(`wrote ${r.files} files, ${formatBytes(r.bytes)} to ${r.bundleDir}\ntruth: ${r.truthFile}\n`);
    for (const f of r.truth.faults) process.stdout.write(`  ${f.at}  ${f.kind.padEnd(18)} ${f.node ?? (f.nodes ?? []).join(', ')}\n`);
  }
  return EXIT_OK;
}

/** Two simulations in one folder would mix their bundles: a folder with files is refused, or with --force has the last one's removed. */
function clearOutDir(dir: string, force: boolean): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UsageError(`--out ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (entries.length === 0) return;
  if (!force) throw new UsageError(`--out ${dir} is not empty; choose another folder, or --force to replace its bundle/ and truth.json`);
  for (const name of ['bundle', 'truth.json']) rmSync(join(dir, name), { recursive: true, force: true });
}

export async function scoreCommand(values: ScoreOptions): Promise<number> {
  const seeds = Number(values.seeds);
  const first = Number(values.firstSeed);
  if (!Number.isInteger(seeds) || seeds < 1 || !Number.isInteger(first))
    throw new UsageError('--seeds and --first-seed must be whole numbers');
  const c = common(values);
  const parts: Record<string, ScoreCounts[]> = Object.fromEntries(ANSWER_TYPES.map((t) => [t, []]));
  const skewedParts: Record<string, ScoreCounts[]> = Object.fromEntries(ANSWER_TYPES.map((t) => [t, []]));
  const progress = new ProgressLine();
  for (let seed = first; seed < first + seeds; seed++) {
    progress.update(seed - first, seeds, `seed ${seed} (${seed - first + 1} of ${seeds})`);
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
  progress.done();
  const rows = ANSWER_TYPES.map((t) => summarize(t, parts[t]!));
  const skewed = ANSWER_TYPES.map((t) => summarize(t, skewedParts[t]!)).filter((r) => r.truth + r.derived > 0);
  if (values.json) {
    process.stdout.write(JSON.stringify({ seeds, firstSeed: first, ...c, rows, skewedNodeRows: skewed }, null, 2) + '\n');
    return EXIT_OK;
  }
  const f = (x: number | null, d = 3): string => (x === null ? '-' : x.toFixed(d));
  process.stdout.write(`${seeds} seed(s) from ${first}, ${c.nodes} nodes, ${c.hours} h, faults: ${c.faults}\n`);
  process.stdout.write(
    `${'answer'.padEnd(12)} ${'truth'.padStart(6)} ${'found'.padStart(6)} ${'match'.padStart(6)} ${'prec'.padStart(6)} ${'recall'.padStart(6)} ${'F1'.padStart(6)}  end error median / p95 (s)\n`,
  );
  const table = [...rows.map((r) => ({ ...r, label: r.type as string })), ...skewed.map((r) => ({ ...r, label: `${r.type}*` }))];
  for (const r of table) {
    process.stdout.write(
      `${r.label.padEnd(12)} ${String(r.truth).padStart(6)} ${String(r.derived).padStart(6)} ${String(r.matched).padStart(6)} ${f(r.precision).padStart(6)} ${f(r.recall).padStart(6)} ${f(r.f1).padStart(6)}  ${f(r.endErrorMedianS, 2)} / ${f(r.endErrorP95S, 2)}\n`,
    );
  }
  if (skewed.length)
    process.stdout.write(
      '* involving the node whose clock was skewed: its times are off by the skew in the logs themselves (see truth.json faults[].indistinguishable)\n',
    );
  return EXIT_OK;
}
