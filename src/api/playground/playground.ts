/**
 * A self-hosted GraphiQL: the page and every asset come from this process (the
 * project's own dependencies), never from a CDN — portals run in closed networks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** URL path → [package file, content type]. */
const ASSETS: Record<string, [string, string]> = {
  '/playground/assets/react.js': ['react/umd/react.production.min.js', 'text/javascript'],
  '/playground/assets/react-dom.js': ['react-dom/umd/react-dom.production.min.js', 'text/javascript'],
  '/playground/assets/graphiql.js': ['graphiql/graphiql.min.js', 'text/javascript'],
  '/playground/assets/graphiql.css': ['graphiql/graphiql.min.css', 'text/css'],
};

const cache = new Map<string, Buffer>();

/** `pkg/sub/file.js` → its path on disk; packages' `exports` maps hide these files from require.resolve. */
function packageFile(spec: string): string {
  const [pkg, ...rest] = spec.split('/');
  return join(dirname(require.resolve(`${pkg}/package.json`)), ...rest);
}

/**
 * graphql-ws's browser client, as the package ships it (ES modules importing each other
 * by relative path): the playground runs subscriptions with it, and other pages may too.
 */
const WS_CLIENT_PREFIX = '/playground/assets/graphql-ws/';

function wsClientAsset(path: string): [string, string] | undefined {
  const file = path.slice(WS_CLIENT_PREFIX.length);
  return path.startsWith(WS_CLIENT_PREFIX) && /^[\w-]+\.js$/.test(file) ? [`graphql-ws/dist/${file}`, 'text/javascript'] : undefined;
}

export function playgroundAsset(path: string): { body: Buffer; type: string } | null {
  const a = ASSETS[path] ?? wsClientAsset(path);
  if (!a) return null;
  let body = cache.get(path);
  if (!body) {
    try {
      body = readFileSync(packageFile(a[0]));
    } catch {
      return null; // a name under graphql-ws/ that the package does not ship
    }
    cache.set(path, body);
  }
  return { body, type: a[1] };
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
<style>html,body,#graphiql{height:100%;margin:0}</style>
</head>
<body>
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
