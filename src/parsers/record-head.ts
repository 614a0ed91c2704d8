import type { Level } from '../model/event.js';
import type { LocalDateTime } from '../time/local-date-time.js';

/** What every record head says, whatever the format: local wall-clock time, level, where the message starts. */
export interface RecordHead extends Omit<LocalDateTime, 'year'> {
  level: Level;
  /** Null when the line has no year (classic glog `mmdd`). */
  year: number | null;
  /** Offset of the message within the line. */
  msgStart: number;
}
