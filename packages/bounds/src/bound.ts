/**
 * The types every bound calculator implements. A theorem is a bound plus assumptions: a
 * {@link Bound} carries its statement (KaTeX), typed inputs validated at runtime, the
 * assumptions as live checks, an `evaluate` that returns the value with its terms and caveats
 * (a constant the paper leaves unspecified is a term with value `null`, never an invented
 * number), a seeded empirical check that compares the statement with a simulation, a citation
 * and a "use it in code" snippet.
 */

/**
 * What kind of statement a bound makes: a finite-sample upper bound, an asymptotic (limit)
 * formula, a rate (convergence speed), or a scaling law whose constants are unspecified.
 */
export type BoundKind = 'upper-bound' | 'asymptotic' | 'rate' | 'scaling';

/** Where the statement comes from: paper (or book), venue, year, and the theorem or equation. */
export interface Citation {
  authors: string;
  title: string;
  venue: string;
  year: number;
  /** The theorem, proposition or equation, e.g. 'Theorem 1' or '§3, eq. (12)'. */
  theorem: string;
  url?: string;
}

/** One input of a bound: its key in the inputs object, how to show it, and its allowed range. */
export interface InputSpec {
  key: string;
  label: string;
  description: string;
  unit?: string;
  /**
   * 'number-list': a non-empty array of finite numbers, each within [min, max]. 'choice': one of
   * the strings in `choices` (e.g. an activation 'relu' | 'erf' | 'tanh'; min, max, step unused).
   */
  type: 'number' | 'integer' | 'number-list' | 'choice';
  min?: number;
  max?: number;
  /** When true, the value must be strictly greater than `min`. */
  exclusiveMin?: boolean;
  /** The allowed values of a 'choice' input, in the order a form lists them. */
  choices?: readonly string[];
  default: number | number[] | string;
  step?: number;
}

/** The outcome of one assumption check on the reader's inputs. */
export interface AssumptionResult {
  holds: boolean;
  /** The value that was checked (a number, or a short text when the check is structural). */
  value: number | string;
  /** The requirement it was checked against, e.g. 'γ < 1' or 'n ≥ 100'. */
  requirement: string;
  /** Why the assumption matters, and what breaks when it does not hold. */
  explanation: string;
}

/**
 * Whose condition an assumption is: the theorem's own ('theorem'), or only the empirical
 * check's ('check': the finite-size regime where a simulation can confirm the limit, e.g.
 * |γ − 1| ≥ 0.2 for a check at n = 200). A broken 'check' condition leaves the value standing:
 * the formula still holds there; the empirical check is what does not apply (the site does not
 * offer to run it; `empiricalCheck.run` itself still runs and compares, a failure there saying
 * nothing about the formula).
 */
export type AssumptionScope = 'theorem' | 'check';

/** An assumption of the theorem (or a condition of its check), checkable against the inputs. */
export interface Assumption<I> {
  id: string;
  /** The assumption in KaTeX. */
  statement: string;
  /** Default 'theorem'. See {@link AssumptionScope}. */
  scope?: AssumptionScope;
  check(inputs: I): AssumptionResult;
}

/**
 * One term of an evaluation. `value: null` marks a constant the paper leaves unspecified, or a
 * term with no finite value for these inputs: then `infinite` says whether it is +∞ (the
 * mathematical answer, e.g. the variance at an interpolation threshold) and `note` says why.
 */
export interface Term {
  id: string;
  label: string;
  latex?: string;
  value: number | null;
  /**
   * True when the term is +∞ here (its value is then null, so that every number stays finite
   * and JSON-safe); a page shows ∞ rather than "unspecified". Default false.
   */
  infinite?: boolean;
  note?: string;
}

