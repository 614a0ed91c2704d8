/**
 * A file holding several ZooKeeper servers: the file's own row keeps its node (the
 * first server it names), its byte and line counts and its checkpoint; each further
 * server gets a row of its own, keyed `<file>#<node>`, so that the catalog knows the
 * node and when it was heard of. Such a row has no bytes, lines or records of its own
 * (they are the file's) and spans the events kept of that server.
 */
import type { SourceInfo } from '../model/source-info.js';
import { END_KIND_TAIL_RECORDS } from './file-scanner.js';
import type { ZkScanState } from './zk-server-router.js';

/** The key of one server's row in a file of several. */
export function zkServerSourceKey(file: string, node: string): string {
  return `${file}#${node}`;
}

export function zkServerSources(file: SourceInfo, zk: ZkScanState): SourceInfo[] {
  const out: SourceInfo[] = [];
  for (const [node, span] of Object.entries(zk.spans)) {
    if (node === file.node) continue;
    const addr = zk.addrs[node];
    out.push({
      ...file,
      source: zkServerSourceKey(file.source, node),
      node,
      aliases: addr ? [addr] : [],
      nodeFrom: node.startsWith('zk-myid-') ? 'zk_myid' : 'zk_port',
      firstTsUs: span.firstTsUs,
      firstLine: span.firstLine,
      lastTsUs: span.lastTsUs,
      lastLine: span.lastLine,
      endKind: span.lastLifecycle && span.events - span.eventsAtLifecycle <= END_KIND_TAIL_RECORDS ? span.lastLifecycle : 'none',
      lines: 0,
      records: 0,
      bytes: 0,
    });
  }
  return out;
}
