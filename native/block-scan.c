/*
 * The ingest hot loop in WebAssembly SIMD: one pass over a block of log bytes that
 *  - counts newlines and record heads (glog `[IWEF]dddd`, ZooKeeper `dddd-`),
 *  - finds every line holding one of up to 64 literals (a Teddy-style filter on three
 *    bytes of each literal, nibble tables, then an exact compare). Which three bytes is
 *    the caller's choice (`off`): a literal's rarest bytes let through far fewer false
 *    candidates than its first ones (`session event` vs `lease renewed for session`).
 *    A space in a literal stands for a run of one or more spaces/tabs (real builds pad
 *    messages), so the filter bytes never include one and the compare runs from them
 *    outwards: forward to the literal's end, backward to its start,
 *  - and marks heads of a chosen level (F) as candidates too.
 * Output: candidate line starts and line indices, ascending, one per line.
 * Build: native/build-wasm.sh (clang --target=wasm32 -msimd128). The JS reference
 * implementation is src/ingest/candidate-finder.ts (JsCandidateFinder).
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define IN_CAP (8 * 1024 * 1024)
#define PAD 64
#define MAX_CANDS (1 << 18)
#define MAX_LITS 64
#define MAX_LIT_LEN 64

static uint8_t input[IN_CAP + PAD];
static int32_t cand_start[MAX_CANDS];
static int32_t cand_line[MAX_CANDS];
static uint8_t staging[MAX_LIT_LEN];
static uint8_t lits[MAX_LITS][MAX_LIT_LEN];
static int32_t lit_len[MAX_LITS];
static int32_t lit_off[MAX_LITS];
static int32_t n_lits;
/* The literals of each filter bucket (literal l is in bucket l % 8). */
static int32_t bucket_lits[8][MAX_LITS / 8];
static int32_t bucket_n[8];
static uint8_t lo_tbl[3][16], hi_tbl[3][16];
static uint8_t level_set[256];
static int32_t fmt; /* 0 glog, 1 zookeeper */
static int32_t r_lines, r_heads, r_first, r_first_line, r_last, r_last_line, r_count, r_glued;

uint8_t *input_ptr(void) { return input; }
uint8_t *staging_ptr(void) { return staging; }
int32_t *cand_start_ptr(void) { return cand_start; }
int32_t *cand_line_ptr(void) { return cand_line; }
int32_t capacity(void) { return IN_CAP; }
int32_t max_candidates(void) { return MAX_CANDS; }
int32_t res_lines(void) { return r_lines; }
int32_t res_heads(void) { return r_heads; }
int32_t res_glued(void) { return r_glued; }
int32_t res_first(void) { return r_first; }
int32_t res_first_line(void) { return r_first_line; }
int32_t res_last(void) { return r_last; }
int32_t res_last_line(void) { return r_last_line; }

void reset(int32_t format) {
  fmt = format;
  n_lits = 0;
  for (int k = 0; k < 8; k++) bucket_n[k] = 0;
  for (int k = 0; k < 3; k++)
    for (int j = 0; j < 16; j++) lo_tbl[k][j] = hi_tbl[k][j] = 0;
  for (int j = 0; j < 256; j++) level_set[j] = 0;
}

void add_level(int32_t byte) { level_set[byte & 255] = 1; }

/* Adds the literal held in `staging`, filtered on its bytes off..off+2 up to its end or
 * a space (later filter bytes match anything); returns 0 when full or of a bad length or
 * offset (one at a space). */
