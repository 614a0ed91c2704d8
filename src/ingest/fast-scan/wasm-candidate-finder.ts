/**
 * The CandidateFinder in WebAssembly SIMD (native/block-scan.c): same answers as the
 * JS reference (a differential test checks), several times faster. Blocks larger than
 * its input buffer fall back to the reference.
 */
import type { FormatMatcher } from '../../rules/rule-matcher.js';
import { JsCandidateFinder, type BlockScan, type CandidateFinder } from '../candidate-finder.js';
import { BLOCK_SCAN_WASM_BASE64 } from './block-scan.wasm.generated.js';

interface Exports {
  memory: WebAssembly.Memory;
  input_ptr(): number;
  staging_ptr(): number;
  cand_start_ptr(): number;
  cand_line_ptr(): number;
  capacity(): number;
  max_candidates(): number;
  reset(format: number): void;
  add_level(byte: number): void;
  add_literal(len: number, off: number): number;
  scan(len: number): number;
  res_lines(): number;
  res_heads(): number;
  res_first(): number;
  res_first_line(): number;
  res_last(): number;
  res_last_line(): number;
  res_glued(): number;
}

let compiled: WebAssembly.Module | null = null;

export function wasmSimdAvailable(): boolean {
  try {
    compiled ??= new WebAssembly.Module(Buffer.from(BLOCK_SCAN_WASM_BASE64, 'base64'));
    return true;
  } catch {
    return false; // no SIMD in this runtime: the JS reference serves
  }
}

export class WasmCandidateFinder implements CandidateFinder {
  private readonly x: Exports;
  private readonly fallback: JsCandidateFinder;
  private readonly cap: number;
  private readonly maxCandidates: number;

  constructor(matcher: FormatMatcher) {
    if (!wasmSimdAvailable()) throw new Error('WebAssembly SIMD is not available');
    // Each finder has its own instance: its memory holds the literals and the block.
    this.x = new WebAssembly.Instance(compiled!, {}).exports as unknown as Exports;
    this.fallback = new JsCandidateFinder(matcher);
    this.cap = this.x.capacity();
    this.maxCandidates = this.x.max_candidates();
    this.x.reset(matcher.format === 'glog' ? 0 : 1);
    for (const l of matcher.levels) this.x.add_level(l.charCodeAt(0));
    const staging = new Uint8Array(this.x.memory.buffer, this.x.staging_ptr(), 64);
    for (const lit of matcher.literals) {
      const bytes = Buffer.from(lit, 'latin1');
      staging.set(bytes);
      if (!this.x.add_literal(bytes.length, filterOffset(bytes))) throw new Error(`the SIMD scanner cannot take literal "${lit}"`);
    }
  }

  scan(b: Buffer, len: number): BlockScan {
    if (len > this.cap) return this.fallback.scan(b, len);
    const x = this.x;
    new Uint8Array(x.memory.buffer, x.input_ptr(), len).set(b.subarray(0, len));
    const count = x.scan(len);
    // A block with more candidate lines than the SIMD side keeps: the reference does it.
    if (count >= this.maxCandidates) return this.fallback.scan(b, len);
    return {
      lines: x.res_lines(),
      heads: x.res_heads(),
      firstHead: x.res_first(),
      firstHeadLine: x.res_first_line(),
      lastHead: x.res_last(),
      lastHeadLine: x.res_last_line(),
      glued: x.res_glued(),
      candidateCount: count,
      candidateStart: new Int32Array(x.memory.buffer, x.cand_start_ptr(), count),
      candidateLine: new Int32Array(x.memory.buffer, x.cand_line_ptr(), count),
    };
  }
}

/**
 * Where in a literal the SIMD filter looks: the three bytes least likely in ordinary
 * log text. Lower-case letters and spaces fill most lines, so a literal's first bytes
 * (`ses` of `session event`) also start ordinary words (`session 42`) and every such
 * place costs an exact compare; upper case, digits and punctuation are rarer.
 * The earliest of equally rare windows wins. A space stands for a run of blanks, so a
 * window holds none: one of three bytes without a space beats any shorter one (a
 * literal's end or a space cuts a window short; the filter matches anything past it).
 */
export function filterOffset(lit: Uint8Array): number {
  let best = 0;
  let bestScore = -1;
  for (let k = 0; k < lit.length; k++) {
    let solid = 0;
    let score = 0;
    while (solid < 3 && k + solid < lit.length && lit[k + solid] !== SPACE) score += rarity(lit[k + solid++]!);
    if (solid === 0) continue;
    score += solid * 100; // longer windows first, then rarer bytes
    if (score > bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best;
}

const SPACE = 32;

function rarity(c: number): number {
  if ((c >= 97 && c <= 122) || c === 32) return 0; // a-z, space
  if (c >= 48 && c <= 57) return 1; // digits
  if (c >= 65 && c <= 90) return 2; // A-Z
  return 3; // punctuation and the rest
}
