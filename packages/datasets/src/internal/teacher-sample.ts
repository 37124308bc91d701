// What the teachers' sample() share (not exported from the package): the checks of its options
// and the label noise.
import {
  assertInteger,
  assertOptions,
  assertWorkBudget,
  createRng,
  type WorkBudget,
} from '@overparam/tensor';

/** The options of a teacher's `sample`. */
export interface TeacherSampleOptions {
  n: number;
  dataSeed: number;
  budget?: WorkBudget;
}

/**
 * Checks the options of `${op}().sample` (an object; n an integer ≥ 1) and its work, 8·n·(d + 2)
 * bytes and flopsPerEntry·n·d flops, against its budget: the call's own, else the factory's
 * (only undefined falls back: budget null is a bad value). Returns n, dataSeed and that budget.
 */
export function readTeacherSample(
  op: string,
  sampleOptions: TeacherSampleOptions,
  factoryBudget: WorkBudget | undefined,
  d: number,
  flopsPerEntry: number,
): { n: number; dataSeed: number; budget: WorkBudget | undefined } {
  assertOptions(`${op}().sample`, 'options', sampleOptions, false);
  const { n, dataSeed } = sampleOptions;
  const budget = sampleOptions.budget === undefined ? factoryBudget : sampleOptions.budget;
  assertInteger(`${op}().sample`, 'n', n, { min: 1 }, 'the number of samples');
  assertWorkBudget(
    `${op}().sample`,
    { bytes: 8 * n * (d + 2), flops: flopsPerEntry * n * d },
    budget,
    'lower n',
  );
  return { n, dataSeed, budget };
}

/** n label-noise draws N(0, noiseStd²) from createRng(dataSeed, stream). */
export function teacherNoise(dataSeed: number, stream: number, n: number, noiseStd: number) {
  return createRng(dataSeed, stream).fillNormal(new Float64Array(n), 0, noiseStd);
}
