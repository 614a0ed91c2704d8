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

/**
 * Abbreviations people type for a zone, and what they may mean. Intl takes some of them
 * (`CST` as US Central, `IST` as India, `BST` as Bangladesh) where a Shanghai or London
 * cluster was meant: a silent 13-hour shift. They are refused, with the candidates.
 */
const AMBIGUOUS: Readonly<Record<string, readonly string[]>> = {
  CST: ['Asia/Shanghai', 'America/Chicago', 'America/Havana', 'Asia/Taipei'],
  CDT: ['America/Chicago', 'America/Havana'],
  IST: ['Asia/Kolkata', 'Europe/Dublin', 'Asia/Jerusalem'],
  BST: ['Europe/London', 'Asia/Dhaka'],
  EST: ['America/New_York', 'Australia/Sydney', 'America/Panama'],
  EDT: ['America/New_York', 'America/Toronto'],
  PST: ['America/Los_Angeles', 'Asia/Manila'],
  PDT: ['America/Los_Angeles'],
  MST: ['America/Denver', 'America/Phoenix', 'Asia/Kuala_Lumpur'],
  MDT: ['America/Denver'],
  AST: ['America/Halifax', 'Asia/Riyadh'],
  ADT: ['America/Halifax'],
  SST: ['Asia/Singapore', 'Pacific/Pago_Pago'],
  HKT: ['Asia/Hong_Kong'],
  SGT: ['Asia/Singapore'],
  KST: ['Asia/Seoul'],
  MSK: ['Europe/Moscow'],
  AEST: ['Australia/Sydney', 'Australia/Brisbane'],
  ACST: ['Australia/Adelaide', 'Australia/Darwin'],
  AWST: ['Australia/Perth'],
  NZST: ['Pacific/Auckland'],
  CEST: ['Europe/Berlin', 'Europe/Paris'],
  EEST: ['Europe/Athens', 'Europe/Helsinki'],
  WIB: ['Asia/Jakarta'],
  PHT: ['Asia/Manila'],
};

/** `+08:00`, `-0530`, `UTC+8`, `GMT-03:00`: a fixed offset, written back as `+08:00`. */
const FIXED_OFFSET = /^(?:UTC|GMT)?\s*(?<sign>[+-])(?<h>\d{1,2})(?::?(?<m>\d{2}))?$/i;
const CANONICAL_OFFSET = /^(?<sign>[+-])(?<h>\d{2}):(?<m>\d{2})$/;

/**
 * The zone a user typed, checked and in canonical form: an IANA name as given, a fixed
 * offset as `+08:00`. Throws TimeZoneError for an unknown name or an ambiguous abbreviation.
 */
export function normalizeTimeZone(input: string): string {
  const tz = input.trim();
  const off = FIXED_OFFSET.exec(tz);
  if (off?.groups) {
    const h = Number(off.groups.h),
      m = Number(off.groups.m ?? 0);
    if (h > 14 || m > 59) throw new TimeZoneError(`time zone offset "${input}" is out of range (-14:00 to +14:00)`);
    if (h === 0 && m === 0) return 'UTC';
    return `${off.groups.sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  }
  const candidates = AMBIGUOUS[tz.toUpperCase()];
  if (candidates) {
    throw new TimeZoneError(
      `time zone "${input}" is an ambiguous abbreviation: use an IANA name, e.g. ${candidates.join(', ')}, or a fixed offset such as +08:00`,
    );
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new TimeZoneError(`unknown time zone "${input}" (use an IANA name such as Asia/Shanghai, or a fixed offset such as +08:00)`);
  }
  return tz;
}

/** Throws TimeZoneError unless `tz` is an IANA name or a fixed offset (see normalizeTimeZone). */
export function assertTimeZone(tz: string): void {
  normalizeTimeZone(tz);
}

export class ZoneConverter {
  private readonly fmt: Intl.DateTimeFormat | null;
  /** local-slot start (ms, as if UTC) → offset in ms to subtract. */
  private readonly cache = new Map<number, number>();

  /** A fixed offset's milliseconds east of UTC; null for a named zone. */
  private readonly fixedMs: number | null;

  constructor(readonly tz: string) {
    const canonical = normalizeTimeZone(tz);
    const off = CANONICAL_OFFSET.exec(canonical)?.groups;
    this.fixedMs = off ? (off.sign === '-' ? -1 : 1) * (Number(off.h) * 60 + Number(off.m)) * MS_PER_MIN : null;
    this.fmt =
      canonical === 'UTC' || canonical === 'Etc/UTC' || this.fixedMs !== null
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
    if (this.fmt === null) return (localMs - (this.fixedMs ?? 0)) * US_PER_MS + micros;
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
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      micros,
    };
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
    if (this.fmt === null) return this.fixedMs ?? 0;
    const parts = this.fmt.formatToParts(new Date(utcMs));
    let y = 0,
      mo = 0,
      d = 0,
      h = 0,
      mi = 0,
      s = 0;
    for (const p of parts) {
      switch (p.type) {
        case 'year':
          y = Number(p.value);
          break;
        case 'month':
          mo = Number(p.value);
          break;
        case 'day':
          d = Number(p.value);
          break;
        case 'hour':
          h = Number(p.value);
          break;
        case 'minute':
          mi = Number(p.value);
          break;
        case 'second':
          s = Number(p.value);
          break;
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

/** Parses ISO-8601 with any offset (or none: `zone`'s local time, else UTC) into UTC µs; NaN when malformed. */
export function parseIsoToUs(s: string, zone?: ZoneConverter): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', off] = m;
  if (!validFields(+y!, +mo!, +d!, +h, +mi, +sec)) return Number.NaN;
  const micros = Number((frac + '000000').slice(0, 6));
  if (!off && zone) return zone.toUtcUs(+y!, +mo!, +d!, +h, +mi, +sec, micros);
  let ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +sec);
  if (off && off.toUpperCase() !== 'Z') {
    const sign = off.startsWith('-') ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * MS_PER_MIN;
  }
  return ms * 1000 + micros;
}
