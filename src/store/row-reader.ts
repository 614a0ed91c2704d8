/**
 * Reads the values of rows joined by one separator, in place: numbers are parsed from
 * the characters and a name equal to the previous row's (the common case) is compared
 * where it stands, so most values never become a string of their own. Allocating and
 * hashing a few hundred thousand small strings per query cost more than the rest of
 * the decoding.
 */
export class RowReader {
  private pos = 0;
  /** A value was asked for after the last one. */
  overran = false;
  /** Per column, the last name read. */
  private readonly last: (string | undefined)[] = [];
  /** One string per distinct name, so equal names are identical strings. */
  private readonly names = new Map<string, string>();

  constructor(
    private readonly text: string,
    private readonly sep: string,
  ) {}

  /** Every value read, none left over (one more or one fewer separator shows here). */
  get done(): boolean {
    return this.pos === this.text.length + 1;
  }

  /** Index of the current value's end: its separator, or the end of the text. -1 past the end. */
  private end(): number {
    if (this.pos > this.text.length) {
      this.overran = true;
      return -1;
    }
    const e = this.text.indexOf(this.sep, this.pos);
    return e < 0 ? this.text.length : e;
  }

  string(): string {
    const e = this.end();
    if (e < 0) return '';
    const v = this.text.slice(this.pos, e);
    this.pos = e + 1;
    return v;
  }

  /** A number as `Number()` reads its text; '' is null. */
  number(): number | null {
    const e = this.end();
    if (e < 0 || e === this.pos) {
      if (e >= 0) this.pos = e + 1;
      return null;
    }
    const start = this.pos;
    this.pos = e + 1;
    const neg = this.text.charCodeAt(start) === 45; // '-'
    let v = 0;
    for (let i = neg ? start + 1 : start; i < e; i++) {
      const d = this.text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return Number(this.text.slice(start, e));
      v = v * 10 + d;
    }
    // Exact while every prefix is a safe integer; beyond that, rounded as Number() rounds.
    if (v > Number.MAX_SAFE_INTEGER || e === (neg ? start + 1 : start)) return Number(this.text.slice(start, e));
    return neg ? -v : v;
  }

  /** A value that repeats from row to row (fields' JSON), as the string read before if it is the same. */
  name(col: number): string {
    const e = this.end();
    if (e < 0) return '';
    const from = this.pos;
    this.pos = e + 1;
    return this.intern(col, from, e);
  }

  /** A name that is '' for null and else follows one marker character. */
  markedName(col: number): string | null {
    const e = this.end();
    if (e < 0) return null;
    const from = this.pos;
    this.pos = e + 1;
    return e === from ? null : this.intern(col, from + 1, e);
  }

  /** The text from `from` to `e`, as the string read before if it is the same. */
  private intern(col: number, from: number, e: number): string {
    const l = this.last[col];
    if (l !== undefined && l.length === e - from && this.text.startsWith(l, from)) return l;
    const s = this.text.slice(from, e);
    let v = this.names.get(s);
    if (v === undefined) this.names.set(s, (v = s));
    this.last[col] = v;
    return v;
  }
}
