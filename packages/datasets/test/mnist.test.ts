import { createRequire } from 'node:module';
import { InvalidArgumentError, OverparamError } from '@overparam/tensor';
import { describe, expect, it } from 'vitest';
import {
  decodeMnist,
  encodeMnist,
  linearTeacher,
  loadMnist,
  MNIST_PIXELS,
  mnistSplit,
  nonlinearTeacher,
} from '../src/index.js';

// The mnist package's own API (CommonJS) is the independent route to the same digits.
const mnist = createRequire(import.meta.url)('mnist') as {
  get(i?: number): number[];
  length: number;
}[];

describe('loadMnist (Node)', () => {
  it('loads the 10,000 digits with the per-class counts of the mnist package', async () => {
    const digits = await loadMnist();
    expect(digits.count).toBe(10_000);
    expect(digits.pixels.length).toBe(10_000 * MNIST_PIXELS);
    for (let c = 0; c < 10; c++) {
      expect(digits.labels.filter((l) => l === c).length).toBe(mnist[c]?.length);
    }
  });

  it('restores the grey bytes: pixel/255 equals the package value to its three decimals', async () => {
    const digits = await loadMnist();
    // Digits are stored class by class; the 6th image of class 3 sits after all 0s, 1s and 2s.
    const offset = (mnist[0]?.length ?? 0) + (mnist[1]?.length ?? 0) + (mnist[2]?.length ?? 0) + 5;
    const reference = mnist[3]?.get(5) ?? [];
    expect(reference.length).toBe(MNIST_PIXELS);
    for (let p = 0; p < MNIST_PIXELS; p++) {
      expect(
        Math.abs(
          (digits.pixels[offset * MNIST_PIXELS + p] as number) / 255 - (reference[p] as number),
        ),
      ).toBeLessThan(0.0006);
    }
    expect(digits.labels[offset]).toBe(3);
  });

  it('encodeMnist and decodeMnist round-trip, and decode rejects other bytes', async () => {
    const digits = await loadMnist();
    const back = decodeMnist(encodeMnist(digits));
    expect(back.count).toBe(digits.count);
    // Byte comparison: a deep equal over 7.8 M elements is needlessly slow.
    expect(Buffer.compare(back.labels, digits.labels)).toBe(0);
    expect(Buffer.compare(back.pixels, digits.pixels)).toBe(0);
    expect(() => decodeMnist(new Uint8Array(20))).toThrow(/not a packed MNIST file/);
  });

  it('a url fetch cannot load rejects with an OverparamError naming the url and the fix, fetch’s error as cause', async () => {
    const url = 'file:///nonexistent/mnist.bin';
    let error: unknown;
    try {
      await loadMnist({ url });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OverparamError);
    const e = error as OverparamError;
    expect(e.message).toMatch(
      /^loadMnist: could not load file:\/\/\/nonexistent\/mnist\.bin \(.*\); check the url option/,
    );
    expect(e.message).toMatch(/leave url out to read the mnist package/);
    expect(e.cause).toBeInstanceOf(TypeError);
    // An aborted signal still rejects with its own reason, not the wrapped error.
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(loadMnist({ url, signal: controller.signal })).rejects.toThrow('stop');
  });

  it('a null budget is a bad value on every path, not the default', async () => {
    await expect(loadMnist({ budget: null } as never)).rejects.toThrow(InvalidArgumentError);
    await expect(
      loadMnist({ url: 'file:///nonexistent/mnist.bin', budget: null } as never),
    ).rejects.toThrow(/loadMnist: budget is null/);
    for (const teacher of [
      linearTeacher({ d: 2, beta: [1, 0] }),
      nonlinearTeacher({ d: 2, teacherSeed: 0 }),
    ]) {
      expect(() => teacher.sample({ n: 2, dataSeed: 0, budget: null } as never)).toThrow(
        /budget is null/,
      );
    }
  });
});

describe('mnistSplit', () => {
  it('draws disjoint train and test sets with one-hot targets', async () => {
    const digits = await loadMnist();
    const { train, test } = mnistSplit(digits, { nTrain: 300, nTest: 200, dataSeed: 1 });
    expect([train.X.rows, train.X.cols, train.Y.cols, test.X.rows]).toEqual([300, 784, 10, 200]);
    for (let i = 0; i < 300; i++) {
      const row = train.Y.data.subarray(i * 10, i * 10 + 10);
      expect(row.reduce((s, v) => s + v, 0)).toBe(1);
      expect(row[train.labels?.[i] ?? -1]).toBe(1);
    }
    const key = (X: Float64Array, i: number) => X.subarray(i * 784, i * 784 + 784).join(',');
    const trainKeys = new Set(Array.from({ length: 300 }, (_, i) => key(train.X.data, i)));
    // Distinct images (a few MNIST digits may repeat pixel-for-pixel; these seeds have none).
    for (let i = 0; i < 200; i++) expect(trainKeys.has(key(test.X.data, i))).toBe(false);
    expect(train.X.data.reduce((m, v) => Math.max(m, v), 0)).toBeLessThanOrEqual(1);
  });

  it('is reproducible from its seed', async () => {
    const digits = await loadMnist();
    const a = mnistSplit(digits, { nTrain: 50, nTest: 10, dataSeed: 8 });
    const b = mnistSplit(digits, { nTrain: 50, nTest: 10, dataSeed: 8 });
    expect(a.train.labels).toEqual(b.train.labels);
    expect(a.test.X.data).toEqual(b.test.X.data);
  });

  it('keeps only the asked classes, relabelled in order, and binarizes on request', async () => {
    const digits = await loadMnist();
    const { train } = mnistSplit(digits, {
      nTrain: 100,
      nTest: 0,
      dataSeed: 2,
      classes: [7, 1],
      pixels: 'binary',
    });
    expect(train.Y.cols).toBe(2);
    expect(new Set(train.X.data)).toEqual(new Set([0, 1]));
    expect(new Set(train.labels)).toEqual(new Set([0, 1]));
  });

  it('throws InvalidArgumentError when more digits are asked than exist', async () => {
    const digits = await loadMnist();
    expect(() => mnistSplit(digits, { nTrain: 9000, nTest: 2000, dataSeed: 0 })).toThrow(
      /nTrain \+ nTest is 11000; expected at most 10000/,
    );
    expect(() =>
      mnistSplit(digits, { nTrain: 10, nTest: 0, dataSeed: 0, classes: [1, 1] }),
    ).toThrow(/distinct digits/);
    expect(() =>
      mnistSplit(digits, { nTrain: 10, nTest: 0, dataSeed: 0, pixels: 'bogus' as 'unit' }),
    ).toThrow(/mnistSplit: pixels is 'bogus'; expected one of 'unit', 'binary'/);
  });
});
