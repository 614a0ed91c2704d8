/**
 * GraphQL subscriptions over WebSocket (the graphql-ws protocol) on serve's HTTP port,
 * at the same path as queries: ws://HOST:PORT/graphql. Only subscriptions go this way,
 * held to what HTTP holds a query to: the Host and Origin checks, the token, and the
 * document limits (tokens, depth, aliases, cost).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GraphQLError,
  getOperationAST,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { EventStore } from '../../store/event-store.js';
import type { ApiContext } from '../api-context.js';
import { apiErrorFormatter, type LogFn } from '../apollo.js';
import { timelineSchema } from '../schema.js';
import { TimelineService } from '../services/timeline.service.js';
import type { ApiLimits } from '../limits/api-limits.config.js';
import { documentLimitsRule } from '../limits/document-limits.rule.js';
import { costError } from '../limits/limits.plugin.js';
import type { LiveFeed } from './live-feed.service.js';

/**
 * May this connection subscribe? Given the `connection_init` payload (browsers cannot set
 * headers on a WebSocket, so a token comes as `{ authorization: "Bearer …" }` there) and
 * the upgrade request (other clients may send an Authorization header). False closes the
 * connection with 4403 Forbidden. Unset: everyone may (serve has no auth of its own yet).
 */
export type LiveAuthorizer = (
  connectionParams: Readonly<Record<string, unknown>> | undefined,
  request: IncomingMessage,
) => boolean | Promise<boolean>;

/** Why an upgrade request is refused before any WebSocket exists (the Host or Origin checks of HTTP); null lets it through. */
export type UpgradeCheck = (request: IncomingMessage) => { status: number; text: string } | null;

export interface LiveServerOptions {
  path: string;
  store: EventStore;
  feed: LiveFeed;
  log: LogFn;
  maxMessageBytes: number;
  /** The document limits of HTTP queries (tokens, depth, aliases, cost), applied to each subscription. */
  limits: Pick<ApiLimits, 'maxTokens' | 'maxDepth' | 'maxAliases' | 'maxCost'>;
  /** As over HTTP: off, `__schema` and `__type` are refused. */
  introspection: boolean;
  admit?: UpgradeCheck;
  authorize?: LiveAuthorizer;
}

export interface LiveServer {
  close(): Promise<void>;
}

export async function attachLiveServer(server: Server, opts: LiveServerOptions): Promise<LiveServer> {
  const schema = await timelineSchema();
  const formatError = apiErrorFormatter(opts.log, opts.limits.maxTokens);
  // A subscribe message is a GraphQL document with variables: the HTTP body limit, not ws's 100 MiB default.
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== opts.path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const refused = opts.admit?.(req);
    if (refused) {
      socket.end(`HTTP/1.1 ${refused.status} ${refused.text}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);
  const graphqlWs = useServer(
    {
      schema,
      isProd: true,
      onConnect: (ctx) => opts.authorize?.(ctx.connectionParams, ctx.extra.request) ?? true,
      onSubscribe: (_ctx, _id, payload) => prepare(schema, payload, opts),
      context: (): ApiContext => ({ timeline: new TimelineService(opts.store), live: opts.feed }),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    },
    wss,
  );
  return {
    async close() {
      server.off('upgrade', onUpgrade);
      opts.feed.close();
      await graphqlWs.dispose(); // closes every socket (1001 Going Away): the HTTP server can then close
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** The subscription to run, or why not: errors carry the codes Apollo gives the same mistakes over HTTP, limits included. */
function prepare(
  schema: GraphQLSchema,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  opts: Pick<LiveServerOptions, 'limits' | 'introspection'>,
): ExecutionArgs | readonly GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: opts.limits.maxTokens });
  } catch (e) {
    return [withCode(e as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
  }
  const invalid = validate(schema, document, validationRules(opts));
  if (invalid.length) return invalid.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
  const op = getOperationAST(document, payload.operationName);
  if (op && op.operation !== 'subscription') {
    return [
      new GraphQLError(`only subscriptions are served over WebSocket; send a ${op.operation} to POST /graphql`, {
        extensions: { code: 'BAD_REQUEST' },
      }),
    ];
  }
  const tooCostly = costError(opts.limits, schema, document, payload.variables ?? undefined, payload.operationName ?? undefined);
  if (tooCostly) return [tooCostly];
  return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
}

function validationRules(opts: Pick<LiveServerOptions, 'limits' | 'introspection'>): ValidationRule[] {
  const rules = [...specifiedRules, documentLimitsRule(opts.limits)];
  return opts.introspection ? rules : [...rules, NoSchemaIntrospectionCustomRule];
}

function withCode(e: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    path: e.path,
    originalError: e.originalError,
    extensions: { ...e.extensions, code: e.extensions.code ?? code }, // a limit's own code (QUERY_TOO_COMPLEX) stays
  });
}
