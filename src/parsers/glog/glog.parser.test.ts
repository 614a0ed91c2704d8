import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GLOG_HEAD_MAX_BYTES,
  parseGlogFileHeader,
  parseGlogFileName,
  parseGlogHead,
  parseGlogRecordHeadAt,
  type GlogHead,
} from './glog.parser.js';

test('glog record heads, table', () => {
  const ok: { name: string; line: string; want: Partial<GlogHead> & { msg: string } }[] = [
    {
      name: 'seed warning line',
      line: 'W0818 12:46:00.433636 24086 data_channel_manager.cc:240] Fail to ping : 172.17.57.27:10201 ping error times: 1 st:',
      want: {
        level: 'W',
        year: null,
        month: 8,
        day: 18,
        hour: 12,
        minute: 46,
        second: 0,
        micros: 433636,
        threadId: '24086',
        file: 'data_channel_manager.cc',
        fileLine: 240,
        msg: 'Fail to ping : 172.17.57.27:10201 ping error times: 1 st:',
      },
    },
    {
      name: 'space-padded thread id',
      line: 'I0818 12:47:54.140734  8496 data_channel_manager.cc:252] datachannel back to normal : ip : 172.17.57.24 port 10201',
      want: { level: 'I', threadId: '8496', msg: 'datachannel back to normal : ip : 172.17.57.24 port 10201' },
    },
    {
      name: 'yyyymmdd prefix (newer glog)',
      line: 'E20221231 23:59:59.999999 1 a.cc:1] x',
      want: { level: 'E', year: 2022, month: 12, day: 31, msg: 'x' },
    },
    {
      name: 'thread id above 2^31',
      line: 'I0101 00:00:00.000000 140641236395776 a.cc:7] big tid',
      want: { threadId: '140641236395776', msg: 'big tid' },
    },
    { name: 'hex thread id', line: 'I0101 00:00:00.000000 0x7fe9be9e2700 a.cc:7] hex', want: { threadId: '0x7fe9be9e2700', msg: 'hex' } },
    {
      name: 'fatal line',
      line: 'F1109 00:19:02.649106 58754 control_component.cc:50] Check failed: chassis_reader_ == nullptr ',
      want: { level: 'F', msg: 'Check failed: chassis_reader_ == nullptr ' },
    },
    { name: 'empty message', line: 'I0101 00:00:00.000000 1 a.cc:1] ', want: { msg: '' } },
  ];
  for (const c of ok) {
    const r = parseGlogHead(c.line);
    assert.ok(r.ok, c.name);
    const h = r.head;
    for (const [k, v] of Object.entries(c.want)) {
      if (k === 'msg') assert.equal(c.line.slice(h.msgStart), v, `${c.name}: message`);
      else assert.equal(h[k as keyof typeof h], v, `${c.name}: ${k}`);
    }
  }
  const bad: [string, string, string][] = [
    ['continuation line', 'Traceback:', 'not_a_record'],
    ['stack frame', '    @     0x7fe9c1a3b1c3  google::LogMessage::Fail()', 'not_a_record'],
    ['header line', 'Log file created at: 2022/08/15 18:46:16', 'not_a_record'],
    ['lower-case level', 'i0818 12:46:00.433636 1 a.cc:1] x', 'not_a_record'],
    ['cut in the timestamp', 'W0818 12:4', 'bad_header'],
    ['no file:line', 'W0818 12:46:00.433636 24086 hello', 'bad_header'],
    ['empty', '', 'not_a_record'],
  ];
  for (const [name, line, reason] of bad) {
    const r = parseGlogHead(line);
    assert.equal(r.ok, false, name);
    if (!r.ok) assert.equal(r.reason, reason, name);
  }
});

test('glog file header', () => {
  const h = parseGlogFileHeader([
    'Log file created at: 2022/08/15 18:46:16',
    'Running on machine: node57-27',
    'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg',
  ]);
  assert.deepEqual(h.createdAt, { year: 2022, month: 8, day: 15, hour: 18, minute: 46, second: 16 });
  assert.equal(h.host, 'node57-27');
  assert.deepEqual(parseGlogFileHeader(['I0101 00:00:00.000000 1 a.cc:1] x']), {});
});

