import type { Level } from '../model/event.js';

/** What every record head says, whatever the format: local wall-clock time, level, where the message starts. */
export interface RecordHead {
  level: Level;
  /** Null when the line has no year (classic glog `mmdd`). */
  year: number | null;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
  /** Offset of the message within the line. */
  msgStart: number;
}
