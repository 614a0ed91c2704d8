/** A cut or odd archive keeps what is readable, says so, and never crashes ingest. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkfifoSync } from './fifo.js';
import { readdirSync, readFileSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runIngest, SEED_BUNDLE, tmpDir, withStore } from './helpers.js';

/** The seed bundle as one uncompressed tar, members in a fixed order. */
function seedTar(dir: string): Buffer {
  const path = join(dir, 'seed.tar');
  execFileSync('tar', ['--sort=name', '-cf', path, '-C', SEED_BUNDLE, '.']);
  return readFileSync(path);
}

async function eventCount(path: string): Promise<{ events: number; issues: Record<string, number>; notices: string[]; ingested: number }> {
  return withStore(async (store) => {
    const r = await runIngest(store, [path], { tz: 'Asia/Shanghai' });
    return { events: r.events.total, issues: r.lineIssues as Record<string, number>, notices: r.notices, ingested: r.files.ingested };
  });
}

test('a .tar cut inside a member keeps the members before it and the readable part of the cut one', async () => {
  const dir = tmpDir();
  const tar = seedTar(dir);
  const whole = await eventCount(join(dir, 'seed.tar'));
  assert.equal(whole.events, 53);
  assert.equal(whole.issues.truncated_archive, undefined);
  // Cut two thirds into the archive, in the middle of some member's data.
  const cutPath = join(dir, 'cut.tar');
  writeFileSync(cutPath, tar.subarray(0, Math.floor((tar.length * 2) / 3) + 100));
  const cut = await eventCount(cutPath);
  assert.equal(cut.issues.truncated_archive, 1);
  assert.ok(cut.events > 0 && cut.events < 53, `kept ${cut.events} of 53`);
  assert.match(cut.notices.join('\n'), /cut\.tar: truncated archive/);
});

test('a .tar.gz cut short (an interrupted download) keeps what inflated, and a whole copy then completes it', async () => {
  const dir = tmpDir();
  const gz = gzipSync(seedTar(dir));
  const cutPath = join(dir, 'cut.tar.gz');
  writeFileSync(cutPath, gz.subarray(0, Math.floor(gz.length * 0.7)));
  await withStore(async (store) => {
    const cut = await runIngest(store, [cutPath], { tz: 'Asia/Shanghai' });
    assert.equal(cut.lineIssues.truncated_archive, 1);
    assert.ok(cut.events.total > 0, 'the members before the cut are read');
    assert.deepEqual(cut.errors, []);
    // The download completes: the same archive, whole, under the same name.
    writeFileSync(cutPath, gz);
    await runIngest(store, [cutPath], { tz: 'Asia/Shanghai' });
    const fromFolder = await withStore(async (s2) => {
      await runIngest(s2, [SEED_BUNDLE], { tz: 'Asia/Shanghai' });
      return (await s2.queryEvents({})).map((e) => `${e.tsUs} ${e.kind} ${e.line}`).sort();
    });
    const fromArchive = (await store.queryEvents({})).map((e) => `${e.tsUs} ${e.kind} ${e.line}`).sort();
    assert.deepEqual(fromArchive, fromFolder, 'every event once: the cut member is read again, nothing doubled');
  });
});

test('a .tar that ends between members without its end marker is reported too', async () => {
  const dir = tmpDir();
  const tar = seedTar(dir);
  // The two zero blocks (and GNU padding) after the last member go.
  let end = tar.length;
  while (end > 0 && tar[end - 1] === 0) end--;
  end = Math.ceil(end / 512) * 512;
  writeFileSync(join(dir, 'nomarker.tar'), tar.subarray(0, end));
  const r = await eventCount(join(dir, 'nomarker.tar'));
  assert.equal(r.events, 53);
  assert.equal(r.issues.truncated_archive, 1);
});

test('links and FIFOs inside an archive are listed as skipped, not read', async () => {
  const dir = tmpDir();
  const src = join(dir, 'src');
  mkdirSync(src);
  writeFileSync(
    join(src, 'zbs-chunkd.log.20220815-184616.8491'),
    readFileSync(
      join(
        SEED_BUNDLE,
        '172_17_57_27/192_168_57_27_1dacc7b3-11ec-4afd-93c0-062544dc4e10/zbs_logs/zbs-chunkd/zbs-chunkd.log.20220815-184616.8491',
      ),
    ),
  );
  symlinkSync('zbs-chunkd.log.20220815-184616.8491', join(src, 'zbs-chunkd.INFO'));
  mkfifoSync(join(src, 'pipe'));
  execFileSync('tar', ['--sort=name', '-cf', join(dir, 'a.tar'), '-C', src, '.']);
  await withStore(async (store) => {
    const r = await runIngest(store, [join(dir, 'a.tar')]);
    assert.equal(r.files.ingested, 1);
    assert.deepEqual(r.skippedFiles.map((s) => [s.source, s.reason, s.detail]).sort(), [
      ['a.tar!/pipe', 'not_regular_file', 'fifo'],
      ['a.tar!/zbs-chunkd.INFO', 'not_regular_file', 'symlink'],
    ]);
  });
});

const HDR =
  'Log file created at: 2022/08/18 12:00:00\nRunning on machine: node24\nLog line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg\n';
