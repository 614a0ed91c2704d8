/**
 * A self-hosted GraphiQL: the page and every asset come from this process (the
 * project's own dependencies), never from a CDN — portals run in closed networks.
 */
import { readFileSync } from 'node:fs';
import { assetLookup, packageFile } from '../static-assets.js';

const staticAsset = assetLookup({
  '/playground/assets/react.js': [packageFile('react/umd/react.production.min.js'), 'text/javascript'],
  '/playground/assets/react-dom.js': [packageFile('react-dom/umd/react-dom.production.min.js'), 'text/javascript'],
  '/playground/assets/graphiql.js': [packageFile('graphiql/graphiql.min.js'), 'text/javascript'],
  '/playground/assets/graphiql.css': [packageFile('graphiql/graphiql.min.css'), 'text/css'],
});

/**
 * graphql-ws's browser client, as the package ships it (ES modules importing each other
 * by relative path): the playground runs subscriptions with it, and other pages may too.
 */
const WS_CLIENT_PREFIX = '/playground/assets/graphql-ws/';
const wsClientFiles = new Map<string, { body: Buffer; type: string } | null>();

function wsClientAsset(path: string): { body: Buffer; type: string } | null {
  const file = path.slice(WS_CLIENT_PREFIX.length);
  if (!path.startsWith(WS_CLIENT_PREFIX) || !/^[\w-]+\.js$/.test(file)) return null;
  if (!wsClientFiles.has(file)) {
    try {
      wsClientFiles.set(file, { body: readFileSync(packageFile(`graphql-ws/dist/${file}`)), type: 'text/javascript' });
    } catch {
      wsClientFiles.set(file, null); // a name under graphql-ws/ that the package does not ship
    }
  }
  return wsClientFiles.get(file)!;
}

export function playgroundAsset(path: string): { body: Buffer; type: string } | null {
  return staticAsset(path) ?? wsClientAsset(path);
}

const DEFAULT_QUERY = `# zbs-timeline: which nodes went down, when, and why.
query WhatHappened($from: DateTime!, $to: DateTime!) {
  incidents(window: { from: $from, to: $to }) { start end scope nodes summary }
  nodeOutages(window: { from: $from, to: $to }) {
    node start end kinds services
    evidence { time service kind source line message }
  }
  zkElections(window: { from: $from, to: $to }) { start end leader leaderMyid }
}
`;

export function playgroundHtml(endpoint: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>zbs-timeline playground</title>
<link rel="stylesheet" href="/playground/assets/graphiql.css">
<style>html,body,#graphiql{height:100%;margin:0}
#timeline-link{position:fixed;right:12px;bottom:10px;z-index:10;font:13px system-ui,sans-serif;background:#1d2330;color:#fff;padding:4px 10px;border-radius:4px;text-decoration:none}</style>
</head>
<body>
<a id="timeline-link" href="/timeline">Timeline of the last incident →</a>
<div id="graphiql">Loading the playground…</div>
<script src="/playground/assets/react.js"></script>
<script src="/playground/assets/react-dom.js"></script>
<script src="/playground/assets/graphiql.js"></script>
<script type="module">
  import { createClient } from '${WS_CLIENT_PREFIX}client.js';
  // Subscriptions over WebSocket at the same path; queries over HTTP.
  const wsUrl = new URL(${JSON.stringify(endpoint)}, location.href);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)}, wsClient: createClient({ url: wsUrl.href }) });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
      variables: JSON.stringify({ from: '2022-08-18T00:00:00+08:00', to: '2022-08-19T00:00:00+08:00' }, null, 2) }));
</script>
</body>
</html>
`;
}
