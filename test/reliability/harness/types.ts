// The shape of the reliability table: one Entry per exported function (or per method of an
// object an export returns), grouped in one PackageSpecs per package (specs/<package>.ts).
import type * as Bounds from '@overparam/bounds';
import type * as Datasets from '@overparam/datasets';
import type * as Kernels from '@overparam/kernels';
import type * as Layers from '@overparam/layers';
import type * as RandomFeatures from '@overparam/random-features';
import type * as Tensor from '@overparam/tensor';
import type * as Train from '@overparam/train';
import type * as Tf from '@tensorflow/tfjs-core';
import type * as fc from 'fast-check';

export const PACKAGES = [
  'tensor',
  'layers',
  'kernels',
  'datasets',
  'random-features',
  'train',
  'bounds',
] as const;
export type PackageName = (typeof PACKAGES)[number];

/** The modules an entry's `call` receives, loaded once per worker (the same instances). */
export interface Lib {
  tf: typeof Tf;
  tensor: typeof Tensor;
  layers: typeof Layers;
  kernels: typeof Kernels;
  datasets: typeof Datasets;
  rf: typeof RandomFeatures;
  train: typeof Train;
  bounds: typeof Bounds;
}

/**
 * valid: in the documented domain, must return (unless `validMayThrow` says why not).
 * degenerate: legal but extreme (zeros, one point, equal points, edge parameters): may return or
 *   throw a typed error. bad: outside the domain, must throw a typed error.
 */
export type Category = 'valid' | 'degenerate' | 'bad';
export const CATEGORIES: readonly Category[] = ['valid', 'degenerate', 'bad'];

export type FailureKind =
  | 'untyped-error' // threw something that is not an OverparamError (TypeError, RangeError, tfjs …)
  | 'accepted-bad-input' // returned on a bad input instead of throwing a typed error
  | 'rejected-valid-input' // threw a typed error on a valid input
  | 'nan' // NaN (or an undocumented ±Infinity) where a number is promised
  | 'leak' // tf.memory().numTensors differs after the call and the documented disposal
  | 'mutation' // an argument (or a watched object) changed
  | 'hang' // overran the per-case time limit
  | 'crash'; // the worker died (out of memory, native crash, unhandled rejection)

export const FAILURE_KINDS: readonly FailureKind[] = [
  'untyped-error',
  'accepted-bad-input',
  'rejected-valid-input',
  'nan',
  'leak',
  'mutation',
  'hang',
  'crash',
];

/** What an entry's `call` may use besides the library. */
export interface CallContext {
  /** Disposes `x` (a tensor, a model, anything with dispose()) after the call, before the leak count. */
  own<T>(x: T): T;
  /** Snapshots `x` now and fails the case with 'mutation' if it differs after the call. */
  watch<T>(label: string, x: T): T;
}

/** Arguments are plain data (see harness/encode.ts for tensors, callbacks, signals, models). */
export type Args = unknown[];

export interface Entry {
  /** Package whose index exports `export`. */
  package: PackageName;
  /** The runtime export this entry covers. */
  export: string;
  /** Unique name: the export, or `export().method` / `export.method` for a returned object's method. */
  name: string;
  /** Runs in the worker on decoded arguments. */
  call(lib: Lib, args: Args, ctx: CallContext): unknown;
  valid: fc.Arbitrary<Args>;
  degenerate?: fc.Arbitrary<Args> | undefined;
  bad?: fc.Arbitrary<Args> | undefined;
  /** Why the entry has no bad inputs (a predicate accepts everything; no arguments). */
  noBadInput?: string | undefined;
  /**
   * Why ±Infinity in the output is documented (NaN never is); with `at`, only at output paths
   * that match (e.g. /\.cond$/ for "cond is Infinity when K is singular").
   */
  allowInfinity?: string | { reason: string; at: RegExp } | undefined;
  /** Why a typed error on a 'valid' input is legitimate (e.g. cross-field constraints). */
  validMayThrow?: string | undefined;
  /** Argument indices the function documents to change in place. */
  mutates?: readonly number[] | undefined;
  /** Per-case time limit (ms); default DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number | undefined;
  /** Runs per category; default DEFAULT_RUNS. */
  runs?: Partial<Record<Category, number>> | undefined;
  /** Disposes a returned value when the default (dispose everything disposable in it) is wrong. */
  disposeResult?: ((result: unknown) => void) | undefined;
  /**
   * Methods of the returned object that have no entry of their own, with the reason
   * (the suite fails on a returned method that has neither an entry nor a reason here).
   */
  methodsElsewhere?: Readonly<Record<string, string>> | undefined;
}

export interface PackageSpecs {
  package: PackageName;
  entries: Entry[];
  /** Runtime exports that are not callable (constants, error classes), with the reason. */
  notCallable: Readonly<Record<string, string>>;
}

// Generous: CI runs this beside other test tasks on 2 cores (load 8–10 measured), where a 1 s case
// can take several; a real hang still fails after 10 s + 20 s.
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RUNS: Readonly<Record<Category, number>> = {
  valid: 10,
  degenerate: 8,
  bad: 32,
};

/** What the worker reports for one case. */
export interface CaseResult {
  outcome: 'returned' | 'threw' | 'hang' | 'crash';
  /** For 'threw': whether it is an OverparamError (or the documented abort reason / a callback's own error). */
  typed?: boolean;
  errorName?: string;
  errorMessage?: string;
  problems: { kind: FailureKind; detail: string }[];
  /** Function-valued properties of the returned object (for method coverage). */
  methods?: string[];
  ms: number;
  /** The table itself failed (an unknown entry, a tag that does not decode): not a package defect. */
  harnessError?: string;
}
