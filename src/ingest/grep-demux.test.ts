import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demuxGrepOutput, grepPartSource } from './grep-demux.js';

const rec = (t: string, msg: string): string => `W0818 ${t}.000000 24086 data_channel_manager.cc:240] ${msg}`;

test('grep output split into one log per PATH, table', () => {
  const cases: { name: string; text: string; want: { parts: Record<string, [number, string][]>; lines: number; junk: number } }[] = [
    {
      name: 'rg -n -A1 over two files, separators and a prompt',
      text: [
        '$ rg -n -A1 "Fail to ping" a/x.INFO b/y.INFO',
        `a/x.INFO:10:${rec('12:46:00', 'Fail to ping : 1.1.1.1:1')}`,
        'a/x.INFO-11-Traceback:',
        '--',
        `b/y.INFO:7:${rec('12:46:01', 'Fail to ping : 2.2.2.2:1')}`,
        `b/y.INFO-8-${rec('12:46:02', 'next')}`,
        '',
      ].join('\n'),
      want: {
        parts: {
          'a/x.INFO': [
            [10, rec('12:46:00', 'Fail to ping : 1.1.1.1:1')],
            [11, 'Traceback:'],
          ],
          'b/y.INFO': [
            [7, rec('12:46:01', 'Fail to ping : 2.2.2.2:1')],
            [8, rec('12:46:02', 'next')],
          ],
        },
        lines: 6,
        junk: 2,
      },
    },
    {
      name: 'a continuation line cut from its record (-B began mid-record) is junk',
      text: ['a/x.INFO-20-[EShutDown]:', `a/x.INFO:21:${rec('12:46:00', 'x')}`, 'a/x.INFO-30-Traceback:'].join('\n'),
      want: { parts: { 'a/x.INFO': [[21, rec('12:46:00', 'x')]] }, lines: 3, junk: 2 },
    },
    {
      name: 'no line numbers: the line in the grep output stands in',
      text: ['note: from node 24', `x.INFO:${rec('12:46:00', 'a')}`, 'x.INFO-Traceback:'].join('\n'),
      want: {
        parts: {
          'x.INFO': [
            [2, rec('12:46:00', 'a')],
            [3, 'Traceback:'],
          ],
        },
        lines: 3,
        junk: 1,
      },
    },
    {
      name: 'grep -n on one file: no PATH',
      text: [`5:${rec('12:46:00', 'a')}`, '6-Traceback:'].join('\n'),
      want: {
        parts: {
          '': [
            [5, rec('12:46:00', 'a')],
            [6, 'Traceback:'],
          ],
        },
        lines: 2,
        junk: 0,
      },
    },
    { name: 'nothing but junk', text: '--\nhello\n', want: { parts: {}, lines: 2, junk: 2 } },
  ];
  for (const c of cases) {
    const d = demuxGrepOutput(Buffer.from(c.text, 'latin1'));
    const parts: Record<string, [number, string][]> = {};
    for (const p of d.parts) {
      const lines = p.content.toString('latin1').split('\n').slice(0, -1);
      parts[p.path] = lines.map((l, i) => [p.lineMap[i]!, l]);
    }
    assert.deepEqual({ parts, lines: d.lines, junk: d.junk }, c.want, c.name);
  }
});

test('bytes that are not UTF-8 pass through unchanged', () => {
  const raw = Buffer.concat([Buffer.from(`a.INFO:3:${rec('12:46:00', '')}`), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
  const [p] = demuxGrepOutput(raw).parts;
  assert.deepEqual(p!.content, Buffer.concat([Buffer.from(rec('12:46:00', '')), Buffer.from([0xff, 0xfe, 0x0a])]));
});

test('grep part source keys, table', () => {
  const cases: [string, string, string][] = [
    ['shared/rg.txt', '/var/log/zbs/zbs-chunkd.INFO', 'shared/rg.txt!/var/log/zbs/zbs-chunkd.INFO'],
    ['rg.txt', './172_17_57_24/zbs-chunkd.INFO', 'rg.txt!/172_17_57_24/zbs-chunkd.INFO'],
    ['rg.txt', '', 'rg.txt'],
  ];
  for (const [file, path, want] of cases) assert.equal(grepPartSource(file, path), want, `${file} ${path}`);
});