int32_t add_literal(int32_t len, int32_t off) {
  if (n_lits >= MAX_LITS || len < 2 || len > MAX_LIT_LEN || off < 0 || off >= len || staging[off] == ' ') return 0;
  for (int j = 0; j < len; j++) lits[n_lits][j] = staging[j];
  lit_len[n_lits] = len;
  lit_off[n_lits] = off;
  uint8_t bit = (uint8_t)(1u << (n_lits & 7));
  int32_t solid = 0; /* filter bytes before the literal's end or a space */
  while (solid < 3 && off + solid < len && staging[off + solid] != ' ') solid++;
  for (int k = 0; k < 3; k++) {
    if (k < solid) {
      uint8_t b = staging[off + k];
      lo_tbl[k][b & 15] |= bit;
      hi_tbl[k][b >> 4] |= bit;
    } else {
      for (int j = 0; j < 16; j++) { lo_tbl[k][j] |= bit; hi_tbl[k][j] |= bit; }
    }
  }
  bucket_lits[n_lits & 7][bucket_n[n_lits & 7]++] = n_lits;
  n_lits++;
  return 1;
}

static inline int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
static inline int is_blank(uint8_t c) { return c == ' ' || c == '\t'; }

/* JUnit text-runner progress marks a ZooKeeper head may be glued to (`..F.2021-…`): zk-server.parser.ts. */
#define MAX_HEAD_JUNK 8
static inline int is_junk(uint8_t c) { return c == '.' || c == 'F' || c == 'E' || c == 'I'; }

static inline int is_zk_date(const uint8_t *p, int32_t avail) {
  return avail >= 5 && is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) && p[4] == '-';
}

/* The rare glued head (`..F.2021-…`), out of line so that the hot loop stays as small as before: 2 if one starts at p. */
__attribute__((noinline)) static int glued_zk_head(const uint8_t *p, int32_t avail) {
  if (!is_junk(p[0])) return 0;
  int32_t k = 1;
  while (k < MAX_HEAD_JUNK && k < avail && is_junk(p[k])) k++;
  return is_zk_date(p + k, avail - k) ? 2 : 0;
}

/* 1 for a record head at p, 2 for a ZooKeeper head glued to progress marks, else 0. */
static inline int is_head(const uint8_t *p, int32_t avail) {
  if (avail < 5) return 0;
  if (fmt == 0) {
    uint8_t c = p[0];
    return (c == 'I' || c == 'W' || c == 'E' || c == 'F') && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) && is_digit(p[4]);
  }
  if (is_zk_date(p, avail)) return 1;
  return glued_zk_head(p, avail);
}

static inline void push(int32_t ls, int32_t li) {
  if (r_count > 0 && cand_start[r_count - 1] == ls) return;
  if (r_count < MAX_CANDS) {
    cand_start[r_count] = ls;
    cand_line[r_count] = li;
    r_count++;
  }
}

__attribute__((always_inline)) static inline void on_line_start(int32_t ls, int32_t li, int32_t len) {
  int h = is_head(input + ls, len - ls);
  if (!h) return;
  r_heads++;
  if (h == 2) r_glued++;
  if (r_first < 0) { r_first = ls; r_first_line = li; }
  r_last = ls;
  r_last_line = li;
  if (level_set[input[ls]]) push(ls, li);
}

/* Literal l's bytes from its filter offset to its end, from input position p (< len). A
 * space takes the whole run of blanks there: the literal byte after it is not a blank. */
static inline int tail_matches(int32_t l, int32_t p, int32_t len) {
  const uint8_t *b = lits[l];
  for (int32_t j = lit_off[l], n = lit_len[l]; j < n; j++) {
    if (p >= len) return 0;
    if (b[j] == ' ') {
      if (!is_blank(input[p])) return 0;
      while (++p < len && is_blank(input[p])) {}
    } else if (input[p++] != b[j]) {
      return 0;
    }
  }
  return 1;
}

/* Literal l's bytes before its filter offset, backwards from input position p - 1, not
 * before the line start. */
static inline int head_matches(int32_t l, int32_t p, int32_t line_start) {
  const uint8_t *b = lits[l];
  for (int32_t j = lit_off[l] - 1; j >= 0; j--) {
    if (--p < line_start) return 0;
    if (b[j] == ' ') {
      if (!is_blank(input[p])) return 0;
      while (p > line_start && is_blank(input[p - 1])) p--;
    } else if (input[p] != b[j]) {
      return 0;
    }
  }
  return 1;
}

