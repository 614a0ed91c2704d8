/** A wall-clock reading as logs write it: no zone, microsecond precision. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
}

/**
 * A LocalDateTime from a date regex's named groups: y, mo, d, h, mi, s, and ms
 * (milliseconds, as ZooKeeper's log4j and its C client write them; absent: 0).
 */
export function localDateTimeFromGroups(g: Readonly<Record<string, string | undefined>>): LocalDateTime {
  return { year: +g.y!, month: +g.mo!, day: +g.d!, hour: +g.h!, minute: +g.mi!, second: +g.s!, micros: +(g.ms ?? 0) * 1000 };
}
