/** `zbs-timeline serve`: its options; the work is in serve.command.ts, loaded when it runs. */
import { defineCommand, storeOption } from '../cli-command.js';

export interface ServeOptions {
  port: string;
  host: string;
  store: string;
}

export const serveCli = defineCommand<ServeOptions>(
  'serve',
  'serve the GraphQL API and the playground over HTTP',
  (cmd) =>
    cmd
      .option('--port <n>', 'TCP port (0: any free one)', '4000')
      .option('--host <address>', 'address to listen on', '127.0.0.1')
      .addOption(storeOption())
      .addHelpText('after', '\n/graphql (GET and POST), /playground (GraphiQL, no CDN), /healthz. Logs are JSON lines on stderr.\nSIGTERM or SIGINT: finish requests in flight, close the store, exit 0. A busy port: exit 2.'),
  async (_operands, o) => (await import('./serve.command.js')).serveCommand(o),
);