/* Does a literal of `buckets` hold its filter bytes at `pos`, within the line?
 * Only the literals of the hit's buckets are tried (a hit has one or two buckets of eight). */
static inline int matches_at(int32_t pos, uint32_t buckets, int32_t line_start, int32_t len) {
  while (buckets) {
    int32_t k = __builtin_ctz(buckets);
    buckets &= buckets - 1;
    for (int32_t q = 0; q < bucket_n[k]; q++) {
      int32_t l = bucket_lits[k][q];
      int32_t start = pos - lit_off[l];
      /* Every literal byte takes at least one input byte: too close to an edge, no match. */
      if (start < line_start || start + lit_len[l] > len) continue;
      if (tail_matches(l, pos, len) && head_matches(l, pos, line_start)) return 1;
    }
  }
  return 0;
}

/* Scans input[0, len); the block starts at a line start. Returns the candidate count. */
int32_t scan(int32_t len) {
  if (len < 0 || len > IN_CAP) return -1;
  for (int j = 0; j < PAD; j++) input[len + j] = 0;
  r_lines = 0; r_heads = 0; r_first = -1; r_first_line = 0; r_last = -1; r_last_line = 0; r_count = 0; r_glued = 0;
  if (len == 0) return 0;
  on_line_start(0, 0, len);
  const v128_t lo0 = wasm_v128_load(lo_tbl[0]), hi0 = wasm_v128_load(hi_tbl[0]);
  const v128_t lo1 = wasm_v128_load(lo_tbl[1]), hi1 = wasm_v128_load(hi_tbl[1]);
  const v128_t lo2 = wasm_v128_load(lo_tbl[2]), hi2 = wasm_v128_load(hi_tbl[2]);
  const v128_t nib = wasm_i8x16_splat(15), nl = wasm_i8x16_splat('\n'), zero = wasm_i8x16_splat(0);
  const int use_lits = n_lits > 0;
  int32_t line_start = 0; /* start of the line being scanned */
  uint8_t m_bytes[16];
  for (int32_t i = 0; i < len; i += 16) {
    v128_t v0 = wasm_v128_load(input + i);
    uint32_t nlmask = (uint32_t)wasm_i8x16_bitmask(wasm_i8x16_eq(v0, nl));
    uint32_t cmask = 0;
    if (use_lits) {
      v128_t v1 = wasm_v128_load(input + i + 1), v2 = wasm_v128_load(input + i + 2);
      v128_t m = wasm_v128_and(wasm_i8x16_swizzle(lo0, wasm_v128_and(v0, nib)), wasm_i8x16_swizzle(hi0, wasm_u8x16_shr(v0, 4)));
      m = wasm_v128_and(m, wasm_v128_and(wasm_i8x16_swizzle(lo1, wasm_v128_and(v1, nib)), wasm_i8x16_swizzle(hi1, wasm_u8x16_shr(v1, 4))));
      m = wasm_v128_and(m, wasm_v128_and(wasm_i8x16_swizzle(lo2, wasm_v128_and(v2, nib)), wasm_i8x16_swizzle(hi2, wasm_u8x16_shr(v2, 4))));
      cmask = (uint32_t)wasm_i8x16_bitmask(wasm_i8x16_ne(m, zero));
      if (cmask) wasm_v128_store(m_bytes, m);
    }
    uint32_t all = nlmask | cmask;
    while (all) {
      int32_t j = __builtin_ctz(all);
      uint32_t bit = 1u << j;
      all &= all - 1;
      int32_t pos = i + j;
      if (pos >= len) break;
      /* A literal found here belongs to the current line (before any newline at pos). */
      if ((cmask & bit) && matches_at(pos, m_bytes[j], line_start, len)) push(line_start, r_lines);
      if (nlmask & bit) {
        r_lines++;
        line_start = pos + 1;
        if (line_start < len) on_line_start(line_start, r_lines, len);
      }
    }
  }
  return r_count;
}
