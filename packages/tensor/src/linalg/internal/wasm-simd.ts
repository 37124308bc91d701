// The float64 SIMD kernel behind the large Cholesky factorizations: a WebAssembly function
// assembled here, at first use, from the short instruction list below (no binary blob, no
// build step; ~0.6 KB, under the 4 KB that browsers compile synchronously on the main thread).
//
// Why WebAssembly: V8 compiles JavaScript float64 arithmetic to scalar code. The best
// register-blocked JavaScript micro-kernel measured ~5.4 GFLOP/s on the project machine (2-core
// Xeon, Sapphire Rapids, Node 20), the same as gemm.ts; the same 4×4 micro-kernel in wasm SIMD
// (f64x2, two lanes per instruction) ran at ~23 GFLOP/s. Relaxed SIMD (fused multiply-add) is
// not on by default in Node 20 and is not used: every product is rounded as in JavaScript.
//
// The kernel (Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", TOMS
// 2008): C[4×4 tile] −= Σ_p a_p b_pᵀ over packed slivers, a_p the 4 entries of column p of a
// 4-row sliver of A and b_p those of a 4-row sliver of B, so the tile's 16 sums stay in 8 SIMD
// registers for the whole k loop and each step loads 2 vectors of B and 4 scalars of A for 16
// multiply-adds. One call sweeps a row of tiles (one A sliver against nTiles consecutive B
// slivers), so the call overhead is paid once per 4×(4·nTiles) block.

const I32 = 0x7f;
const V128 = 0x7b;

function uleb(value: number): number[] {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

// Opcodes (WebAssembly core spec 2.0, §5.4, and the SIMD proposal's 0xfd prefix).
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32 = (v: number) => [0x41, ...sleb(v)];
const tee = (i: number) => [0x22, ...uleb(i)];
const ADD = [0x6a];
const SUB = [0x6b];
const MUL = [0x6c];
const SHL = [0x74];
const LT_S = [0x48];
const GT_S = [0x4a];
const LE_S = [0x4c];
const GE_S = [0x4e];
const IF = [0x04, 0x40];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = [0x0b];
const br = (depth: number) => [0x0c, ...uleb(depth)];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
// memarg: alignment hint 2³ (f64), then the offset.
const v128Load = (offset: number) => [0xfd, 0x00, 0x03, ...uleb(offset)];
const v128Load64Splat = (offset: number) => [0xfd, 0x0a, 0x03, ...uleb(offset)];
const v128Store = (offset: number) => [0xfd, 0x0b, 0x03, ...uleb(offset)];
const f64Load = (offset: number) => [0x2b, 0x03, ...uleb(offset)];
const f64Store = (offset: number) => [0x39, 0x03, ...uleb(offset)];
const F64_ADD = [0xa0];
const F64_SUB = [0xa1];
const F64_MUL = [0xa2];
const F64_DIV = [0xa3];
const F64X2_SPLAT = [0xfd, 0x14];
const lane = (k: number) => [0xfd, 0x21, k];
const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const F64X2_ADD = [0xfd, ...uleb(240)];
const F64X2_SUB = [0xfd, ...uleb(241)];
const F64X2_MUL = [0xfd, ...uleb(242)];

type Emit = (...parts: number[][]) => void;

function assembler(): { code: number[]; emit: Emit } {
  const code: number[] = [];
  return {
    code,
    emit: (...parts) => {
      for (const part of parts) code.push(...part);
    },
  };
}

/**
 * tiles(a, b, c, ldc, k, nTiles), all byte offsets into the memory except k and nTiles: for
 * t < nTiles, the 4×4 block of C at c + 32t (rows ldc bytes apart) −= A·Bᵀ, A the sliver at a
 * (k steps of 4 doubles) and B the sliver at b + 32·k·t.
 */
function tilesFunction(): number[] {
  // Parameters 0–5: a, b, c, ldc, k, nTiles. Locals: 6 p, 7 ap, 8 bp, 9 cp, 10 t (i32);
  // 11–18 the accumulators acc[r][h] (row r, column pair h), 19–20 the two B vectors,
  // 21 the splatted A entry (v128).
  const acc = (r: number, h: number) => 11 + 2 * r + h;
  const bv = (h: number) => 19 + h;
  const av = 21;
  const { code, emit } = assembler();
  emit(i32(0), set(10), BLOCK, LOOP, get(10), get(5), GE_S, brIf(1));
  for (let r = 0; r < 4; r++) for (let h = 0; h < 2; h++) emit(V128_ZERO, set(acc(r, h)));
  // ap = a; bp = b + t·k·32; p = 0.
  emit(get(0), set(7), get(1), get(10), get(4), MUL, i32(32), MUL, ADD, set(8), i32(0), set(6));
  emit(BLOCK, LOOP, get(6), get(4), GE_S, brIf(1));
  for (let h = 0; h < 2; h++) emit(get(8), v128Load(16 * h), set(bv(h)));
  for (let r = 0; r < 4; r++) {
    emit(get(7), v128Load64Splat(8 * r), set(av));
    for (let h = 0; h < 2; h++) {
      emit(get(acc(r, h)), get(av), get(bv(h)), F64X2_MUL, F64X2_ADD, set(acc(r, h)));
    }
  }
  emit(get(7), i32(32), ADD, set(7), get(8), i32(32), ADD, set(8), get(6), i32(1), ADD, set(6));
  emit(br(0), END, END);
  // C tile −= acc, row by row: cp = c + 32t, then cp += ldc.
  emit(get(2), get(10), i32(32), MUL, ADD, set(9));
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++) {
      emit(get(9), get(9), v128Load(16 * h), get(acc(r, h)), F64X2_SUB, v128Store(16 * h));
    }
    if (r < 3) emit(get(9), get(3), ADD, set(9));
  }
  emit(get(10), i32(1), ADD, set(10), br(0), END, END);
  const locals = vec([
    [5, I32],
    [11, V128],
  ]);
  return [...locals, ...code, ...END];
}