test('glog file names, table', () => {
  const cases: [string, ReturnType<typeof parseGlogFileName>][] = [
    [
      'zbs-chunkd.log.20220815-184616.8491',
      { program: 'zbs-chunkd', severity: null, start: { year: 2022, month: 8, day: 15, hour: 18, minute: 46, second: 16 }, pid: 8491 },
    ],
    [
      'mainboard.log.INFO.20231109-001850.58754',
      { program: 'mainboard', severity: 'INFO', start: { year: 2023, month: 11, day: 9, hour: 0, minute: 18, second: 50 }, pid: 58754 },
    ],
    [
      'mainboard.log.info.20190313-115015.26950',
      { program: 'mainboard', severity: 'INFO', start: { year: 2019, month: 3, day: 13, hour: 11, minute: 50, second: 15 }, pid: 26950 },
    ],
    [
      'zbs-metad.node1.root.log.WARNING.20220101-000000.7.gz',
      { program: 'zbs-metad', severity: 'WARNING', start: { year: 2022, month: 1, day: 1, hour: 0, minute: 0, second: 0 }, pid: 7 },
    ],
    ['zookeeper.log', null],
    ['zbs-chunkd.log', null],
  ];
  for (const [name, want] of cases) assert.deepEqual(parseGlogFileName(name), want, name);
});

/** The byte parser must agree with the text parser on every line: same verdict, same head. */
function agree(line: string): void {
  const bytes = Buffer.from(`junk\n${line}\nnext`, 'latin1');
  const at = 5;
  const fromBytes = parseGlogRecordHeadAt(bytes, at, at + Buffer.byteLength(line, 'latin1'));
  const fromText = parseGlogHead(line.slice(0, GLOG_HEAD_MAX_BYTES));
  if (!fromText.ok) {
    assert.deepEqual(fromBytes, { ok: false, reason: fromText.reason }, `verdict for ${JSON.stringify(line)}`);
    return;
  }
  const { threadId: _t, file: _f, fileLine: _l, ...head } = fromText.head;
  assert.deepEqual(fromBytes, { ok: true, head }, `head of ${JSON.stringify(line)}`);
}

test('glog heads from bytes agree with the text parser, table and mutations', () => {
  const lines = [
    'W0818 12:46:00.433636 24086 data_channel_manager.cc:240] Fail to ping : 172.17.57.27:10201 ping error times: 1 st:',
    'I0818 12:47:54.140734  8496 data_channel_manager.cc:252] datachannel back to normal',
    'E20221231 23:59:59.999999 1 a.cc:1] x',
    'I0101 00:00:00.000000 140641236395776 a.cc:7] big tid',
    'I0101 00:00:00.000000 0x7fe9be9e2700 a.cc:7] hex',
    'I0101 00:00:00.000000 0xg a.cc:7] not hex after 0x',
    'I0101 00:00:00.000000 0 a.cc:7]no space after the bracket',
    'F1109 00:19:02.649106 58754 control_component.cc:50] Check failed: x ',
    'I0101 00:00:00.000000 1 a.cc:1] ',
    'I0101 00:00:00.000000 1 a.cc:1]',
    'I0101 00:00:00.000000 1 dir\tfile\xe9.cc:1] latin1 bytes in the file name',
    'I010100:00:00.000000 1 a.cc:1] x',
    'I010 00:00:00.000000 1 a.cc:1] x',
    'I010101 00:00:00.000000 1 a.cc:1] six digits',
    'I0101 00:00:00.00000 1 a.cc:1] five-digit micros',
    'I0101 00:00:00.000000 1 a.cc:] no line number',
    'I0101 00:00:00.000000 1 :1] no file',
    'I0101 00:00:00.000000 1 a.cc:1 no bracket',
    'I0101 00:00:00.000000  a.cc:1] no thread',
    'I0101 00:00:00.000000 1 a]b.cc:1] bracket in file',
    `I0101 00:00:00.000000 1 ${'a'.repeat(600)}.cc:1] head longer than the limit`,
    'Traceback:',
    'W0818 12:4',
    'i0818 12:46:00.433636 1 a.cc:1] x',
    '',
    'I',
  ];
  for (const line of lines) {
    agree(line);
    // Every prefix: lines cut off anywhere.
    for (let n = 0; n < Math.min(line.length, 70); n++) agree(line.slice(0, n));
  }
  // Every single-byte substitution of a good head, with bytes the grammar cares about.
  const base = 'E20221231 23:59:59.999999 0x1f a.cc:12] m';
  for (let i = 0; i < base.length; i++)
    for (const ch of ['0', '9', 'a', 'x', ' ', ':', ']', '.', 'Z', '\xff']) agree(base.slice(0, i) + ch + base.slice(i + 1));
});
