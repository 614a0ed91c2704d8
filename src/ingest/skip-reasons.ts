/**
 * A bad line or file is data: tagged with a reason from this closed set and counted,
 * never an exception. Reports show these names; tests assert on them.
 */
export const FILE_SKIP_REASONS = [
  'binary', //            NUL bytes / control characters: not a log
  'unrecognised_log', //  text whose lines look like log records (dates or times on most) in no format this tool reads: warned about
  'not_a_log', //         text that is no log: a README, a CSV, source code
  'empty', //             zero bytes
  'unreadable', //        permission denied, vanished, I/O error
  'outside_bundle', //    a symlink that leads out of the bundle
  'link_in_bundle', //    a symlink to a file inside the bundle (glog's zbs-chunkd.INFO): the file itself is read
  'severity_copy', //     glog's WARNING/ERROR/FATAL copy of an INFO file that is also present
  'unchanged', //         already ingested, same content
  'duplicate', //         a second copy, in this run, of a file read under another name
  'not_regular_file', //  an archive member that is a link, device or FIFO: nothing to read
] as const;
export type FileSkipReason = (typeof FILE_SKIP_REASONS)[number];

export const LINE_ISSUES = [
  'bad_header', //        starts like a record but its header does not parse; kept as continuation
  'invalid_time', //      impossible date or time (Feb 30, 25:00); record not turned into an event
  'invalid_utf8', //      bytes that are not UTF-8; decoded with U+FFFD, event kept
  'cut_off_line', //      the file ends mid-line (a crashed writer): an incomplete head or character; the partial line is kept
  'no_final_newline', //  the last record is whole but has no newline (an excerpt, an editor's save); kept
  'record_truncated', //  a record longer than the limit; its message is cut, event kept
  'leading_junk', //      lines before the first record (start-up banners)
  'junk_line', //         a line of no record: grep's `--` separators, prompts and notes; lines between raw ZooKeeper C-client records
  'glued_head', //        a ZooKeeper head glued to a test runner's progress marks (`..F.2021-…`); read as a record
  'nul_run', //           a run of NUL bytes (a power cut's leftovers), read as blanks; the record after it is kept
  'damaged_gzip', //      a .gz whose data or check value is bad: what inflated before it is kept
  'truncated_gzip', //    a .gz stream ended early; everything before the break is kept
  'truncated_archive', // a .tar/.tar.gz cut short: complete members and the cut one's prefix are kept
] as const;
export type LineIssue = (typeof LINE_ISSUES)[number];

export type IssueCounts = Partial<Record<LineIssue, number>>;

export function addCounts<K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>): void {
  for (const [k, v] of Object.entries(from) as [K, number][]) into[k] = (into[k] ?? 0) + v;
}