// Locals of the two triangular passes (after the six i32 parameters).
const I = 6; // row index i
const ROW = 7; // byte offset of row i of L
const Q = 8; // byte offset 8p into a row or vector
const LIM = 9; // 8i, the end of the strictly lower part of row i
const S = 10; // f64: a dot product
const XI = 11; // f64: a solved unknown
const ACC0 = 12; // v128 accumulators and the splatted multiplier
const ACC1 = 13;
const C = 14;
const TRIANGULAR_LOCALS = vec([
  [4, I32],
  [2, 0x7c],
  [3, V128],
]);

/** S = Σ_{8p < end} row[p]·vec[p], two vector accumulators, 4 entries per step, then the tail. */
function dot(emit: Emit, vecParam: number, end: number[]): void {
  emit(V128_ZERO, set(ACC0), V128_ZERO, set(ACC1), i32(0), set(Q));
  emit(BLOCK, LOOP, get(Q), i32(32), ADD, end, GT_S, brIf(1));
  emit(get(ACC0), get(ROW), get(Q), ADD, v128Load(0), get(vecParam), get(Q), ADD, v128Load(0));
  emit(F64X2_MUL, F64X2_ADD, set(ACC0));
  emit(get(ACC1), get(ROW), get(Q), ADD, v128Load(16), get(vecParam), get(Q), ADD, v128Load(16));
  emit(F64X2_MUL, F64X2_ADD, set(ACC1), get(Q), i32(32), ADD, set(Q), br(0), END, END);
  emit(get(Q), i32(16), ADD, end, LE_S, IF);
  emit(get(ACC0), get(ROW), get(Q), ADD, v128Load(0), get(vecParam), get(Q), ADD, v128Load(0));
  emit(F64X2_MUL, F64X2_ADD, set(ACC0), get(Q), i32(16), ADD, set(Q), END);
  emit(get(ACC0), get(ACC1), F64X2_ADD, tee(ACC0), lane(0), get(ACC0), lane(1), F64_ADD, set(S));
  emit(get(Q), end, LT_S, IF, get(S), get(ROW), get(Q), ADD, f64Load(0));
  emit(get(vecParam), get(Q), ADD, f64Load(0), F64_MUL, F64_ADD, set(S), END);
}

