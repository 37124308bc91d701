// Times the formula curve of every bound page at its defaults (the page recomputes it on every
// input change, so it must stay well under 100 ms), and prints its gaps and y range.
// pnpm --filter @overparam/train exec tsx --conditions=@overparam/source ../../site/src/components/bound-page/time-curves.mts
import { listBounds } from '@overparam/bounds';
import { computeCurve, gapText } from './curves';

for (const b of listBounds()) {
  computeCurve(b, b.defaults as Record<string, unknown>); // warm up
  const t0 = performance.now();
  const c = computeCurve(b, b.defaults as Record<string, unknown>);
  const ms = performance.now() - t0;
  if (!c) {
    console.log(`${b.id}: no curve`);
    continue;
  }
  const drawn = c.rows.filter((r) => r[c.series[0]!.id] !== null).length;
  console.log(
    `${b.id.padEnd(26)} ${ms.toFixed(0).padStart(5)} ms  ${c.spec.input} ${c.rows.length} pts (${drawn} drawn)  y ${c.yDomain.map((v) => v.toPrecision(3)).join('..')}${c.clippedAt ? ' clipped' : ''}  current ${c.current?.x}→${c.current?.y?.toPrecision(4)}`,
  );
  for (const g of gapText(c)) console.log(`    gap: ${g}`);
  for (const a of c.annotations) console.log(`    annotation: ${a.text} @ ${a.x}`);
}
