/**
 * A zone the logs contradict: a crash dump's `Aborted at <unix time>` (or any field a rule
 * marks as `unixTime`) is an absolute clock reading; the record that holds it was read in
 * the cluster's zone. When the two disagree by a quarter hour or more, the zone is wrong,
 * and the reading says which offset the node's clock really had.
 */
import type { ZoneConverter } from '../time/zone.js';

export interface AbsoluteTime {
  line: number;
  /** The record's time as read in the zone (UTC µs). */
  tsUs: number;
  /** The absolute reading (UTC µs). */
  absoluteUs: number;
}

export interface ZoneWarning {
  source: string;
  line: number;
  zone: string;
  /** The offset the zone gives at that time and the one the reading implies, as `+08:00`. */
  zoneOffset: string;
  impliedOffset: string;
  message: string;
}

const QUARTER_HOUR_US = 15 * 60 * 1_000_000;

/** A warning when `a` contradicts `zone`; `tsUs` already in its settled year. */
export function checkZone(source: string, a: AbsoluteTime, tsUs: number, zone: ZoneConverter): ZoneWarning | null {
  const diff = tsUs - a.absoluteUs;
  if (Math.abs(diff) < QUARTER_HOUR_US) return null;
  const offsetUs = zone.offsetAtUtc(Math.floor(tsUs / 1000)) * 1000;
  const implied = Math.round((offsetUs + diff) / QUARTER_HOUR_US) * QUARTER_HOUR_US;
  const zoneOffset = formatOffset(offsetUs),
    impliedOffset = formatOffset(implied);
  return {
    source,
    line: a.line,
    zone: zone.tz,
    zoneOffset,
    impliedOffset,
    message: `${source}:${a.line}: an absolute time in the log implies the node's clock was at UTC${impliedOffset}, but its cluster is read in ${zone.tz} (UTC${zoneOffset}): check --tz`,
  };
}

export function formatOffset(us: number): string {
  const min = Math.round(us / 60_000_000);
  const a = Math.abs(min);
  return `${min < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
