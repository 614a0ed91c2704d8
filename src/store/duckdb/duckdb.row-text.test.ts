import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineEvent } from '../../model/event.js';
import { decodeRowText, ROW_TEXT_SEP } from './duckdb.row-text.js';

const S = ROW_TEXT_SEP;
const row = (values: string[]): string => values.join(S);
const base = ['1660521600000001', '42', 'c', '10.0.0.1', 'zbs-chunkd', 'peer.link_down', 'W', 'a/b.log', '7', 'link down', '=10.0.0.2:10201', '{"times":2}'];
const want: TimelineEvent = { tsUs: 1660521600000001, cluster: 'c', node: '10.0.0.1', service: 'zbs-chunkd', pid: 42, kind: 'peer.link_down', level: 'W', source: 'a/b.log', line: 7, message: 'link down', peer: '10.0.0.2:10201', fields: { times: 2 } };
const withAt = (i: number, v: string): string[] => base.map((x, k) => (k === i ? v : x));

test('decodeRowText, table', () => {
  const cases: { name: string; text: string | null; n: number; want: TimelineEvent[] | null }[] = [
    { name: 'no rows', text: null, n: 0, want: [] },
    { name: 'one row', text: row(base), n: 1, want: [want] },
    { name: 'two rows keep their order', text: row([...base, ...withAt(8, '8')]), n: 2, want: [want, { ...want, line: 8 }] },
    { name: 'NULL pid', text: row(withAt(1, '')), n: 1, want: [{ ...want, pid: null }] },
    { name: 'NULL peer', text: row(withAt(10, '')), n: 1, want: [{ ...want, peer: null }] },
    { name: 'empty peer is not NULL', text: row(withAt(10, '=')), n: 1, want: [{ ...want, peer: '' }] },
    { name: 'empty message, unicode text', text: row(withAt(9, '')).replace('a/b.log', 'ä/😀.log'), n: 1, want: [{ ...want, message: '', source: 'ä/😀.log' }] },
    { name: 'names repeat and change between rows', text: row([...base, ...withAt(3, '10.0.0.12'), ...base]), n: 3, want: [want, { ...want, node: '10.0.0.12' }, want] },
    { name: 'a name that extends the previous one', text: row([...withAt(7, 'a.log'), ...withAt(7, 'a.log.1')]), n: 2, want: [{ ...want, source: 'a.log' }, { ...want, source: 'a.log.1' }] },
    { name: 'negative time, zero line', text: row(withAt(0, '-1000001').map((x, k) => (k === 8 ? '0' : x))), n: 1, want: [{ ...want, tsUs: -1000001, line: 0 }] },
    { name: 'a number beyond 2^53 rounds as Number() does', text: row(withAt(1, '9007199254740993')), n: 1, want: [{ ...want, pid: Number('9007199254740993') }] },
    { name: 'the last value of the last row empty', text: row(withAt(10, '')).slice(0, -'{"times":2}'.length) + '{}', n: 1, want: [{ ...want, peer: null, fields: {} }] },
    { name: 'separator inside a value: rows do not add up', text: row(withAt(9, `a${S}b`)), n: 1, want: null },
    { name: 'a value skipped (NULL in SQL): rows do not add up', text: row(base.slice(1)), n: 1, want: null },
    { name: 'a row missing: rows do not add up', text: row(base), n: 2, want: null },
    { name: 'no text for rows', text: null, n: 1, want: null },
    { name: 'a value too many', text: row([...base, 'x']), n: 1, want: null },
    { name: 'rows but no count', text: row(base), n: 0, want: null },
  ];
  for (const c of cases) assert.deepEqual(decodeRowText(c.text, c.n), c.want, c.name);
});