/** What {@link Bound.evaluate} returns. */
export interface Evaluation {
  /**
   * The bound's headline number, or null. Null when it needs a constant the paper leaves
   * unspecified, when the formula has no finite value (e.g. an infinite risk at an
   * interpolation threshold), and always when `status` is 'assumption-broken' (one of the
   * theorem's assumptions fails; a failed condition of the check alone leaves it): the theorem
   * does not cover those inputs, so it states no number (the formula's own number, if any, is
   * {@link Evaluation.formulaValue}). Never NaN or ±Infinity.
   */
  value: number | null;
  /**
   * What the formula gives for these inputs whether or not the assumptions hold: equal to
   * `value` when `status` is 'ok'; when an assumption broke, the formula evaluated outside the
   * theorem (a guide, not a guarantee), or null when it has no finite value. Set by every bound
   * made with {@link defineBound} (all registered bounds).
   */
  formulaValue?: number | null;
  valueLabel: string;
  terms: Term[];
  caveats: string[];
  /** Every assumption's check, in the bound's order, with its id and scope. */
  assumptions: (AssumptionResult & { id: string; scope: AssumptionScope })[];
  /**
   * 'assumption-broken': at least one of the theorem's assumptions fails; the broken ones say
   * why. A broken condition of the check only (scope 'check') does not count: the value stands.
   */
  status: 'ok' | 'assumption-broken';
}

/** One point of an empirical check's series: the statement's value against the measurement. */
export interface EmpiricalPoint {
  x: number;
  predicted: number;
  measured: number;
}

/** What an empirical check returns: the bound (or limit) against what a simulation measured. */
export interface EmpiricalResult {
  passes: boolean;
  /** The relation that was checked, e.g. 'bound ≥ measured' or '|pred − meas|/meas ≤ 0.1'. */
  relation: string;
  predicted: number;
  measured: number;
  tolerance?: number;
  /** A curve to plot: `x` names the horizontal axis. */
  series?: { x: string; points: EmpiricalPoint[] };
  /** What was simulated and how it was measured (sizes, seeds, tolerance). */
  details: string;
}

/** Options of {@link EmpiricalCheck.run}. */
export interface EmpiricalRunOptions {
  /** Aborting throws {@link CheckAbortedError} at the next step. */
  signal?: AbortSignal;
  /** Called with the fraction done, in [0, 1]. */
  onProgress?: (fraction: number) => void;
}

/** A seeded experiment comparing the statement with a simulation; runs in Node and the browser. */
export interface EmpiricalCheck<I> {
  description: string;
  /** The seed the experiment starts from (data, weights and noise draw separate streams of it). */
  seed: number;
  /** Validates the inputs with the bound's `validate` first (bounded sizes, bounded work). */
  run(inputs: Partial<I>, opts?: EmpiricalRunOptions): Promise<EmpiricalResult>;
}

/** A bound calculator. See the package README for the list and `pnpm new:bound` to add one. */
export interface Bound<I = Record<string, unknown>> {
  /** kebab-case, unique in the registry; also the page slug (site/docs/bounds/<id>.mdx). */
  id: string;
  title: string;
  citation: Citation;
  kind: BoundKind;
  /** The statement in KaTeX (display math, no $$ delimiters). */
  statement: string;
  inputs: InputSpec[];
  defaults: I;
  /**
   * Checks raw inputs (e.g. a form or URL state) and returns them typed; missing keys take
   * their defaults. Throws InvalidBoundInputError naming the key, the value and the range.
   * Every size and loop count (n, d, widths, steps, seeds, runs) is a bounded integer here, and
   * the work of the empirical check is estimated and refused above the bound's budget.
   */
  validate(raw: unknown): I;
  assumptions: Assumption<I>[];
  /**
   * Validates the inputs with {@link Bound.validate} first (missing keys take their defaults;
   * a bad value throws InvalidBoundInputError before any work), checks every assumption and
   * computes the value with its terms. `value` is null whenever an assumption is broken; the
   * formula's number is then in `formulaValue`.
   */
  evaluate(inputs: Partial<I>): Evaluation;
  empiricalCheck: EmpiricalCheck<I>;
  /** A "use it in code" example: runs as-is with the package installed. */
  snippet: string;
}

/**
 * A bound of any input type: what the registry stores. Inputs of a registered bound are only
 * ever produced by its own `validate`, so the erasure is safe.
 */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds bounds of different input types; each bound's own validate() produces its inputs.
export type AnyBound = Bound<any>;
