/**
 * A bad line or file is data: tagged with a reason from this closed set and counted,
 * never an exception. Reports show these names; tests assert on them.
 */
export const FILE_SKIP_REASONS = [
  'binary', //            NUL bytes / control characters: not a log
  'unknown_format', //    text, but neither glog nor ZooKeeper
  'empty', //             zero bytes
  'unreadable', //        permission denied, vanished, I/O error
  'outside_bundle', //    a symlink that leads out of the bundle
  'link_in_bundle', //    a symlink to a file inside the bundle (glog's zbs-chunkd.INFO): the file itself is read
  'severity_copy', //     glog's WARNING/ERROR/FATAL copy of an INFO file that is also present
  'unchanged', //         already ingested, same content
] as const;
export type FileSkipReason = (typeof FILE_SKIP_REASONS)[number];

export const LINE_ISSUES = [
  'bad_header', //        starts like a record but its header does not parse; kept as continuation
  'invalid_time', //      impossible date or time (Feb 30, 25:00); record not turned into an event
  'invalid_utf8', //      bytes that are not UTF-8; decoded with U+FFFD, event kept
  'cut_off_line', //      the file ends mid-line (a crashed writer); the partial line is kept
  'record_truncated', //  a record longer than the limit; its message is cut, event kept
  'leading_junk', //      lines before the first record (start-up banners)
  'glued_head', //        a ZooKeeper head glued to a test runner's progress marks (`..F.2021-…`); read as a record
  'truncated_gzip', //    a .gz stream ended early; everything before the break is kept
] as const;
export type LineIssue = (typeof LINE_ISSUES)[number];

export type IssueCounts = Partial<Record<LineIssue, number>>;

export function addCounts<K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>): void {
  for (const [k, v] of Object.entries(from) as [K, number][]) into[k] = (into[k] ?? 0) + v;
}
