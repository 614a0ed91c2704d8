/** Operators' view of a worker, at /metrics (Prometheus, via prom-client). */
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

type Field =
  | 'linesRead'
  | 'bytesRead'
  | 'eventsWritten'
  | 'filesIngested'
  | 'errors'
  | 'ticks'
  | 'filesDeferred'
  | 'lagBytes'
  | 'lagSeconds'
  | 'storeUp'
  | 'lastSuccessUnix';

/** Metric name, type, help, and the field it reports. */
const METRICS: [string, 'counter' | 'gauge', string, Field][] = [
  ['zbs_worker_lines_read_total', 'counter', 'Log lines read.', 'linesRead'],
  ['zbs_worker_bytes_read_total', 'counter', 'Log bytes read.', 'bytesRead'],
  ['zbs_worker_events_written_total', 'counter', 'Events written to the store.', 'eventsWritten'],
  ['zbs_worker_files_ingested_total', 'counter', 'Files (or file growths) ingested.', 'filesIngested'],
  ['zbs_worker_errors_total', 'counter', 'Failed polls (store unreachable, unreadable files).', 'errors'],
  ['zbs_worker_polls_total', 'counter', 'Polls of the followed directories.', 'ticks'],
  ['zbs_worker_files_deferred', 'gauge', 'Copies of followed files not read (copy-truncate in progress).', 'filesDeferred'],
  ['zbs_worker_lag_bytes', 'gauge', 'Bytes written to followed files but not yet stored.', 'lagBytes'],
  ['zbs_worker_lag_seconds', 'gauge', 'Age of the oldest file change not yet stored.', 'lagSeconds'],
  ['zbs_worker_store_up', 'gauge', '1 if the last poll that had something to write reached the store.', 'storeUp'],
  ['zbs_worker_last_success_timestamp_seconds', 'gauge', 'Unix time of the last successful poll.', 'lastSuccessUnix'],
];

/**
 * The worker sets plain fields as it goes; the registry reads them at scrape time
 * (prom-client's `collect`), so the worker's loop never touches a metric object.
 */
export class WorkerMetrics implements Record<Field, number> {
  linesRead = 0;
  bytesRead = 0;
  eventsWritten = 0;
  filesIngested = 0;
  errors = 0;
  ticks = 0;
  /** Copies of followed files waiting for their original to be truncated. */
  filesDeferred = 0;
  /** Bytes written to followed files since they were last read. */
  lagBytes = 0;
  /** Seconds since the oldest change not yet stored (0 when caught up). */
  lagSeconds = 0;
  storeUp = 0;
  lastSuccessUnix = 0;

  readonly registry = new Registry();

  constructor() {
    const read = (f: Field): number => this[f];
    for (const [name, type, help, field] of METRICS) {
      // A counter only goes up: re-setting it to the field's total is how a mirrored count is reported.
      if (type === 'counter')
        new Counter({
          name,
          help,
          registers: [this.registry],
          collect() {
            this.reset();
            this.inc(read(field));
          },
        });
      else
        new Gauge({
          name,
          help,
          registers: [this.registry],
          collect() {
            this.set(read(field));
          },
        });
    }
    collectDefaultMetrics({ register: this.registry });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  serve(port: number, host: string): Promise<Server> {
    const server = createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      this.render().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }
}
