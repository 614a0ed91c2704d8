/** Operators' view of a worker, in Prometheus' text format at /metrics. */
import { createServer, type Server } from 'node:http';

export class WorkerMetrics {
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

  render(): string {
    const rows: [string, 'counter' | 'gauge', string, number][] = [
      ['zbs_worker_lines_read_total', 'counter', 'Log lines read.', this.linesRead],
      ['zbs_worker_bytes_read_total', 'counter', 'Log bytes read.', this.bytesRead],
      ['zbs_worker_events_written_total', 'counter', 'Events written to the store.', this.eventsWritten],
      ['zbs_worker_files_ingested_total', 'counter', 'Files (or file growths) ingested.', this.filesIngested],
      ['zbs_worker_errors_total', 'counter', 'Failed polls (store unreachable, unreadable files).', this.errors],
      ['zbs_worker_polls_total', 'counter', 'Polls of the followed directories.', this.ticks],
      ['zbs_worker_files_deferred', 'gauge', 'Copies of followed files not read (copy-truncate in progress).', this.filesDeferred],
      ['zbs_worker_lag_bytes', 'gauge', 'Bytes written to followed files but not yet stored.', this.lagBytes],
      ['zbs_worker_lag_seconds', 'gauge', 'Age of the oldest file change not yet stored.', this.lagSeconds],
      ['zbs_worker_store_up', 'gauge', '1 if the last poll that had something to write reached the store.', this.storeUp],
      ['zbs_worker_last_success_timestamp_seconds', 'gauge', 'Unix time of the last successful poll.', this.lastSuccessUnix],
    ];
    return rows.map(([name, type, help, v]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${v}\n`).join('');
  }

  serve(port: number, host: string): Promise<Server> {
    const server = createServer((req, res) => {
      if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(this.render());
      } else {
        res.writeHead(404).end();
      }
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }
}
