// Loads the numpy fixtures of fixtures/generate.py.

import { readFileSync } from 'node:fs';
import { fromArray, type Matrix64 } from '@overparam/tensor';
import { nonEmpty } from '@overparam/tensor/testing';

interface Metrics {
  trainMse: number;
  testMse: number;
  norm: number;
}

interface RawCase {
  name: string;
  Phi: number[][];
  Y: number[][];
  PhiTest: number[][];
  YTest: number[][];
  rank: number;
  a: number[][];
  minNorm: Metrics;
  ridge: number;
  aRidge: number[][];
  ridgeMetrics: Metrics;
}

export interface MinNormCase {
  name: string;
  Phi: Matrix64;
  Y: Matrix64;
  PhiTest: Matrix64;
  YTest: Matrix64;
  rank: number;
  a: Matrix64;
  minNorm: Metrics;
  ridge: number;
  aRidge: Matrix64;
  ridgeMetrics: Metrics;
}

export function minNormCases(): MinNormCase[] {
  const raw = JSON.parse(
    readFileSync(new URL('./fixtures/min-norm.json', import.meta.url), 'utf8'),
  ) as { cases: RawCase[] };
  return nonEmpty(raw.cases, 'min-norm.json cases').map((c) => ({
    ...c,
    Phi: fromArray(c.Phi),
    Y: fromArray(c.Y),
    PhiTest: fromArray(c.PhiTest),
    YTest: fromArray(c.YTest),
    a: fromArray(c.a),
    aRidge: fromArray(c.aRidge),
  }));
}
