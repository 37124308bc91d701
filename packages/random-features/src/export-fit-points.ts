import { InvalidArgumentError } from '@overparam/tensor';
import type { FitPoint } from './fit-point.js';
import { FIT_POINT_COLUMNS } from './random-features-fit.js';

/**
 * A JSON.stringify replacer that writes the non-finite numbers of a sweep as strings
 * ("Infinity", "-Infinity", "NaN") instead of JSON's null, so that an exported condition number
 * of a singular Gram matrix (+Infinity, its mathematical value) reads back as what it was.
 *
 * @example
 * JSON.stringify({ condition: Infinity }, nonFiniteToString) // '{"condition":"Infinity"}'
 */
export function nonFiniteToString(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

/**
 * Sweep points as CSV: a header of {@link FIT_POINT_COLUMNS} and one row per point, numbers
 * written by String() (so +Infinity is "Infinity"), null as an empty cell.
 *
 * @throws InvalidArgumentError when points is not an array of objects.
 * @example
 * fitPointsToCsv(result.points).split('\n')[0] // 'N,n,seed,ridge,trainMse,testMse,…,seconds'
 */
export function fitPointsToCsv(points: readonly FitPoint[]): string {
  if (!Array.isArray(points) || !points.every((p) => typeof p === 'object' && p !== null)) {
    throw new InvalidArgumentError(
      'points',
      points,
      'an array of FitPoints (doubleDescent().points)',
      'fitPointsToCsv',
    );
  }
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
  const rows = points.map((p) => FIT_POINT_COLUMNS.map((c) => cell(p[c])).join(','));
  return `${[FIT_POINT_COLUMNS.join(','), ...rows].join('\n')}\n`;
}
