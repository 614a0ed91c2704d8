/** UTC µs → the wall-clock fields a node in `tz` writes into its logs (DST-correct, via Intl). */
import type { LocalDateTime } from '../time/local-date-time.js';

export type LocalParts = LocalDateTime;

const formatters = new Map<string, Intl.DateTimeFormat>();

export function localParts(tz: string, us: number): LocalParts {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  const ms = Math.floor(us / 1000);
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour!,
    minute: out.minute!,
    second: out.second!,
    micros: us - Math.floor(us / 1e6) * 1e6,
  };
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/** `0818 12:46:00.433636` — glog's mmdd hh:mm:ss.uuuuuu. */
export function glogStamp(l: LocalParts): string {
  return `${p2(l.month)}${p2(l.day)} ${p2(l.hour)}:${p2(l.minute)}:${p2(l.second)}.${String(l.micros).padStart(6, '0')}`;
}

/** `2022/08/15 18:46:16` — glog's file header. */
export function glogHeaderStamp(l: LocalParts): string {
  return `${l.year}/${p2(l.month)}/${p2(l.day)} ${p2(l.hour)}:${p2(l.minute)}:${p2(l.second)}`;
}

/** `20220815-184616` — glog's file name. */
export function glogNameStamp(l: LocalParts): string {
  return `${l.year}${p2(l.month)}${p2(l.day)}-${p2(l.hour)}${p2(l.minute)}${p2(l.second)}`;
}

/** `2022-08-18T12:46:00,955` — ZooKeeper 3.6+. */
export function zkStamp(l: LocalParts): string {
  return `${l.year}-${p2(l.month)}-${p2(l.day)}T${p2(l.hour)}:${p2(l.minute)}:${p2(l.second)},${String(Math.floor(l.micros / 1000)).padStart(3, '0')}`;
}
