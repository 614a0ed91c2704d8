/** UTC µs → the wall-clock fields a node in `tz` writes into its logs (DST-correct: time/zone.ts's converter). */
import type { LocalDateTime } from '../time/local-date-time.js';
import { ZoneConverter } from '../time/zone.js';

export type LocalParts = LocalDateTime;

const zones = new Map<string, ZoneConverter>();

export function localParts(tz: string, us: number): LocalParts {
  let z = zones.get(tz);
  if (!z) zones.set(tz, (z = new ZoneConverter(tz)));
  return z.toLocal(us);
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
