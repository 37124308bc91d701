import { createRng, InvalidArgumentError } from '@overparam/tensor';
import { describe, expect, it } from 'vitest';
import { DATASET_STREAMS, edgeOfStabilityData, gaussianInputs } from '../src/index.js';

/** The data set as the site's demo, train's test and the bound each wrote it before it moved here. */
function legacy(n: number, d: number, seed: number, stream: number) {
  const rng = createRng(seed, stream);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from(rng.fillNormal(new Float64Array(d)));
    X.push(x);
    y.push(Math.sin(2 * (x[0] as number)) + Math.cos((x[1] as number) * (x[2] as number)));
  }
  return { X, y };
}

describe('edgeOfStabilityData', () => {
  it('draws the same numbers as the three copies it replaces (streams 0 and 1)', () => {
    for (const [seed, stream] of [
      [7, 0],
      [1, 0],
      [7, 1],
    ] as const) {
      const { X, Y } = edgeOfStabilityData({ n: 100, d: 10, dataSeed: seed, stream });
      const old = legacy(100, 10, seed, stream);
      expect(Array.from(X.data)).toEqual(old.X.flat());
      expect(Array.from(Y.data)).toEqual(old.y);
      expect([X.rows, X.cols, Y.rows, Y.cols]).toEqual([100, 10, 100, 1]);
    }
  });

  it('has inputs x ~ N(0, I) from gaussianInputs and targets y = sin(2x₁) + cos(x₂x₃)', () => {
    const { X, Y } = edgeOfStabilityData({ n: 50, d: 4, dataSeed: 3 });
    expect(X.data).toEqual(gaussianInputs({ n: 50, d: 4, dataSeed: 3 }).data);
    expect(X.data).toEqual(
      createRng(3, DATASET_STREAMS.inputs).fillNormal(new Float64Array(50 * 4)),
    );
    for (let i = 0; i < 50; i++) {
      const [a, b, c] = [X.data[4 * i], X.data[4 * i + 1], X.data[4 * i + 2]] as number[];
      expect(Y.data[i]).toBe(Math.sin(2 * (a as number)) + Math.cos((b as number) * (c as number)));
      expect(Math.abs(Y.data[i] as number)).toBeLessThanOrEqual(2);
    }
  });

  it('throws InvalidArgumentError for d < 3, n < 1 or a missing options object', () => {
    expect(() => edgeOfStabilityData({ n: 10, d: 2, dataSeed: 0 })).toThrow(InvalidArgumentError);
    expect(() => edgeOfStabilityData({ n: 10, d: 2, dataSeed: 0 })).toThrow(/d is 2/);
    expect(() => edgeOfStabilityData({ n: 0, d: 3, dataSeed: 0 })).toThrow(InvalidArgumentError);
    expect(() => edgeOfStabilityData(undefined as never)).toThrow(InvalidArgumentError);
  });
});
