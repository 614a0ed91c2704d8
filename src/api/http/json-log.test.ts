import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';

/** Logs `calls` in a child process (the logger writes to fd 2) and returns its stderr lines, parsed. */
function logged(calls: unknown[][]): Record<string, unknown>[] {
  const url = new URL('./json-log.js', import.meta.url).href;
  const script = `const { jsonLog, logsWritten } = await import(${JSON.stringify(url)}); for (const c of ${JSON.stringify(calls)}) jsonLog(...c); await logsWritten(); process.exit(0);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const cases: { name: string; call: unknown[]; want: Record<string, unknown> }[] = [
  { name: 'info with fields', call: ['info', 'poll', { files: 2, moved: 0 }], want: { level: 'info', msg: 'poll', files: 2, moved: 0 } },
  {
    name: 'warn',
    call: ['warn', 'any Host header is served', { host: '0.0.0.0' }],
    want: { level: 'warn', msg: 'any Host header is served', host: '0.0.0.0' },
  },
  {
    name: 'error without fields, quotes and a newline escaped',
    call: ['error', 'bad "x"\nnext'],
    want: { level: 'error', msg: 'bad "x"\nnext' },
  },
];

test('jsonLog: one JSON object per line with level name, ISO time, msg and the fields; nothing else', () => {
  const lines = logged(cases.map((c) => c.call));
  assert.equal(lines.length, cases.length);
  cases.forEach((c, i) => {
    const { time, ...rest } = lines[i]!;
    assert.match(String(time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, c.name);
    assert.deepEqual(rest, c.want, c.name);
  });
});

/** Runs `body` in a child process after importing jsonLog; returns its status and stderr's JSON lines. */
function run(body: string): { status: number | null; lines: Record<string, unknown>[] } {
  const url = new URL('./json-log.js', import.meta.url).href;
  const script = `const { jsonLog } = await import(${JSON.stringify(url)}); ${body}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('{'));
  return { status: r.status, lines: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

test('jsonLog: lines logged just before exit are all written, in order', () => {
  assert.equal(logged([['info', 'stopped']])[0]!.msg, 'stopped');
  // Enough lines that writes are still in flight when process.exit runs.
  const r = run(`for (let i = 0; i < 5000; i++) jsonLog('info', 'request', { i }); process.exit(0);`);
  assert.equal(r.status, 0);
  assert.deepEqual(
    r.lines.map((l) => l.i),
    Array.from({ length: 5000 }, (_, i) => i),
  );
});

test('jsonLog: the last line before an uncaught error is written', () => {
  const r = run(`for (let i = 0; i < 2000; i++) jsonLog('info', 'request', { i }); jsonLog('error', 'fatal'); throw new Error('boom');`);
  assert.notEqual(r.status, 0);
  assert.equal(r.lines.length, 2001);
  assert.equal(r.lines[2000]!.msg, 'fatal');
});

test('jsonLog: a reader of stderr that falls behind does not hold the logging process; no line is lost', async () => {
  const url = new URL('./json-log.js', import.meta.url).href;
  // 20 000 lines of ~150 bytes: far more than a pipe holds while nobody reads it.
  const script = `const { jsonLog } = await import(${JSON.stringify(url)}); const t0 = performance.now();
    for (let i = 0; i < 20000; i++) jsonLog('info', 'request', { i, pad: 'x'.repeat(100) });
    process.stdout.write(String(performance.now() - t0) + '\\n'); process.exit(0);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const readErr = (): void => void child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  // stderr is read only once the child says its burst is done (or after 5 s, so a held child is not stuck for good).
  const held = setTimeout(readErr, 5000);
  const burstMs = await new Promise<number>((resolve) => child.stdout.once('data', (c: Buffer) => resolve(Number(c.toString()))));
  clearTimeout(held);
  readErr();
  const [code] = (await once(child, 'close')) as [number];
  assert.equal(code, 0);
  assert.ok(burstMs < 2500, `the burst took ${burstMs} ms while stderr was not read`);
  const lines = err
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { i: number });
  assert.deepEqual(
    lines.map((l) => l.i),
    Array.from({ length: 20000 }, (_, i) => i),
  );
});
