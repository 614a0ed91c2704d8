/** `zbs-timeline query`: its options; the work is in query.command.ts, loaded when it runs. */
import { defineCommand, storeOption } from '../cli-command.js';
import type { QueryOptions } from './query.command.js';

export const queryCli = defineCommand<QueryOptions>(
  'query',
  'run a GraphQL query in-process and print the JSON result',
  (cmd) =>
    cmd
      .argument('[document]', 'the GraphQL document (quote it), @FILE to read it from a file, or - to read it from stdin')
      .option('--file <file>', 'read the document from this file')
      .option('--variables <json>', 'variables, as a JSON object')
      .addOption(storeOption())
      .addHelpText('after', '\nPrints {"data": ...} (and "errors" if any). exit: 0 ok, 1 the result has errors, 2 usage error'),
  async (operands, o) => (await import('./query.command.js')).queryCommand(operands, o),
);
