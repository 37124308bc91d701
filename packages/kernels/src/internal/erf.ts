// erf in float64 (JavaScript has no Math.erf): Maclaurin series for |x| < 2.5, continued
// fraction for erfc beyond (Abramowitz & Stegun 7.1.5 and 7.1.14), both to ~1e-15.
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

export function erf(x: number): number {
  const a = Math.abs(x);
  if (a < 2.5) {
    // erf x = (2/√π) Σ (−1)^k x^{2k+1}/(k!(2k+1))
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let k = 1; k < 60; k++) {
      term *= -x2 / k;
      const add = term / (2 * k + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  if (a > 6) return Math.sign(x);
  // erfc a = exp(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + …))))), by Lentz's method.
  const tiny = 1e-300;
  let f = a;
  let C = a;
  let D = 0;
  for (let k = 1; k < 200; k++) {
    const coef = k / 2;
    D = a + coef * D;
    D = D === 0 ? tiny : 1 / D;
    C = a + coef / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}
