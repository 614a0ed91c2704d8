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
