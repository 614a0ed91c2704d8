import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterZone } from './event-filter.js';

const clusters = [
  { name: 'a', timeZone: 'Asia/Shanghai' },
  { name: 'b', timeZone: 'Asia/Shanghai' },
  { name: 'c', timeZone: null },
];

const cases: { name: string; list: typeof clusters; cluster?: string; want: string | null }[] = [
  { name: 'the cluster asked for', list: clusters, cluster: 'a', want: 'Asia/Shanghai' },
  { name: 'a cluster with no zone', list: clusters, cluster: 'c', want: null },
  { name: 'no cluster: the zone all share', list: clusters.slice(0, 2), want: 'Asia/Shanghai' },
  { name: 'no cluster, zones differ: unknown', list: [...clusters.slice(0, 2), { name: 'd', timeZone: 'UTC' }], want: null },
  { name: 'no cluster, one without a zone: unknown', list: clusters, want: null },
  { name: 'an empty store', list: [], want: null },
];

for (const c of cases) test(`clusterZone: ${c.name}`, () => assert.equal(clusterZone(c.list, c.cluster), c.want));
