import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runIngest, tmpDir, withStore } from './helpers.js';
import { eventsToBatches } from '../src/model/event-batch.js';

const HDR =
  'Log file created at: 2022/08/18 10:00:00\nRunning on machine: n1\nLog line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg\n';
const ping = (t: string, ip: string): string =>
  `W0818 ${t} 7 data_channel_manager.cc:240] Fail to ping : ${ip}:10201 ping error times: 1 st:\n`;

test('bad input never crashes ingest; every problem is counted with a reason', async () => {
  const root = tmpDir();
  const bundle = join(root, 'bundle');
  const d = join(bundle, '10_0_0_1', 'zbs_logs', 'zbs-chunkd');
  mkdirSync(d, { recursive: true });
  // Good files, including a gzipped rotated file.
  writeFileSync(join(d, 'zbs-chunkd.log.20220818-100000.7'), HDR + ping('10:00:01.000000', '10.0.0.2'));
  writeFileSync(join(d, 'zbs-chunkd.log.20220818-090000.7.gz'), gzipSync(HDR + ping('09:00:01.000000', '10.0.0.3')));
  // Binary junk, an empty file, a header-only file, a text file that is no log.
  writeFileSync(join(d, 'core.1234'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]));
  writeFileSync(join(d, 'empty.log'), '');
  writeFileSync(join(d, 'zbs-chunkd.log.20220818-110000.8'), HDR);
  writeFileSync(join(d, 'notes.txt'), 'remember to rotate\n');
  // A truncated gzip: its first part must still be ingested.
  const full = gzipSync(
    HDR +
      ping('12:00:00.000000', '10.0.0.4') +
      'I0818 12:00:01.000000 7 a.cc:1] ' +
      'y'.repeat(200_000) +
      '\n' +
      ping('12:00:02.000000', '10.0.0.5'),
  );
  writeFileSync(join(d, 'zbs-chunkd.log.20220818-120000.9.gz'), full.subarray(0, Math.floor(full.length * 0.6)));
  // A 1 MB line, invalid UTF-8, an impossible date and a cut-off last line in one file.
  writeFileSync(
    join(d, 'zbs-chunkd.log.20220818-130000.10'),
    Buffer.concat([
      Buffer.from(HDR + 'I0818 13:00:00.000000 10 a.cc:1] protobuf dump ' + 'x'.repeat(1024 * 1024) + '\n'),
      Buffer.from('W0818 13:00:01.000000 10 data_channel_manager.cc:240] Fail to ping : 10.0.0.6:10201 ping error times: 1 st: '),
      Buffer.from([0xc3, 0x28, 0xff, 0x0a]),
      Buffer.from('W0230 13:00:02.000000 10 data_channel_manager.cc:240] Fail to ping : 10.0.0.7:10201 ping error times: 1 st:\n'),
      Buffer.from('F0818 13:00:03.000000 10 a.cc:9] Check failed: disk ok'),
    ]),
  );
  // A symlink leading out of the bundle.
  writeFileSync(join(root, 'secret.log'), HDR + ping('14:00:00.000000', '10.0.0.8'));
  symlinkSync(join(root, 'secret.log'), join(d, 'escape.log'));

  await withStore(async (store) => {
    const r = await runIngest(store, [bundle, join(root, 'does-not-exist')]);
    assert.deepEqual(r.files.skipped, { binary: 1, empty: 1, not_a_log: 1, outside_bundle: 1 });
    assert.deepEqual(
      r.missingInputs.map((m) => m.detail),
      ['no such file or directory'],
    );
    assert.equal(r.files.ingested, 5);
    // The truncated gzip's last line is cut off; the crashed writer's last record is whole, only its newline is missing.
    assert.deepEqual(r.lineIssues, { truncated_gzip: 1, invalid_utf8: 1, invalid_time: 1, cut_off_line: 1, no_final_newline: 1 });
    assert.deepEqual(r.errors, []);
    const events = await store.queryEvents({});
    const peers = events
      .filter((e) => e.kind === 'peer.link_down')
      .map((e) => e.peer)
      .sort();
    assert.deepEqual(
      peers,
      ['10.0.0.2:10201', '10.0.0.3:10201', '10.0.0.4:10201', '10.0.0.6:10201'],
      'good lines kept; Feb 30 not invented; outside link not followed',
    );
    const bad = events.find((e) => e.peer === '10.0.0.6:10201')!;
    assert.match(bad.message, /\uFFFD/, 'invalid bytes decoded as U+FFFD');
    assert.equal(bad.line, 5);
    const crash = events.find((e) => e.kind === 'process.crash')!;
    assert.equal(crash.message, 'Check failed: disk ok', 'the cut-off last line is kept');
    const gz = (await store.listSources({})).find((s) => s.source.endsWith('090000.7.gz'))!;
    assert.equal(gz.service, 'zbs-chunkd');
    assert.equal(gz.pid, 7);
  });
});

