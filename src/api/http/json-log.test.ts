import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** Logs `calls` in a child process (the logger writes to fd 2) and returns its stderr lines, parsed. */
function logged(calls: unknown[][]): Record<string, unknown>[] {
  const url = new URL('./json-log.js', import.meta.url).href;
  const script = `const { jsonLog } = await import(${JSON.stringify(url)}); for (const c of ${JSON.stringify(calls)}) jsonLog(...c); process.exit(0);`;
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
