/** Cached answers never outlive the data they came from: every write changes the data version. */
import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TimelineService } from '../src/api/services/timeline.service.js';
import { analysisCacheFor } from '../src/api/services/analysis-cache.js';
import { runIngest, SEED_BUNDLE, tmpDir, withStore } from './helpers.js';

test('a repeated query is answered from the cache; new events invalidate it', async () => {
  const bundle = join(tmpDir(), 'bundle');
  cpSync(SEED_BUNDLE, bundle, { recursive: true });
  await withStore(async (store) => {
    await runIngest(store, [bundle], { tz: 'Asia/Shanghai' });
    const window = { from: Date.UTC(2022, 7, 18, 3) * 1000, to: Date.UTC(2022, 7, 18, 6) * 1000 };
    const cache = analysisCacheFor(store);
    const first = await new TimelineService(store).serviceRestarts({ window });
    const again = await new TimelineService(store).serviceRestarts({ window });
    assert.deepEqual(again, first);
    assert.deepEqual([cache.hits, cache.misses], [1, 1]);

    // A new process instance of zbs-metad on 57.27 at 13:30 local: one more restart.
    const d = join(bundle, '172_17_57_27/192_168_57_27_1dacc7b3-11ec-4afd-93c0-062544dc4e10/zbs_logs/zbs-metad');
    mkdirSync(d, { recursive: true });
    writeFileSync(
      join(d, 'zbs-metad.log.20220818-133000.999'),
      'Log file created at: 2022/08/18 13:30:00\nRunning on machine: n4\nLog line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg\nI0818 13:30:00.000000   999 main.cc:1] starting\n',
    );
    await runIngest(store, [bundle]);
    const after = await new TimelineService(store).serviceRestarts({ window });
    assert.equal(cache.misses, 2, 'the write made the cached answer unreachable');
    assert.ok(after.length > first.length, `${after.length} restarts now, ${first.length} before`);
  });
});