const pingLine = (t: string, ip: string): string =>
  `W0818 ${t} 7 data_channel_manager.cc:240] Fail to ping : ${ip}:10201 ping error times: 1 st:\n`;

test('a small glog file ending in NUL padding (a power cut) keeps its events', async () => {
  const dir = tmpDir();
  const path = join(dir, 'zbs-chunkd.log.20220818-120000.7');
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from(HDR + pingLine('12:46:00.000000', '10.0.0.2') + pingLine('12:46:01.000000', '10.0.0.3')),
      Buffer.alloc(4096),
    ]),
  );
  await withStore(async (store) => {
    const r = await runIngest(store, [path]);
    assert.equal(r.files.ingested, 1, JSON.stringify(r.skippedFiles));
    assert.equal(r.lineIssues.nul_run, 1);
    const downs = await store.queryEvents({ kinds: ['peer.link_down'] });
    assert.deepEqual(
      downs.map((e) => [e.peer, e.line]),
      [
        ['10.0.0.2:10201', 4],
        ['10.0.0.3:10201', 5],
      ],
    );
  });
});

test('a NUL run inside a log: the record glued after it is read, at its own line number', async () => {
  const dir = tmpDir();
  const path = join(dir, 'zookeeper.log');
  const zk = (t: string, msg: string): string =>
    `2022-08-18 ${t} [myid:1] - INFO  [QuorumPeer[myid=1](plain=0.0.0.0:2181)(secure=disabled):QuorumPeer@1] - ${msg}\n`;
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from(zk('12:46:00,000', 'Peer state changed: following')),
      Buffer.alloc(3000),
      Buffer.from(zk('12:46:20,000', 'Peer state changed: looking') + zk('12:46:21,000', 'Peer state changed: leading')),
    ]),
  );
  await withStore(async (store) => {
    const r = await runIngest(store, [path], { overrides: { node: 'zk1' } });
    assert.equal(r.lineIssues.nul_run, 1);
    const states = await store.queryEvents({ kinds: ['zk.server.state'] });
    assert.deepEqual(
      states.map((e) => [e.fields.state, e.line]),
      [
        ['following', 1],
        ['looking', 2],
        ['leading', 3],
      ],
    );
  });
});

test('a .gz with a bad CRC keeps what inflated', async () => {
  const dir = tmpDir();
  const gz = Buffer.from(gzipSync(HDR + pingLine('12:46:00.000000', '10.0.0.2')));
  gz.writeUInt8(gz.readUInt8(gz.length - 6) ^ 0xff, gz.length - 6); // the CRC-32 in the trailer
  writeFileSync(join(dir, 'zbs-chunkd.log.20220818-120000.7.gz'), gz);
  await withStore(async (store) => {
    const r = await runIngest(store, [dir]);
    assert.equal(r.files.ingested, 1, JSON.stringify(r.skippedFiles));
    assert.equal(r.lineIssues.damaged_gzip, 1);
    assert.deepEqual(
      (await store.queryEvents({ kinds: ['peer.link_down'] })).map((e) => e.peer),
      ['10.0.0.2:10201'],
    );
  });
});

test("severity copies wait without a disk spool when the archive is on disk; a killed run's spool is removed", async () => {
  const dir = tmpDir();
  const line = 'F1109 00:19:02.649106 58754 control_component.cc:50] Check failed: x\n';
  writeFileSync(join(dir, 'control.log.WARNING.20231109-001900.58754'), HDR + line + 'y'.repeat(100_000) + '\n');
  writeFileSync(join(dir, 'other.log.ERROR.20231109-001900.99'), HDR + line);
  writeFileSync(join(dir, 'control.log.INFO.20231109-001900.58754'), HDR + line);
  execFileSync('tar', [
    '-czf',
    join(dir, 'b.tgz'),
    '-C',
    dir,
    'control.log.WARNING.20231109-001900.58754',
    'other.log.ERROR.20231109-001900.99',
    'control.log.INFO.20231109-001900.58754',
  ]);
  const tmp = tmpDir('zbs-tmp-');
  mkdirSync(join(tmp, 'zbs-spool-999999999-abc')); // what a killed run leaves
  writeFileSync(join(tmp, 'zbs-spool-999999999-abc', '0'), 'x');
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    await withStore(async (store) => {
      const r = await runIngest(store, [join(dir, 'b.tgz')]);
      assert.deepEqual(r.files.skipped, { severity_copy: 1 });
      assert.equal(r.files.ingested, 2, 'the INFO file, and the lone ERROR copy read on a second pass');
      assert.match(r.notices.join('\n'), /removed 1 spool folder/);
      const stdin = await runIngest(store, ['-'], { stdin: Readable.from([readFileSync(join(dir, 'b.tgz'))]) });
      assert.deepEqual([stdin.files.skipped, stdin.files.unchanged], [{ severity_copy: 1 }, 2], 'from stdin: spooled, then known again');
    });
  } finally {
    process.env.TMPDIR = saved;
  }
  assert.deepEqual(
    readdirSync(tmp).filter((n) => n.startsWith('zbs-spool-') || n.startsWith('zbs-tar-')),
    [],
    'no spool left in the temp folder',
  );
});
