import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identifySource, type ZkIdentityHint } from './source-identity.js';
import type { LogFormat } from '../model/source-info.js';

const UUID = '1dacc7b3-11ec-4afd-93c0-062544dc4e10';

test('node name and where it came from, most trusted first, table', () => {
  const myid2: ZkIdentityHint = { node: 'zk-myid-2', from: 'zk_myid', addr: '10.0.0.2:2181' };
  const port: ZkIdentityHint = { node: 'zk-port-2183', from: 'zk_port' };
  const cases: {
    name: string;
    key: string;
    format?: LogFormat;
    host?: string;
    node?: string;
    zk?: ZkIdentityHint;
    want: [string, string];
    aliases?: string[];
  }[] = [
    {
      name: 'node folder beats everything in the file',
      key: `172_17_57_24/192_168_57_24_${UUID}/zookeeper/zk1.log`,
      format: 'zookeeper',
      zk: myid2,
      want: ['172.17.57.24', 'layout'],
      aliases: ['192.168.57.24'],
    },
    {
      name: '--node beats the layout',
      key: `172_17_57_24/zookeeper.log`,
      format: 'zookeeper',
      node: 'n1',
      zk: myid2,
      want: ['n1', 'override'],
    },
    {
      name: 'management folder alone is layout too',
      key: `192_168_57_24_${UUID}/zbs_logs/zookeeper.log`,
      format: 'zookeeper',
      zk: myid2,
      want: ['192.168.57.24', 'layout'],
    },
    { name: 'glog header host', key: 'logs/zbs-chunkd.log.20220815-184616.8491', host: 'node57-27', want: ['node57-27', 'header_host'] },
    {
      name: 'myid from the file, its client address an alias',
      key: 'zk1.log',
      format: 'zookeeper',
      zk: myid2,
      want: ['zk-myid-2', 'zk_myid'],
      aliases: ['10.0.0.2:2181'],
    },
    { name: 'client port when no myid', key: 'zk1.log', format: 'zookeeper', zk: port, want: ['zk-port-2183', 'zk_port'] },
    { name: 'file name zk1.log', key: 'logs/zk1.log', format: 'zookeeper', want: ['zk-file-1', 'file_name'] },
    { name: 'file name zookeeper-2.log', key: 'zookeeper-2.log', format: 'zookeeper', want: ['zk-file-2', 'file_name'] },
    { name: 'file name zoo3.out', key: 'zoo3.out', format: 'zookeeper', want: ['zk-file-3', 'file_name'] },
    {
      name: 'file name zookeeper_3.log, rotated and gzipped',
      key: 'zookeeper_3.log.2.gz',
      format: 'zookeeper',
      want: ['zk-file-3', 'file_name'],
    },
    { name: 'a version is no server number', key: 'zookeeper-3.4.6.log', format: 'zookeeper', want: ['unknown', 'unknown'] },
    { name: 'plain zookeeper.log', key: 'zookeeper.log', format: 'zookeeper', want: ['unknown', 'unknown'] },
    { name: 'a glog file is not named by a zk file rule', key: 'zk1.log', format: 'glog', want: ['unknown', 'unknown'] },
  ];
  for (const c of cases) {
    const id = identifySource(c.key, c.format ?? 'glog', { host: c.host }, { node: c.node }, c.zk);
    assert.deepEqual([id.node, id.nodeFrom], c.want, c.name);
    if (c.aliases) assert.deepEqual(id.aliases, c.aliases, `${c.name}: aliases`);
  }
});
