import { createRequire } from 'node:module';
import { InvalidArgumentError, OverparamError, WorkBudgetError } from '@overparam/tensor';
import { describe, expect, it } from 'vitest';
import {
  decodeMnist,
  encodeMnist,
  linearTeacher,
  loadMnist,
  MNIST_PIXELS,
  type MnistDigits,
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

/** The digits with mnistSplit's 'binary' threshold applied: grey ≥ 128 → 255, else 0. */
function binarized(digits: MnistDigits): MnistDigits {
  return { ...digits, pixels: digits.pixels.map((v) => (v >= 128 ? 255 : 0)) };
}

/** A file of `count` blank digits in the old one-byte-per-pixel layout, written by hand. */
function versionOneFile(count: number): Uint8Array {
  const out = new Uint8Array(12 + count * 785);
  out.set(Array.from('OPMNIST1', (c) => c.charCodeAt(0)));
  new DataView(out.buffer).setUint32(8, count, true);
  for (let i = 0; i < count; i++) out[12 + i] = i % 10;
  out[12 + count + 3] = 200; // digit 0, pixel 3: a grey level the old format keeps
  return out;
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe("encodeMnist format 'bits'", () => {
  it('round-trips binarized digits in 12 + 99·count bytes (0.99 MB for the 10,000)', async () => {
    const digits = binarized(await loadMnist());
    const file = encodeMnist(digits, { format: 'bits' });
    expect(file.length).toBe(12 + digits.count * 99);
    expect(file.length).toBe(990_012);
    expect(String.fromCharCode(...file.subarray(0, 8))).toBe('OPMNIST2');
    const back = decodeMnist(file);
    expect(back.count).toBe(digits.count);
    expect(Buffer.compare(back.labels, digits.labels)).toBe(0);
    expect(Buffer.compare(back.pixels, digits.pixels)).toBe(0);
  });

  it("gives the same 'binary' split as the grey digits it was binarized from", async () => {
    const digits = await loadMnist();
    const back = decodeMnist(encodeMnist(binarized(digits), { format: 'bits' }));
    const options = { nTrain: 200, nTest: 100, dataSeed: 3, pixels: 'binary' } as const;
    const a = mnistSplit(digits, options);
    const b = mnistSplit(back, options);
    expect(b.train.X.data).toEqual(a.train.X.data);
    expect(b.test.X.data).toEqual(a.test.X.data);
    expect(b.train.labels).toEqual(a.train.labels);
  });

  it('packs pixel p of a digit into bit 7 − (p mod 8) of byte ⌊p/8⌋, most significant first', () => {
    const pixels = new Uint8Array(2 * MNIST_PIXELS);
    pixels[0] = 255; // digit 0, pixel 0 → byte 0, 0x80
    pixels[9] = 255; // digit 0, pixel 9 → byte 1, 0x40
    pixels[MNIST_PIXELS + 783] = 255; // digit 1, last pixel → its byte 97, 0x01
    const file = encodeMnist({ count: 2, labels: Uint8Array.of(4, 2), pixels }, { format: 'bits' });
    const packed = file.subarray(12 + 2);
    expect([packed[0], packed[1], packed[98 + 97]]).toEqual([0x80, 0x40, 0x01]);
    expect(packed.reduce((s, v) => s + v, 0)).toBe(0x80 + 0x40 + 0x01);
    expect(Array.from(file.subarray(12, 14))).toEqual([4, 2]);
  });

  it('throws InvalidArgumentError naming the digit, the pixel and its value for a grey level', async () => {
    const digits = await loadMnist();
    const error = thrown(() => encodeMnist(digits, { format: 'bits' }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(
      /^encodeMnist: digits\.pixels\[\d+\] is \d+; expected 0 or 255 for format 'bits' \(pixel \d+ of digit \d+\); binarize the grey levels first/,
    );
    expect(() => encodeMnist(digits, { format: 'png' as never })).toThrow(
      /encodeMnist: format is 'png'; expected one of 'bytes', 'bits'/,
    );
  });

  it("writes the old format by default and 'bytes' on request, byte for byte", async () => {
    const digits = await loadMnist();
    const file = encodeMnist(digits);
    expect(file.length).toBe(12 + digits.count * 785);
    expect(String.fromCharCode(...file.subarray(0, 8))).toBe('OPMNIST1');
    expect(Buffer.compare(encodeMnist(digits, { format: 'bytes' }), file)).toBe(0);
  });
});

describe('decodeMnist', () => {
  it('still reads a version-1 file written before the bits format, grey levels kept', () => {
    const back = decodeMnist(versionOneFile(3));
    expect(back.count).toBe(3);
    expect(Array.from(back.labels)).toEqual([0, 1, 2]);
    expect(back.pixels.length).toBe(3 * MNIST_PIXELS);
    expect(back.pixels[3]).toBe(200);
  });

  it('throws OverparamError for a corrupted header: other magic, unknown version, short file', () => {
    const file = encodeMnist(
      { count: 2, labels: Uint8Array.of(1, 2), pixels: new Uint8Array(2 * MNIST_PIXELS) },
      { format: 'bits' },
    );
    const other = file.slice();
    other[0] = 'X'.charCodeAt(0);
    expect(() => decodeMnist(other)).toThrow(/not a packed MNIST file \(starts with 'XPMNIST2'/);
    const future = file.slice();
    future[7] = '9'.charCodeAt(0);
    const error = thrown(() => decodeMnist(future));
    expect(error).toBeInstanceOf(OverparamError);
    expect((error as Error).message).toMatch(/version '9' is newer than this @overparam\/datasets/);
    expect(() => decodeMnist(file.subarray(0, 11))).toThrow(/less than its 12-byte header/);
    // A count that disagrees with the length (a flipped count byte) is caught by the length.
    const count = file.slice();
    count[8] = 3;
    expect(() => decodeMnist(count)).toThrow(
      /decodeMnist: 210 bytes, expected 309 for 3 digits in format 'bits' \(truncated\)/,
    );
  });

  it('throws OverparamError for truncated or padded data, in both formats', () => {
    const digits = { count: 2, labels: Uint8Array.of(1, 2), pixels: new Uint8Array(2 * 784) };
    for (const format of ['bits', 'bytes'] as const) {
      const file = encodeMnist(digits, { format });
      for (const bad of [file.subarray(0, file.length - 1), Uint8Array.of(...file, 0)]) {
        const error = thrown(() => decodeMnist(bad));
        expect(error).toBeInstanceOf(OverparamError);
        expect((error as Error).message).toMatch(
          new RegExp(
            `^decodeMnist: ${bad.length} bytes, expected ${file.length} for 2 digits in format '${format}'`,
          ),
        );
      }
    }
  });

  it('checks the decoded size, not the packed one, against the budget', () => {
    const digits = { count: 10, labels: new Uint8Array(10), pixels: new Uint8Array(7840) };
    const file = encodeMnist(digits, { format: 'bits' }); // 1002 bytes, decodes to 7850
    expect(() => decodeMnist(file, { budget: { maxBytes: 5000 } })).toThrow(WorkBudgetError);
    expect(decodeMnist(file, { budget: { maxBytes: 8000 } }).count).toBe(10);
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
