import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ROOT, SEED_BUNDLE, tmpDir } from './helpers.js';

const BIN = join(ROOT, 'bin/zbs-timeline');
const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;
/** util-linux `script` gives the command a terminal; CI's Ubuntu has it. */
const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** The command with stderr on a terminal (stdout thrown away): what the terminal showed, and the exit code. */
function onTty(args: string[], cwd = ROOT): { code: number | null; shown: string } {
  const cmd = `${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')} >/dev/null`;
  const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, shown: r.stdout };
}

/** A progress frame: the line cleared (ESC [2K), then a bar and a percentage. */
const FRAME = new RegExp(String.raw`\r\u001b\[2K[█░]+ +\d+%`);
/** Anything a progress line writes: a carriage return, an escape sequence, a percentage. */
const ANY_PROGRESS = new RegExp(String.raw`\r|\u001b\[|\d+%`);

test(
  'simulate, score and check show progress on a terminal only',
  { skip: !HAS_SCRIPT && 'no util-linux script(1) for a terminal' },
  () => {
    const dir = tmpDir();
    const runs: { name: string; args: (n: string) => string[] }[] = [
      { name: 'simulate', args: (n) => ['simulate', '--out', join(dir, n), '--seed', '1', '--size-mb', '0.5', '--hours', '1'] },
      { name: 'score', args: () => ['score', '--seeds', '1', '--hours', '1'] },
      { name: 'check', args: () => ['check', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--quiet'] },
    ];
    for (const r of runs) {
      const tty = onTty(r.args('tty'));
      assert.match(tty.shown, FRAME, `${r.name} on a terminal: ${JSON.stringify(tty.shown.slice(0, 300))}`);
      const piped = cli(r.args('pipe'));
      assert.equal(tty.code, piped.code, r.name);
      assert.doesNotMatch(piped.stderr, ANY_PROGRESS, `${r.name} into a pipe: no progress`);
    }
  },
);

test('check --rules means event rules, as in ingest; a bad one exits 2 with one line', () => {
  const dir = tmpDir();
  const rules = join(dir, 'rules.json');
  writeFileSync(rules, JSON.stringify({ name: 'x', version: 1, rules: [{ id: 'a', kind: 'nope', formats: ['glog'], literal: 'xx' }] }));
  for (const cmd of ['ingest', 'check']) {
    const r = cli([cmd, SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--rules', rules, '--store', `duckdb:${join(dir, `${cmd}.duckdb`)}`]);
    assert.equal(r.code, 2, `${cmd}: ${r.stderr}`);
    assert.match(r.stderr, /unknown kind "nope"/, cmd);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, `${cmd}: one line: ${r.stderr}`);
  }
});

test('github annotations: the bundle path is relative to the folder check runs in', () => {
  const r = spawnSync(process.execPath, [BIN, 'check', 'seed-incident', '--tz', 'Asia/Shanghai', '--format', 'github', '--quiet'], {
    cwd: join(ROOT, 'test/fixtures'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^::error file=seed-incident\/172_17_57_24\/.*zbs-metad\.log\.20220818-120012\.30100,line=8,/m);
  assert.doesNotMatch(r.stdout, /file=\//, 'no absolute paths');
});