/** vec[p] += C·row[p] (C splatted, `sub` for −=) for 8p < end, pairs then the tail. */
function axpy(emit: Emit, vecParam: number, end: number[], sub: boolean, scalar: number[]): void {
  const op = sub ? F64X2_SUB : F64X2_ADD;
  emit(i32(0), set(Q), BLOCK, LOOP, get(Q), i32(16), ADD, end, GT_S, brIf(1));
  emit(get(vecParam), get(Q), ADD, get(vecParam), get(Q), ADD, v128Load(0));
  emit(get(C), get(ROW), get(Q), ADD, v128Load(0), F64X2_MUL, op, v128Store(0));
  emit(get(Q), i32(16), ADD, set(Q), br(0), END, END);
  emit(get(Q), end, LT_S, IF, get(vecParam), get(Q), ADD, get(vecParam), get(Q), ADD);
  emit(f64Load(0), scalar, get(ROW), get(Q), ADD, f64Load(0), F64_MUL);
  emit(sub ? F64_SUB : F64_ADD, f64Store(0), END);
}

/**
 * forward(l, ld, n, x, u, v), byte offsets and the row stride ld in bytes: when x ≠ 0,
 * x ← L⁻¹x by forward substitution (x_i = (x_i − Σ_{p<i} L_ip x_p)/L_ii, a dot product along
 * row i), and when u ≠ 0 also u += Lᵀv (row i adds v_i·L_i,0..i), reading each row of L once
 * for both.
 */
function forwardFunction(): number[] {
  const { code, emit } = assembler();
  emit(i32(0), set(I), get(0), set(ROW), BLOCK, LOOP, get(I), get(2), GE_S, brIf(1));
  emit(get(I), i32(3), SHL, set(LIM), get(3), IF);
  dot(emit, 3, get(LIM));
  emit(get(3), get(LIM), ADD, get(3), get(LIM), ADD, f64Load(0), get(S), F64_SUB);
  emit(get(ROW), get(LIM), ADD, f64Load(0), F64_DIV, f64Store(0), END);
  emit(get(4), IF, get(5), get(LIM), ADD, f64Load(0), tee(XI), F64X2_SPLAT, set(C));
  axpy(emit, 4, [...get(LIM), ...i32(8), ...ADD], false, get(XI));
  emit(END);
  emit(get(ROW), get(1), ADD, set(ROW), get(I), i32(1), ADD, set(I), br(0), END, END);
  return [...TRIANGULAR_LOCALS, ...code, ...END];
}

/**
 * backward(l, ld, n, x, y, u): when x ≠ 0, x ← L⁻ᵀx by back substitution in column form
 * (x_i /= L_ii, then x_p −= x_i·L_ip for p < i); when y ≠ 0, also y = L·u (y_i = Σ_{p≤i} L_ip u_p),
 * reading each row of L once for both.
 */
function backwardFunction(): number[] {
  const { code, emit } = assembler();
  emit(get(2), i32(1), SUB, set(I), get(0), get(I), get(1), MUL, ADD, set(ROW));
  emit(BLOCK, LOOP, get(I), i32(0), LT_S, brIf(1), get(I), i32(3), SHL, set(LIM));
  emit(get(3), IF, get(3), get(LIM), ADD, get(3), get(LIM), ADD, f64Load(0));
  emit(get(ROW), get(LIM), ADD, f64Load(0), F64_DIV, tee(XI), f64Store(0));
  emit(get(XI), F64X2_SPLAT, set(C));
  axpy(emit, 3, get(LIM), true, get(XI));
  emit(END, get(4), IF);
  dot(emit, 5, [...get(LIM), ...i32(8), ...ADD]);
  emit(get(4), get(LIM), ADD, get(S), f64Store(0), END);
  emit(get(ROW), get(1), SUB, set(ROW), get(I), i32(1), SUB, set(I), br(0), END, END);
  return [...TRIANGULAR_LOCALS, ...code, ...END];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const bodies = [tilesFunction(), forwardFunction(), backwardFunction()];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    // One type for all three functions: (i32 × 6) → ().
    ...section(1, vec([[0x60, ...vec(new Array(6).fill([I32])), 0x00]])),
    // Import env.memory (a memory with at least 1 page).
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0x00], [0x00], [0x00]])),
    ...section(
      7,
      vec([
        [...name('tiles'), 0x00, 0x00],
        [...name('forward'), 0x00, 0x01],
        [...name('backward'), 0x00, 0x02],
      ]),
    ),
    ...section(10, vec(bodies.map((body) => [...uleb(body.length), ...body]))),
  ]);
}

