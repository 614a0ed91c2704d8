/**
 * Local wall-clock time → UTC for an IANA zone, DST-correct, with no dependencies.
 *
 * Log lines carry the node's local time and no offset. Converting every line through
 * Intl would cost microseconds each, so offsets are cached per local 15-minute slot
 * (every real-world offset change happens on a quarter hour).
 */

import type { LocalDateTime } from './local-date-time.js';

const US_PER_MS = 1000;
const MS_PER_MIN = 60_000;
const SLOT_MS = 15 * MS_PER_MIN;

export class TimeZoneError extends Error {}

/** Throws TimeZoneError for a name Intl does not know. */
export function assertTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new TimeZoneError(`unknown time zone "${tz}" (use an IANA name such as Asia/Shanghai or UTC)`);
  }
}

export class ZoneConverter {
  private readonly fmt: Intl.DateTimeFormat | null;
  /** local-slot start (ms, as if UTC) → offset in ms to subtract. */
  private readonly cache = new Map<number, number>();

  constructor(readonly tz: string) {
    assertTimeZone(tz);
    this.fmt =
      tz === 'UTC' || tz === 'Etc/UTC'
        ? null
        : new Intl.DateTimeFormat('en-US', {
            timeZone: tz,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
          });
  }

  /**
   * Converts local fields to UTC microseconds. Returns NaN for impossible dates
   * (Feb 30, hour 25). Ambiguous local times (the repeated hour when DST ends) take
   * the earlier instant; non-existent ones (the skipped hour) are moved forward by the
   * gap, as Temporal's 'compatible' disambiguation does.
   */
  toUtcUs(year: number, month: number, day: number, hour: number, minute: number, second: number, micros: number): number {
    if (!validFields(year, month, day, hour, minute, second)) return Number.NaN;
    const localMs = Date.UTC(year, month - 1, day, hour, minute, second);
    if (this.fmt === null) return localMs * US_PER_MS + micros;
    const slot = Math.floor(localMs / SLOT_MS) * SLOT_MS;
    let offset = this.cache.get(slot);
    if (offset === undefined) {
      offset = this.offsetForLocal(slot);
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(slot, offset);
    }
    return (localMs - offset) * US_PER_MS + micros;
  }

  /** The local wall-clock reading of a UTC instant (µs). */
  toLocal(utcUs: number): LocalDateTime {
    const ms = Math.floor(utcUs / US_PER_MS);
    const micros = utcUs - Math.floor(ms / 1000) * 1000 * US_PER_MS;
    const d = new Date(ms + this.offsetAtUtc(ms));
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), micros };
  }

  /**
   * The same wall-clock reading `years` later (or earlier), as UTC µs: how a record's
   * time moves when its file's year turns out to be another. NaN for Feb 29 in a common year.
   */
  shiftYears(utcUs: number, years: number): number {
    if (years === 0 || !Number.isFinite(utcUs)) return utcUs;
    const l = this.toLocal(utcUs);
    return this.toUtcUs(l.year + years, l.month, l.day, l.hour, l.minute, l.second, l.micros);
  }

  /** The zone's offset (ms) at a UTC instant. */
  offsetAtUtc(utcMs: number): number {
    if (this.fmt === null) return 0;
    const parts = this.fmt.formatToParts(new Date(utcMs));
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    for (const p of parts) {
      switch (p.type) {
        case 'year': y = Number(p.value); break;
        case 'month': mo = Number(p.value); break;
        case 'day': d = Number(p.value); break;
        case 'hour': h = Number(p.value); break;
        case 'minute': mi = Number(p.value); break;
        case 'second': s = Number(p.value); break;
      }
    }
    const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
    return asUtc - Math.floor(utcMs / 1000) * 1000;
  }

  private offsetForLocal(localMs: number): number {
    // Two candidate offsets: the one in force a day before and a day after cover
    // both sides of any transition near this local time.
    const o1 = this.offsetAtUtc(localMs - 86_400_000);
    const o2 = this.offsetAtUtc(localMs + 86_400_000);
    const candidates = o1 === o2 ? [o1] : [Math.max(o1, o2), Math.min(o1, o2)];
    for (const o of candidates) {
      // Larger offset first = earlier instant, which resolves the repeated hour.
      if (this.offsetAtUtc(localMs - o) === o) return o;
    }
    // In the gap: no offset maps back; use the offset before the gap, i.e. move forward.
    return Math.min(o1, o2);
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function validFields(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
  return day <= max;
}

/** ISO-8601 UTC with microseconds, e.g. `2022-08-18T04:46:00.433636Z`. */
export function formatUtcUs(us: number): string {
  const ms = Math.floor(us / 1000);
  const frac = String(us - ms * 1000 + (ms % 1000) * 1000).padStart(6, '0');
  const iso = new Date(ms).toISOString(); // 2022-08-18T04:46:00.433Z
  return `${iso.slice(0, 19)}.${frac}Z`;
}

/** Parses ISO-8601 with any offset (or none = UTC) into UTC µs; NaN when malformed. */
export function parseIsoToUs(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', off] = m;
  if (!validFields(+y!, +mo!, +d!, +h, +mi, +sec)) return Number.NaN;
  let ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +sec);
  if (off && off.toUpperCase() !== 'Z') {
    const sign = off.startsWith('-') ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * MS_PER_MIN;
  }
  const micros = Number((frac + '000000').slice(0, 6));
  return ms * 1000 + micros;
}
