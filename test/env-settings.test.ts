import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, SEED_BUNDLE, tmpDir } from './helpers.js';

/** Environment settings are read before anything opens: a bad value is one line, exit 2, and no store file. */
const cases: { name: string; args: (store: string) => string[]; env: Record<string, string>; re: RegExp }[] = [
  {
    name: 'serve, ZBS_ANALYSIS_CACHE_MB',
    args: (s) => ['serve', '--port', '0', '--store', s],
    env: { ZBS_ANALYSIS_CACHE_MB: 'lots' },
    re: /ZBS_ANALYSIS_CACHE_MB=lots is not a whole number of MiB/,
  },
  {
    name: 'ingest, ZBS_DUCKDB_APPEND',
    args: (s) => ['ingest', SEED_BUNDLE, '--tz', 'Asia/Shanghai', '--store', s],
    env: { ZBS_DUCKDB_APPEND: 'fast' },
    re: /ZBS_DUCKDB_APPEND=fast is not one of auto, plain/,
  },
];
for (const c of cases) {
  test(`bad environment setting: ${c.name}`, () => {
    const dir = tmpDir();
    const file = join(dir, 's.duckdb');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/zbs-timeline'), ...c.args(`duckdb:${file}`)], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ...c.env },
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, c.re);
    assert.equal(existsSync(file), false);
  });
}
