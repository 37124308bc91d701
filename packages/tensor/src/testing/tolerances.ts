/**
 * Named tolerances (relative Frobenius error, ‖A − E‖_F/‖E‖_F), as in https://overparam.dev/docs/theory/conventions#test-metric.
 * Pick by the precision of the computation under test, never by trial.
 */
/** Deterministic float64 formulas on the CPU. */
export const F64_RTOL = 1e-10;
/** float32 GPU/tfjs results on well-conditioned inputs. */
export const F32_RTOL = 1e-4;
/**
 * float32 results that pass through sin/cos on WebGPU: WGSL bounds their error only absolutely,
 * 2^-11 on [−π, π] (WGSL spec, "Floating point accuracy"); SwiftShader measures ~1e-4 relative.
 */
export const F32_TRIG_RTOL = 1e-3;
/** Monte-Carlo estimates at width 1024 with >= 100 samples against an analytic limit. */
export const MC_RTOL = 0.04;

/**
 * The float32 tolerance scaled for a backend, like tfjs's `testEpsilon()`: WebGL devices
 * without float32 render targets compute in float16.
 *
 * @example
 * tolerance(32) // 1e-4
 * tolerance(16) // 1e-1
 */
export function tolerance(floatPrecision: 16 | 32 | 64): number {
  if (floatPrecision === 64) return F64_RTOL;
  return floatPrecision === 32 ? F32_RTOL : 1e-1;
}
