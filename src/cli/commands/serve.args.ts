/** `zbs-timeline serve`: its options; the work is in serve.command.ts, loaded when it runs. */
import { Option } from 'commander';
import { DEFAULT_LIMITS, LIMIT_FLAGS } from '../../api/limits/api-limits.config.js';
import { collect, defineCommand, storeOption, tzOption } from '../cli-command.js';
import type { ServeOptions } from './serve.options.js';

export const serveCli = defineCommand<ServeOptions>(
  'serve',
  'serve the GraphQL API and the playground over HTTP',
  (cmd) => {
    cmd
      .option('--port <n>', 'TCP port (0: any free one)', '4000')
      .option('--host <address>', 'address to listen on', '127.0.0.1')
      .addOption(storeOption())
      .option('--watch <dir>', 'also follow a live log directory, as `worker --watch` does, in this process (repeatable)', collect)
      .addOption(tzOption("IANA zone of the watched logs' local times (default: the cluster's remembered zone)"))
      .option('--interval <ms>', 'poll interval of --watch in ms (default 1000)')
      .option('--auth-token-file <file>', 'require a bearer token listed in FILE (YAML or JSON, see docs/api.md)')
      .option('--cors-origin <origin>', 'let browsers on ORIGIN call the API (repeatable; * for any)', collect)
      .option(
        '--allowed-host <name>',
        'Host headers served (repeatable; *.example.com for a domain); default on loopback: the bind address, localhost, 127.0.0.1, ::1',
        collect,
      )
      .option('--no-introspection', 'refuse schema introspection')
      .option('--no-playground', 'no /playground')
      .option('--production', 'both of the above')
      .option('--response-cache-mb <n>', 'memory for cached answers in MiB (0: none)');
    // One client must not take the server down: every limit has its flag.
    for (const { key, flag } of LIMIT_FLAGS) cmd.addOption(new Option(`--${flag} <n>`, `limit (default ${DEFAULT_LIMITS[key]})`));
    return cmd.addHelpText(
      'after',
      '\n/graphql (GET and POST; subscriptions over WebSocket, graphql-ws protocol), /playground (GraphiQL, no CDN),\n/timeline, /healthz, /metrics (Prometheus). Logs are JSON lines on stderr.\nSIGTERM or SIGINT: finish requests in flight and the poll in progress, close the store, exit 0. A busy port: exit 2.',
    );
  },
  async (_operands, o) => (await import('./serve.command.js')).serveCommand(o),
);
