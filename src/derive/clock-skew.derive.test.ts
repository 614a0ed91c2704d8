import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineEvent } from '../model/event.js';
import type { SourceInfo } from '../model/source-info.js';
import { deriveClockSkews } from './clock-skew.derive.js';

const T0 = Date.UTC(2022, 7, 18, 4, 0, 0) * 1000;
const at = (sec: number): number => T0 + Math.round(sec * 1e6);
let line = 0;

function meta(sec: number, node: string, leader: string | null, seq: number, pid = 100): TimelineEvent {
  const self = leader === null;
  return {
    tsUs: at(sec),
    cluster: 'c',
    node,
    service: 'zbs-metad',
    pid,
    kind: self ? 'meta.leader_self' : 'meta.leader_is',
    level: 'I',
    source: `${node}.log`,
    line: ++line,
    message: self ? `[ROLE CHANGE] I am the leader now.  seq is ${seq}` : `Leader is ${leader}:10100. seq is ${seq}`,
    peer: self ? null : `${leader}:10100`,
    fields: { seq },
  };
}
const claim = (sec: number, node: string, seq = 5): TimelineEvent => meta(sec, node, null, seq);
const seen = (sec: number, node: string, leader: string, seq = 5, pid = 100): TimelineEvent => meta(sec, node, leader, seq, pid);

/** Each node's metad (pid 100) has run since 10 minutes before T0; `late` nodes' pid 200 started at T0 + 30 s. */
function sources(late: string[] = []): SourceInfo[] {
  const src = (node: string, pid: number, firstSec: number): SourceInfo => ({
    source: `${node}-${pid}.log`,
    cluster: 'c',
    node,
    service: 'zbs-metad',
    pid,
    aliases: [],
    format: 'glog',
    yearSource: null,
    nameStartUs: null,
    firstTsUs: at(firstSec),
    lastTsUs: at(3600),
    firstLine: 1,
    lastLine: 10,
    endKind: 'none',
    lines: 10,
    records: 10,
    bytes: 100,
  });
  return [...['a', 'b', 'c', 'd'].map((n) => src(n, 100, -600)), ...late.map((n) => src(n, 200, 30))];
}

const cases: { name: string; events: TimelineEvent[]; late?: string[]; window?: [number, number]; want: string[] }[] = [
  {
    name: 'in sync: followers learn within a second or so',
    events: [claim(0, 'a'), seen(0.3, 'b', 'a'), seen(1.2, 'c', 'a'), seen(1.5, 'd', 'a')],
    want: [],
  },
  {
    name: 'whole-second stamps (the seed): one second later is in sync',
    events: [claim(30, 'b', 8), seen(31, 'a', 'b', 8), seen(31, 'c', 'b', 8), seen(31, 'd', 'b', 8)],
    want: [],
  },
  {
    name: 'every follower before the claim: the leader is ahead',
    events: [claim(5, 'a'), seen(0.5, 'b', 'a'), seen(1, 'c', 'a'), seen(1.4, 'd', 'a')],
    want: ['a +4.0 s vs b,c,d'],
  },
  {
    name: 'every follower seconds after the claim: the leader is behind',
    events: [claim(0, 'a'), seen(6.5, 'b', 'a'), seen(7, 'c', 'a'), seen(7.2, 'd', 'a')],
    want: ['a -7.0 s vs b,c,d'],
  },
  {
    name: 'one follower before the claim: its clock is behind',
    events: [claim(0, 'a'), seen(0.5, 'b', 'a'), seen(-4, 'c', 'a'), seen(1, 'd', 'a')],
    want: ['c -4.8 s vs a,b,d'],
  },
  {
    name: 'one follower seconds after the others: its clock is ahead',
    events: [claim(0, 'a'), seen(0.5, 'b', 'a'), seen(5, 'c', 'a'), seen(1, 'd', 'a')],
    want: ['c +4.3 s vs a,b,d'],
  },
  {
    name: 'two followers are enough to tell the odd one out',
    events: [claim(0, 'a'), seen(0.5, 'b', 'a'), seen(-3, 'c', 'a')],
    want: ['c -3.5 s vs a,b'],
  },
  { name: 'one follower cannot tell whose clock is off', events: [claim(0, 'a'), seen(-5, 'b', 'a')], want: [] },
  {
    name: 'a follower that started after the claim learns of it late: no comparison',
    events: [claim(0, 'a'), seen(0.5, 'b', 'a'), seen(1, 'c', 'a'), seen(40, 'd', 'a', 5, 200)],
    late: ['d'],
    want: [],
  },
  {
    name: 'a report minutes later is not the same announcement',
    events: [claim(0, 'a'), seen(0.5, 'b', 'a'), seen(1, 'c', 'a'), seen(2760, 'd', 'a')],
    want: [],
  },
  { name: 'another seq is another term', events: [claim(0, 'a', 5), seen(-4, 'b', 'a', 4), seen(-4, 'c', 'a', 4)], want: [] },
  {
    name: 'a pid-less report is not compared',
    events: [claim(0, 'a'), seen(0.5, 'b', 'a'), { ...seen(-4, 'c', 'a'), pid: null }],
    want: [],
  },
  {
    name: 'repeats: the first report of a follower counts',
    events: [claim(0, 'a'), seen(0.5, 'b', 'a'), seen(1, 'c', 'a'), seen(6, 'c', 'a'), seen(1.5, 'd', 'a')],
    want: [],
  },
  {
    name: 'two terms: one reading each, the median offset',
    events: [
      claim(0, 'a'),
      seen(0.5, 'b', 'a'),
      seen(-4, 'c', 'a'),
      seen(1, 'd', 'a'),
      claim(600, 'b', 6),
      seen(595, 'c', 'b', 6),
      seen(601, 'a', 'b', 6),
      seen(601, 'd', 'b', 6),
    ],
    want: ['c -5.4 s vs a,b,d (2 readings)'],
  },
  {
    name: 'a reading outside the window is left out',
    events: [claim(0, 'a'), seen(0.5, 'b', 'a'), seen(-4, 'c', 'a'), seen(1, 'd', 'a')],
    window: [60, 3600],
    want: [],
  },
];

for (const c of cases) {
  test(`clock skew: ${c.name}`, () => {
    const window = c.window ? { fromUs: at(c.window[0]), toUs: at(c.window[1]) } : undefined;
    const got = deriveClockSkews(c.events, sources(c.late), window).map(
      (s) =>
        `${s.node} ${s.offsetUs > 0 ? '+' : '-'}${(Math.abs(s.offsetUs) / 1e6).toFixed(1)} s vs ${s.reference.join(',')}${s.readings > 1 ? ` (${s.readings} readings)` : ''}`,
    );
    assert.deepEqual(got, c.want);
  });
}