test('glog per-severity copies are skipped when the INFO file is there', async () => {
  const dir = tmpDir();
  const line = 'F1109 00:19:02.649106 58754 control_component.cc:50] Check failed: x\n';
  writeFileSync(join(dir, 'control.log.INFO.20231109-001900.58754'), HDR + line);
  writeFileSync(join(dir, 'control.log.FATAL.20231109-001900.58754'), HDR + line);
  writeFileSync(join(dir, 'other.log.ERROR.20231109-001900.99'), HDR + line);
  await withStore(async (store) => {
    const r = await runIngest(store, [dir], { overrides: { node: 'n1' } });
    assert.deepEqual(r.files.skipped, { severity_copy: 1 });
    assert.equal((await store.queryEvents({ kinds: ['process.crash'] })).length, 2);
  });
});

test('a crash between writing events and finishing a file is repaired by the next run', async () => {
  const dir = tmpDir();
  writeFileSync(
    join(dir, 'zbs-chunkd.log.20220818-100000.7'),
    HDR + ping('10:00:01.000000', '10.0.0.2') + ping('10:00:02.000000', '10.0.0.3'),
  );
  await withStore(async (store) => {
    // What a killed run leaves behind: the file marked as being ingested, some of its events written.
    const source = 'zbs-chunkd.log.20220818-100000.7';
    await store.writeBatch({
      deletes: [],
      marks: [source],
      sources: [],
      events: eventsToBatches([
        {
          tsUs: Date.UTC(2022, 7, 18, 10, 0, 1) * 1000,
          cluster: 'default',
          node: 'n1',
          service: 'zbs-chunkd',
          pid: 7,
          kind: 'peer.link_down',
          level: 'W',
          source,
          line: 4,
          message: 'partial',
          peer: '10.0.0.2:10201',
          fields: {},
        },
      ]),
    });
    await runIngest(store, [dir], { overrides: { node: 'n1' } });
    const events = await store.queryEvents({ kinds: ['peer.link_down'] });
    assert.deepEqual(
      events.map((e) => [e.line, e.message.slice(0, 12)]),
      [
        [4, 'Fail to ping'],
        [5, 'Fail to ping'],
      ],
    );
  });
});

test('in an archive too: a severity copy before its INFO file is skipped; a lone copy is ingested', async () => {
  const { execFileSync } = await import('node:child_process');
  const dir = tmpDir();
  const line = 'F1109 00:19:02.649106 58754 control_component.cc:50] Check failed: x\n';
  writeFileSync(join(dir, 'control.log.FATAL.20231109-001900.58754'), HDR + line);
  writeFileSync(join(dir, 'control.log.INFO.20231109-001900.58754'), HDR + line);
  writeFileSync(join(dir, 'other.log.ERROR.20231109-001900.99'), HDR + line);
  const archive = join(dir, 'b.tar');
  // The copy first, as alphabetical order puts it.
  execFileSync('tar', [
    '-cf',
    archive,
    '-C',
    dir,
    'control.log.FATAL.20231109-001900.58754',
    'control.log.INFO.20231109-001900.58754',
    'other.log.ERROR.20231109-001900.99',
  ]);
  await withStore(async (store) => {
    const r = await runIngest(store, [archive], { overrides: { node: 'n1' } });
    assert.deepEqual(r.files.skipped, { severity_copy: 1 });
    assert.equal(r.files.ingested, 2);
    const crashes = await store.queryEvents({ kinds: ['process.crash'] });
    // Keyed by their path in the bundle, not the archive's name: the same files from a folder are the same sources.
    assert.deepEqual(crashes.map((e) => e.source).sort(), ['control.log.INFO.20231109-001900.58754', 'other.log.ERROR.20231109-001900.99']);
  });
});
