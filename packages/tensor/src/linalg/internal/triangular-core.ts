// Forward and back substitution on row-major float64 arrays (Golub & Van Loan, 4th ed.,
// Alg. 3.1.1–3.1.2), shared by solveTriangular and solveSpd.

/**
 * Solves in place on X (n×k). `forward`: unknowns in increasing order. `stored`: whether the
 * stored triangle is the lower one. When the solve direction matches the stored triangle (T·X
 * with T lower, or upper), each unknown is a dot product with a row of T; otherwise (Tᵀ·X) row
 * i of T scatters x_i into the later unknowns (column-oriented algorithm on Tᵀ).
 */
export function triangularSolveInPlace(
  t: Float64Array,
  n: number,
  X: Float64Array,
  k: number,
  forward: boolean,
  storedLower: boolean,
  unit: boolean,
): void {
  const rowOriented = forward === storedLower;
  for (let step = 0; step < n; step++) {
    const i = forward ? step : n - 1 - step;
    const ri = i * n;
    const xi = i * k;
    if (rowOriented && k === 1) {
      // One right-hand side: a plain dot product with row i of T.
      const p0 = forward ? 0 : i + 1;
      const p1 = forward ? i : n;
      let acc = X[i]!;
      for (let p = p0; p < p1; p++) acc -= t[ri + p]! * X[p]!;
      X[i] = unit ? acc : acc / t[ri + i]!;
    } else if (rowOriented) {
      // x_i = (b_i − Σ_p T[i][p] x_p) / T[i][i] over the already solved p.
      const p0 = forward ? 0 : i + 1;
      const p1 = forward ? i : n;
      for (let p = p0; p < p1; p++) {
        const tip = t[ri + p]!;
        if (tip === 0) continue;
        const xp = p * k;
        for (let c = 0; c < k; c++) X[xi + c]! -= tip * X[xp + c]!;
      }
      if (!unit) {
        const inv = 1 / t[ri + i]!;
        for (let c = 0; c < k; c++) X[xi + c]! *= inv;
      }
    } else {
      // Tᵀ: x_i is final; remove T[i][p]·x_i from the unknowns p still to come.
      if (!unit) {
        const inv = 1 / t[ri + i]!;
        for (let c = 0; c < k; c++) X[xi + c]! *= inv;
      }
      const p0 = forward ? i + 1 : 0;
      const p1 = forward ? n : i;
      for (let p = p0; p < p1; p++) {
        const tip = t[ri + p]!;
        if (tip === 0) continue;
        const xp = p * k;
        for (let c = 0; c < k; c++) X[xp + c]! -= tip * X[xi + c]!;
      }
    }
  }
}
