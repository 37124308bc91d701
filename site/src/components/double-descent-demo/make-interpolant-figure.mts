// Makes static/figures/double-descent-interpolant.svg (shown before the live 1-D demo loads):
// the interpolant experiment at its defaults, drawn as plain SVG. Run from the repository root:
//
//   pnpm --filter @overparam/random-features exec tsx --conditions=@overparam/source ../../site/src/components/double-descent-demo/make-interpolant-figure.mts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultInputs } from '../demo-kit/experiment';
import {
  type InterpolantInputs,
  type InterpolantRow,
  interpolantData,
  interpolantExperiment,
  X_RANGE,
} from './interpolant-experiment';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../static/figures');
const inputs = defaultInputs<InterpolantInputs>(interpolantExperiment.inputs);
const rows: InterpolantRow[] = [];
await interpolantExperiment.run(inputs, {
  signal: new AbortController().signal,
  onRow: (r) => rows.push(r),
  report: () => {},
  env: {},
});
const W = 720;
const H = 300;
const M = { top: 16, right: 130, bottom: 36, left: 48 };
const CLIP = 3;
const px = (x: number) => M.left + ((x + X_RANGE) / (2 * X_RANGE)) * (W - M.left - M.right);
const py = (y: number) => M.top + ((CLIP - y) / (2 * CLIP)) * (H - M.top - M.bottom);
const COLORS = ['#4269d0', '#ff725c', '#3ca951'];
const parts = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`,
  '<title>Random-features fits of noisy sin x at N = n/4, N = n and N = 40n</title>',
  `<rect width="${W}" height="${H}" fill="#fff"/>`,
  `<defs><clipPath id="frame"><rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}"/></clipPath></defs>`,
];
for (const y of [-3, -2, -1, 0, 1, 2, 3]) {
  parts.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${py(y)}" y2="${py(y)}" stroke="#000" stroke-opacity="0.1"/>`,
    `<text x="${M.left - 6}" y="${py(y)}" dy="0.32em" text-anchor="end" fill="#222">${y}</text>`,
  );
}
for (const x of [-3, -2, -1, 0, 1, 2, 3]) {
  parts.push(
    `<text x="${px(x)}" y="${H - M.bottom + 16}" text-anchor="middle" fill="#222">${x}</text>`,
  );
}
parts.push(`<text x="${W - M.right}" y="${H - 4}" text-anchor="end" fill="#222">x</text>`);
for (const [i, row] of rows.entries()) {
  const d = row.curve
    .map(
      (c, k) =>
        `${k ? 'L' : 'M'}${px(c.x).toFixed(1)},${py(Math.max(-9, Math.min(9, c.f))).toFixed(1)}`,
    )
    .join('');
  parts.push(
    `<path d="${d}" fill="none" stroke="${COLORS[i]}" stroke-width="2" clip-path="url(#frame)"/>`,
  );
  parts.push(
    `<text x="${W - M.right + 8}" y="${M.top + 20 + 18 * i}" fill="${COLORS[i]}">${row.label}</text>`,
  );
}
const data = interpolantData(inputs);
for (const [i, x] of data.x.entries())
  parts.push(
    `<circle cx="${px(x).toFixed(1)}" cy="${py(data.y[i] as number).toFixed(1)}" r="4" fill="#222" stroke="#fff"/>`,
  );
parts.push('</svg>');
writeFileSync(path.join(out, 'double-descent-interpolant.svg'), `${parts.join('\n')}\n`);
console.log(
  rows
    .map(
      (r) =>
        `${r.label}: train ${r.trainMse.toPrecision(3)}, distance ${r.testMse.toPrecision(3)}, ‖a‖ ${r.norm.toPrecision(3)}`,
    )
    .join('\n'),
);