/** A WebAssembly memory sized for one factorization, with the kernel bound to it. */
export interface SimdWorkspace {
  /** The whole memory as float64 (index = byte offset / 8). */
  readonly f64: Float64Array;
  /** See {@link tilesFunction}: byte offsets a, b, c, the row stride of C in bytes, k, nTiles. */
  readonly tiles: (a: number, b: number, c: number, ldc: number, k: number, nTiles: number) => void;
  /** See {@link forwardFunction}: L, its row stride in bytes, n, then x, u, v (0 = none). */
  readonly forward: (l: number, ld: number, n: number, x: number, u: number, v: number) => void;
  /** See {@link backwardFunction}: L, its row stride in bytes, n, then x, y, u (0 = none). */
  readonly backward: (l: number, ld: number, n: number, x: number, y: number, u: number) => void;
}

let compiled: WebAssembly.Module | null | undefined;
let enabled = true;
let spare: SimdWorkspace | null = null;
let spareTimer: ReturnType<typeof setTimeout> | undefined;

/** A released workspace up to this size is kept for the next call (then dropped when idle). */
const KEEP_BYTES = 256 * 2 ** 20;
const KEEP_MS = 5000;

function simdModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(moduleBytes()) : null;
    } catch {
      // No WebAssembly SIMD here (an old engine, or a page whose CSP forbids wasm).
      compiled = null;
    }
  }
  return compiled;
}

/** Whether the SIMD kernels can run here (and are not switched off by {@link setSimdKernels}). */
export function simdAvailable(): boolean {
  return enabled && simdModule() !== null;
}

/**
 * A memory of at least `doubles` float64 entries with the kernels bound to it, or null when
 * SIMD is unavailable or the memory cannot be had (over 4 GiB, or the allocation fails); callers
 * then take the JavaScript path. Hand it back with {@link releaseWorkspace}: one of up to
 * 256 MiB (a factorization up to n ≈ 5700) is kept for the next call, since fresh pages cost a
 * page fault each (~3× the copy into them), and dropped after 5 s without use; larger ones are
 * left to the garbage collector.
 */
export function acquireWorkspace(doubles: number): SimdWorkspace | null {
  const mod = enabled ? simdModule() : null;
  if (mod === null) return null;
  if (spare !== null && spare.f64.length >= doubles) {
    const ws = spare;
    spare = null;
    return ws;
  }
  const pages = Math.ceil((doubles * 8) / 65536) + 1;
  if (pages > 65536) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: pages });
    const instance = new WebAssembly.Instance(mod, { env: { memory } });
    return {
      f64: new Float64Array(memory.buffer),
      tiles: instance.exports.tiles as SimdWorkspace['tiles'],
      forward: instance.exports.forward as SimdWorkspace['forward'],
      backward: instance.exports.backward as SimdWorkspace['backward'],
    };
  } catch {
    return null;
  }
}

/** Hands a workspace back (see {@link acquireWorkspace}); it must not be used afterwards. */
export function releaseWorkspace(ws: SimdWorkspace): void {
  if (ws.f64.byteLength > KEEP_BYTES || (spare !== null && spare.f64.length >= ws.f64.length)) {
    return;
  }
  spare = ws;
  clearTimeout(spareTimer);
  spareTimer = setTimeout(() => {
    spare = null;
  }, KEEP_MS);
  // Node: the timer must not keep the process alive.
  (spareTimer as { unref?: () => void }).unref?.();
}

/**
 * Switches the SIMD path off (false) or back on (true, the default), for tests and benchmarks
 * that compare it with the JavaScript path.
 */
export function setSimdKernels(on: boolean): void {
  enabled = on;
  if (!on) spare = null;
}
