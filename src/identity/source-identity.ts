/**
 * Who wrote a file: cluster, node, service, process. Taken from whatever is
 * available — bundle folders, the file name, the glog header — and overridable.
 *
 *   172_17_57_27/192_168_57_27_1dacc7b3-11ec-4afd-93c0-062544dc4e10/zbs_logs/zbs-chunkd/zbs-chunkd.log.20220815-184616.8491
 *   ^ storage address = node name   ^ management address + cluster uuid                 ^ program       ^ start   ^ pid
 */
import { basename } from 'node:path';
import type { LogFormat, NodeFrom } from '../model/source-info.js';
import { parseGlogFileName, type GlogFileName } from '../parsers/glog/glog.parser.js';

export interface IdentityOverrides {
  cluster?: string;
  node?: string;
  service?: string;
}

export interface SourceIdentity {
  cluster: string;
  node: string;
  service: string;
  pid: number | null;
  aliases: string[];
  glogName: GlogFileName | null;
  /** True when the node name is a fallback (no address folder, no override). */
  nodeGuessed: boolean;
  nodeFrom: NodeFrom;
}

/** What a ZooKeeper log's first lines say about its server (see zk-servers.ts). */
export interface ZkIdentityHint {
  node: string;
  from: 'zk_myid' | 'zk_port';
  /** Its client address `ip:port`, when a thread name gives a specific one. */
  addr?: string;
}

/** `zk1.log`, `zookeeper-2.log`, `zoo3.out`, `zookeeper_3.log` (rotated `.1`, `.gz` too); not `zookeeper-3.4.6.log`. */
const ZK_FILE_NUMBER = /^(?:zk|zoo|zookeeper)[-_]?(\d{1,3})(?:\.(?:log|out|txt))?(?:\.\d+)?(?:\.gz)?$/i;

const NODE_DIR = /^(\d{1,3})_(\d{1,3})_(\d{1,3})_(\d{1,3})$/;
const MGMT_CLUSTER_DIR =
  /^(\d{1,3})_(\d{1,3})_(\d{1,3})_(\d{1,3})_([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
const DEFAULT_CLUSTER = 'default';

/** A folder of the bundle layout: a node's storage address, or its management address and cluster. */
function isBundleDir(name: string): boolean {
  return NODE_DIR.test(name) || MGMT_CLUSTER_DIR.test(name);
}

/**
 * A file's key within its bundle, however it arrived: an archive's name and `./` go, and
 * where the path holds the bundle layout (`172_17_57_24/…`) it starts there, so the same
 * file read from the bundle folder, its parent or an archive of either has one key.
 */
export function bundleKey(path: string): string {
  return bundlePath(path) ?? (pathParts(path).join('/') || path);
}

/** The part of a path from its first bundle-layout folder on, or null when it holds none. */
export function bundlePath(path: string): string | null {
  const parts = pathParts(path);
  const root = parts.findIndex(isBundleDir);
  return root >= 0 ? parts.slice(root).join('/') : null;
}

function pathParts(path: string): string[] {
  return path
    .replace(/^.*!\//, '')
    .split('/')
    .filter((p) => p !== '' && p !== '.' && p !== '..');
}
/** glog's link to a program's newest file, `zbs-chunkd.INFO`: the name grep output shows for live logs. */
const GLOG_LINK_NAME = /^([^.]+)\.(?:INFO|WARNING|ERROR|FATAL)$/;

/** The suffix of a source key that names a later file at an already-used path. */
const ROTATED_KEY_SUFFIX = /#[0-9a-f]{8}$/;

/** The key of a later file at a path whose key is taken: the path plus 8 hex digits of its content hash. */
export function rotatedSourceKey(path: string, contentHashHex: string): string {
  return `${path}#${contentHashHex.slice(0, 8)}`;
}

/**
 * `key` is the path within the bundle, `/`-separated; archive members as `a.tgz!/x/y`;
 * a rotated file's key may carry the suffix of `rotatedSourceKey`.
 */
export function identifySource(
  key: string,
  format: LogFormat,
  header: { host?: string },
  o: IdentityOverrides,
  zk?: ZkIdentityHint | null,
): SourceIdentity {
  // A second file that took a followed file's path is keyed `path#<fingerprint>` (see src/worker).
  const source = key.replace(ROTATED_KEY_SUFFIX, '');
  const parts = source.split(/[/!]+/).filter((p) => p !== '' && p !== '.');
  let node: string | undefined;
  let clusterUuid: string | undefined;
  const aliases: string[] = [];
  for (const p of parts) {
    const n = NODE_DIR.exec(p);
    if (n) node = n.slice(1, 5).join('.');
    const m = MGMT_CLUSTER_DIR.exec(p);
    if (m) {
      aliases.push(m.slice(1, 5).join('.'));
      clusterUuid = m[5]!.toLowerCase();
    }
  }
  const fromLayout = aliases.length > 0;
  if (header.host) aliases.push(header.host);
  const base = basename(parts[parts.length - 1] ?? source);
  const glogName = format === 'glog' ? parseGlogFileName(base) : null;
  const service =
    o.service ??
    (format === 'zookeeper'
      ? 'zookeeper'
      : format === 'zk-client'
        ? 'zk-client'
        : (glogName?.program ?? GLOG_LINK_NAME.exec(base)?.[1] ?? serviceFromFolders(parts) ?? base.replace(/\.(log|gz).*$/, '')));
  // Most trusted first; the file name is the last resort before `unknown`.
  const fileNumber = format === 'zookeeper' ? ZK_FILE_NUMBER.exec(base)?.[1] : undefined;
  const [nodeName, nodeFrom]: [string, NodeFrom] =
    o.node !== undefined
      ? [o.node, 'override']
      : node !== undefined
        ? [node, 'layout']
        : aliases.length
          ? [aliases[0]!, fromLayout ? 'layout' : 'header_host']
          : zk
            ? [zk.node, zk.from]
            : fileNumber !== undefined
              ? [`zk-file-${Number(fileNumber)}`, 'file_name']
              : ['unknown', 'unknown'];
  if (nodeFrom === zk?.from && zk.addr) aliases.push(zk.addr);
  return {
    cluster: o.cluster ?? clusterUuid ?? DEFAULT_CLUSTER,
    node: nodeName,
    service,
    pid: glogName?.pid ?? null,
    aliases: [...new Set(aliases.filter((a) => a !== nodeName))],
    glogName,
    nodeGuessed: o.node === undefined && node === undefined,
    nodeFrom,
  };
}

/** The folder above the file, unless it is a generic one (`zbs_logs`, `logs`). */
function serviceFromFolders(parts: string[]): string | undefined {
  const dir = parts[parts.length - 2];
  if (!dir || /^(zbs_)?logs?$/i.test(dir) || NODE_DIR.test(dir) || MGMT_CLUSTER_DIR.test(dir)) return undefined;
  return dir;
}
