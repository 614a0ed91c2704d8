/** One structured log line: what every long-running part (API, live feed, worker) writes through. */
export type LogFn = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
