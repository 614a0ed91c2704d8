import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineEvent } from '../model/event.js';
import { decodeRowGroups, ROW_TEXT_SEP, type RowGroup } from './row-groups.js';

const S = ROW_TEXT_SEP;
const row = (values: string[]): string => values.join(S);
// ts, line, message, peer, fields
const base = ['1660521600000001', '7', 'link down', '=10.0.0.2:10201', '{"times":2}'];
const head = {
  cluster: 'c',
  node: '10.0.0.1',
  service: 'zbs-chunkd',
  pid: '42',
  source: 'a/b.log',
  kind: 'peer.link_down' as const,
  level: 'W' as const,
};
const want: TimelineEvent = {
  tsUs: 1660521600000001,
  cluster: 'c',
  node: '10.0.0.1',
  service: 'zbs-chunkd',
  pid: 42,
  kind: 'peer.link_down',
  level: 'W',
  source: 'a/b.log',
  line: 7,
  message: 'link down',
  peer: '10.0.0.2:10201',
  fields: { times: 2 },
};
const withAt = (i: number, v: string): string[] => base.map((x, k) => (k === i ? v : x));
const group = (text: string | null, n: number, over: Partial<RowGroup> = {}): RowGroup => ({ ...head, n, text, ...over });

test('decodeRowGroups, table', () => {
  const cases: { name: string; groups: RowGroup[]; want: TimelineEvent[] | null }[] = [
    { name: 'no groups', groups: [], want: [] },
    { name: 'a group of no rows', groups: [group(null, 0)], want: [] },
    { name: 'one row', groups: [group(row(base), 1)], want: [want] },
    { name: 'two rows keep their order', groups: [group(row([...base, ...withAt(1, '8')]), 2)], want: [want, { ...want, line: 8 }] },
    {
      name: 'two sources',
      groups: [group(row(base), 1), group(row(base), 1, { source: 'x.log', node: '10.0.0.9', pid: '' })],
      want: [want, { ...want, source: 'x.log', node: '10.0.0.9', pid: null }],
    },
    { name: 'NULL pid', groups: [group(row(base), 1, { pid: '' })], want: [{ ...want, pid: null }] },
    { name: 'NULL peer', groups: [group(row(withAt(3, '')), 1)], want: [{ ...want, peer: null }] },
    { name: 'empty peer is not NULL', groups: [group(row(withAt(3, '=')), 1)], want: [{ ...want, peer: '' }] },
    {
      name: 'empty message, unicode source',
      groups: [group(row(withAt(2, '')), 1, { source: 'ä/😀.log' })],
      want: [{ ...want, message: '', source: 'ä/😀.log' }],
    },
    {
      name: 'peers repeat and change between rows',
      groups: [group(row([...base, ...withAt(3, '=10.0.0.3:1'), ...base]), 3)],
      want: [want, { ...want, peer: '10.0.0.3:1' }, want],
    },
    {
      name: 'kind and level per group',
      groups: [group(row(base), 1), group(row(base), 1, { kind: 'peer.link_up', level: 'I' })],
      want: [want, { ...want, kind: 'peer.link_up', level: 'I' }],
    },
    {
      name: 'negative time, zero line',
      groups: [group(row(withAt(0, '-1000001').map((x, k) => (k === 1 ? '0' : x))), 1)],
      want: [{ ...want, tsUs: -1000001, line: 0 }],
    },
    {
      name: 'a pid beyond 2^53 rounds as Number() does',
      groups: [group(row(base), 1, { pid: '9007199254740993' })],
      want: [{ ...want, pid: Number('9007199254740993') }],
    },
    {
      name: 'the last value of the last row empty',
      groups: [group(row(withAt(3, '')).slice(0, -'{"times":2}'.length) + '{}', 1)],
      want: [{ ...want, peer: null, fields: {} }],
    },
    { name: 'separator inside a value: rows do not add up', groups: [group(row(withAt(2, `a${S}b`)), 1)], want: null },
    { name: 'a value skipped (NULL in SQL): rows do not add up', groups: [group(row(base.slice(1)), 1)], want: null },
    { name: 'a row missing: rows do not add up', groups: [group(row(base), 2)], want: null },
    { name: 'no text for rows', groups: [group(null, 1)], want: null },
    { name: 'a value too many', groups: [group(row([...base, 'x']), 1)], want: null },
    { name: 'one bad group spoils the answer', groups: [group(row(base), 1), group(row(base), 2)], want: null },
  ];
  for (const c of cases) assert.deepEqual(decodeRowGroups(c.groups), c.want, c.name);
});

test('decodeRowGroups with another separator (QuestDB DEL)', () => {
  const del = '\u007f';
  const text = (values: string[]): string => values.join(del);
  assert.deepEqual(decodeRowGroups([group(text(base), 1)], del), [want]);
  assert.deepEqual(decodeRowGroups([group(text([...base, ...withAt(1, '8')]), 2)], del), [want, { ...want, line: 8 }]);
  assert.equal(decodeRowGroups([group(text(withAt(2, `a${del}b`)), 1)], del), null, 'separator inside a value');
  assert.equal(decodeRowGroups([group(row(base), 1)], del), null, 'the other separator is not this one');
});

test('decodeRowGroups with peer and fields per group (RowGroup.shared), table', () => {
  const three = (values: string[]): string => values.slice(0, 3).join(S);
  const shared = { peer: '10.0.0.2:10201', fields: '{"times":2}' };
  const cases: { name: string; groups: RowGroup[]; want: TimelineEvent[] | null }[] = [
    { name: 'one row', groups: [group(three(base), 1, { shared })], want: [want] },
    {
      name: 'two rows share peer and fields',
      groups: [group(row([three(base), three(withAt(1, '8'))]), 2, { shared })],
      want: [want, { ...want, line: 8 }],
    },
    { name: 'NULL peer', groups: [group(three(base), 1, { shared: { ...shared, peer: null } })], want: [{ ...want, peer: null }] },
    { name: 'empty peer is not NULL', groups: [group(three(base), 1, { shared: { ...shared, peer: '' } })], want: [{ ...want, peer: '' }] },
    { name: 'empty message last in the row', groups: [group(three(withAt(2, '')), 1, { shared })], want: [{ ...want, message: '' }] },
    {
      name: 'groups of both layouts',
      groups: [group(three(base), 1, { shared }), group(row(withAt(1, '9')), 1)],
      want: [want, { ...want, line: 9 }],
    },
    { name: 'fields that do not parse', groups: [group(three(base), 1, { shared: { ...shared, fields: '{"times"' } })], want: null },
    { name: 'separator inside the message: rows do not add up', groups: [group(three(withAt(2, `a${S}b`)), 1, { shared })], want: null },
    {
      name: 'three separators inside a message: still not the rows',
      groups: [group(row([three(withAt(2, `a${S}1${S}2${S}b`)), three(base)]), 2, { shared })],
      want: null,
    },
    { name: 'five values where three are expected', groups: [group(row(base), 1, { shared })], want: null },
  ];
  for (const c of cases) assert.deepEqual(decodeRowGroups(c.groups), c.want, c.name);
});
