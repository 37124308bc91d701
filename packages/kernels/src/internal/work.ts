// Bytes per entry for the work estimates that every kernels function passes to tensor's
// assertWorkBudget before it allocates. Estimates are orders of magnitude (flops of the loops,
// bytes of the arrays alive at the peak), not timings.

/** Bytes of one float64 and one float32 entry. */
export const F64 = 8;
export const F32 = 4;
