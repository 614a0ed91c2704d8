/**
 * serve's internal endpoints: the CLI's ingest, events and query on a store serve holds
 * open (DuckDB admits one process) run here, in serve's process, on its store. Only for
 * a caller on this machine that read the serve file's secret; never for a browser (any
 * Origin header is refused, so a page cannot reach them even with the secret guessed).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { IngestOptions } from '../../ingest/ingest.js';
import { resolveEventFilter, type EventFilterInput } from '../../query/event-filter.js';
import type { EventStore } from '../../store/event-store.js';
import type { ApiContext } from '../api-context.js';
import type { LogFn } from '../../model/log.js';
import { readBody } from '../http/request-body.js';
import { sendJson } from '../http/send.js';
import { writeEventDump, type EventDumpFormat } from '../services/event-dump.js';
import { TimelineService } from '../services/timeline.service.js';
import { errorKind } from './internal-errors.js';
import { SERVE_SECRET_HEADER } from './serve-file.js';

export interface InternalRoutesOptions {
  store: EventStore;
  secret: string;
  log: LogFn;
  /** Called after an ingest stored something: subscribers are told. */
  onStored: () => void;
}

export interface EventsRequest extends EventFilterInput {
  limit?: number;
  format: EventDumpFormat;
}

export interface QueryRequest {
  document: string;
  variables?: Record<string, unknown>;
}

export type IngestRequest = Pick<IngestOptions, 'paths' | 'tz' | 'overrides' | 'year' | 'rezone' | 'rulesFiles' | 'jobs'>;

/** How long a request body may take to arrive (they are small JSON documents). */
const BODY_DEADLINE_MS = 10_000;

export type InternalHandler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>;

export function internalRoutes(o: InternalRoutesOptions): InternalHandler {
  const secret = Buffer.from(o.secret);
  let apollo: Promise<ApolloServer<ApiContext>> | null = null;
  let ingestTurn: Promise<unknown> = Promise.resolve();
  const routes: Record<string, (body: unknown, res: ServerResponse) => Promise<void>> = {
    '/internal/events': (b, res) => events(o.store, b as EventsRequest, res),
    '/internal/query': async (b, res) => {
      apollo ??= import('../apollo.js').then((m) => m.createApollo(o.log));
      sendJson(res, 200, await query(o.store, await apollo, b as QueryRequest));
    },
    '/internal/ingest': async (b, res) => {
      // One at a time: each reads the checkpoints the one before it wrote.
      const run = ingestTurn.then(() => ingestHere(o.store, b as IngestRequest));
      ingestTurn = run.catch(() => undefined);
      const report = await run;
      o.onStored();
      sendJson(res, 200, report);
    },
  };
  return async (req, res, path) => {
    const given = Buffer.from(String(req.headers[SERVE_SECRET_HEADER] ?? ''));
    const local = req.socket.remoteAddress === req.socket.localAddress;
    if (req.headers.origin !== undefined || !local || given.length !== secret.length || !timingSafeEqual(given, secret)) {
      return sendJson(res, 403, { error: { kind: 'forbidden', message: 'internal endpoints are for zbs-timeline on this machine' } });
    }
    const route = routes[path];
    if (!route || req.method !== 'POST')
      return sendJson(res, 404, { error: { kind: 'usage', message: `no route ${req.method ?? ''} ${path}` } });
    const read = await readBody(req, BODY_DEADLINE_MS);
    if ('refused' in read) return sendJson(res, read.refused, { error: { kind: 'usage', message: 'request body refused' } });
    try {
      await route(JSON.parse(read.body) as unknown, res);
    } catch (e) {
      if (res.headersSent) return void res.destroy(e as Error); // the client sees the stream cut short
      const kind = errorKind(e);
      if (kind === 'internal') o.log('error', 'internal request failed', { path, error: String((e as Error)?.stack ?? e) });
      sendJson(res, kind === 'internal' ? 500 : kind === 'store' ? 503 : 400, {
        error: { kind, message: (e as Error)?.message ?? String(e) },
      });
    }
  };
}

/** The dump, streamed: the filter is checked before the first byte, so a refusal is a clean error. */
async function events(store: EventStore, r: EventsRequest, res: ServerResponse): Promise<void> {
  const { zone, ...filter } = await resolveEventFilter(store, r);
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  let gone = false;
  res.once('close', () => void (gone = true));
  await writeEventDump(store, { ...filter, limit: r.limit }, r.format, zone, async (chunk) => {
    if (gone) throw new Error('the client went away');
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
  }).catch((e: unknown) => {
    if (!gone) throw e;
  });
  res.end();
}

async function query(store: EventStore, apollo: ApolloServer<ApiContext>, r: QueryRequest): Promise<unknown> {
  const res = await apollo.executeOperation(
    { query: r.document, variables: r.variables },
    { contextValue: { timeline: new TimelineService(store) } },
  );
  if (res.body.kind !== 'single') throw new Error('incremental delivery is not used by this API');
  return res.body.singleResult;
}

async function ingestHere(store: EventStore, r: IngestRequest): Promise<unknown> {
  const { ingest } = await import('../../ingest/ingest.js');
  return ingest({
    paths: r.paths,
    tz: r.tz,
    overrides: r.overrides,
    year: r.year,
    rezone: r.rezone,
    rulesFiles: r.rulesFiles,
    jobs: r.jobs,
    store,
  });
}
