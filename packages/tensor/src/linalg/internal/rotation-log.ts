// Plane rotations recorded now and applied later to the rows of a row-major matrix Z, in order.
// A rotation (i, j, c, s) maps columns x_i ← c·x_i + s·x_j, x_j ← −s·x_i + c·x_j (the column
// updates of the Golub–Kahan SVD step, Golub & Van Loan 4th ed. §8.6.2). A chase of adjacent
// rotations (j, j+1), j = lo..hi−1 is one pass over a row with the moving entry in a register;
// rows are processed four at a time in cache blocks, so Z streams from memory once per flush
// instead of once per rotation.

const SWEEP = 0;
const PAIR = 1;

export class RotationLog {
  private cs: Float64Array;
  private ops: number[] = [];
  private used = 0;
  constructor(
    private readonly z: Float64Array,
    private readonly rows: number,
    private readonly ld: number,
    capacity = 1 << 16,
  ) {
    this.cs = new Float64Array(capacity);
  }

  /** Reserves a chase over (j, j+1), j = lo..hi−1; write (c, s) pairs at the returned offset. */
  sweep(lo: number, hi: number): number {
    const len = 2 * (hi - lo);
    this.ensure(len);
    const off = this.used;
    this.ops.push(SWEEP, lo, hi, off);
    this.used += len;
    return off;
  }

  /** Records one rotation of columns i and j. */
  pair(i: number, j: number, c: number, s: number): void {
    this.ensure(2);
    this.ops.push(PAIR, i, j, this.used);
    this.cs[this.used] = c;
    this.cs[this.used + 1] = s;
    this.used += 2;
  }

  get buffer(): Float64Array {
    return this.cs;
  }

  private ensure(len: number): void {
    if (this.used + len <= this.cs.length) return;
    this.flush();
    if (len > this.cs.length) this.cs = new Float64Array(2 * len);
  }

  /** Applies everything recorded so far to Z and empties the log. */
  flush(): void {
    const { z, rows, ld, cs, ops } = this;
    const BLOCK = 16;
    for (let r0 = 0; r0 < rows; r0 += BLOCK) {
      const r1 = Math.min(rows, r0 + BLOCK);
      for (let t = 0; t < ops.length; t += 4) {
        const kind = ops[t]!;
        const lo = ops[t + 1]!;
        const hi = ops[t + 2]!;
        const off = ops[t + 3]!;
        if (kind === PAIR) {
          const c = cs[off]!;
          const s = cs[off + 1]!;
          for (let r = r0; r < r1; r++) {
            const base = r * ld;
            const x = z[base + lo]!;
            const y = z[base + hi]!;
            z[base + lo] = c * x + s * y;
            z[base + hi] = c * y - s * x;
          }
          continue;
        }
        let r = r0;
        for (; r + 3 < r1; r += 4) {
          const ra = r * ld;
          const rb = ra + ld;
          const rc = rb + ld;
          const rd = rc + ld;
          let ca = z[ra + lo]!;
          let cb = z[rb + lo]!;
          let cc = z[rc + lo]!;
          let cd = z[rd + lo]!;
          let o = off;
          for (let j = lo; j < hi; j++) {
            const c = cs[o]!;
            const s = cs[o + 1]!;
            o += 2;
            const ya = z[ra + j + 1]!;
            const yb = z[rb + j + 1]!;
            const yc = z[rc + j + 1]!;
            const yd = z[rd + j + 1]!;
            z[ra + j] = c * ca + s * ya;
            z[rb + j] = c * cb + s * yb;
            z[rc + j] = c * cc + s * yc;
            z[rd + j] = c * cd + s * yd;
            ca = c * ya - s * ca;
            cb = c * yb - s * cb;
            cc = c * yc - s * cc;
            cd = c * yd - s * cd;
          }
          z[ra + hi] = ca;
          z[rb + hi] = cb;
          z[rc + hi] = cc;
          z[rd + hi] = cd;
        }
        for (; r < r1; r++) {
          const ra = r * ld;
          let ca = z[ra + lo]!;
          let o = off;
          for (let j = lo; j < hi; j++) {
            const c = cs[o]!;
            const s = cs[o + 1]!;
            o += 2;
            const ya = z[ra + j + 1]!;
            z[ra + j] = c * ca + s * ya;
            ca = c * ya - s * ca;
          }
          z[ra + hi] = ca;
        }
      }
    }
    this.ops.length = 0;
    this.used = 0;
  }
}
