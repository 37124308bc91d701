import { assertFunction, InvalidArgumentError } from '@overparam/tensor';
import type { Bound, EmpiricalCheck, EmpiricalResult, Evaluation, Term } from './bound.js';
import { checkAssumptions } from './check-assumptions.js';
import { checkRunner } from './check-runner.js';
import { assertAssumptions } from './internal/assert-assumptions.js';
import { validateInputs } from './validate-inputs.js';

/** What a bound's formula computes on validated inputs; {@link defineBound} adds the rest. */
export type BoundFormula = Pick<Evaluation, 'value' | 'valueLabel' | 'terms' | 'caveats'>;

/**
 * What {@link defineBound} hands an empirical check's `run`: the {@link checkRunner} step of
 * the caller's options (already called with 0), and the caller's abort signal for work that
 * takes one itself (a training loop).
 */
export interface CheckProgress {
  /** Throws CheckAbortedError when aborted, reports the fraction done and yields. */
  step: (fraction: number) => Promise<void>;
  signal?: AbortSignal;
}

/**
 * A bound as written in `src/bounds/<id>.ts`: every field of {@link Bound} except `evaluate`
 * and `defaults` (the `default` of each input, in one place), plus `formula`, the value with its
 * terms and caveats on inputs that `validate` produced, and the empirical check's `run` on such
 * inputs, with its {@link CheckProgress}.
 */
export interface BoundDefinition<I>
  extends Omit<Bound<I>, 'evaluate' | 'empiricalCheck' | 'defaults'> {
  formula(inputs: I): BoundFormula;
  empiricalCheck: Omit<EmpiricalCheck<I>, 'run'> & {
    run(inputs: I, progress: CheckProgress): Promise<EmpiricalResult>;
  };
}

function finiteOrNull(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}

/** The note of a term whose formula left float64 (a bound states its own reasons first). */
const NOT_FINITE_NOTE = 'not finite in float64 for these inputs (the formula overflows or is 0/0)';

function finiteTerms(terms: Term[]): Term[] {
  return terms.map((t) => {
    // A bound that says a term is +∞ gives its own reason in the note; the value stays null.
    if (t.infinite) return { ...t, value: null };
    return t.value === null || Number.isFinite(t.value)
      ? t
      : { ...t, value: null, note: t.note ? `${t.note}; ${NOT_FINITE_NOTE}` : NOT_FINITE_NOTE };
  });
}

/** The parts {@link defineBound} calls, checked when the bound is defined, not at first use. */
function checkDefinition(definition: unknown): void {
  const op = 'defineBound';
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    throw new InvalidArgumentError(
      'definition',
      definition,
      'a bound definition { id, title, inputs, validate, assumptions, formula, empiricalCheck, … } (see `pnpm new:bound`)',
      op,
    );
  }
  const d = definition as Record<string, unknown>;
  if (typeof d.id !== 'string' || d.id === '') {
    throw new InvalidArgumentError(
      'definition.id',
      d.id,
      "a kebab-case id, e.g. 'smith-2024-margin'",
      op,
    );
  }
  if (!Array.isArray(d.inputs)) {
    throw new InvalidArgumentError(
      'definition.inputs',
      d.inputs,
      'an array of InputSpec (one per number the reader enters)',
      op,
    );
  }
  assertFunction(op, 'definition.validate', d.validate, '(raw) => inputs, e.g. via validateInputs');
  assertFunction(
    op,
    'definition.formula',
    d.formula,
    '(inputs) => { value, valueLabel, terms, caveats }',
  );
  assertAssumptions(op, 'definition.assumptions', d.assumptions);
  const check = d.empiricalCheck;
  if (check === null || typeof check !== 'object') {
    throw new InvalidArgumentError(
      'definition.empiricalCheck',
      check,
      '{ description, seed, run(inputs, progress) }',
      op,
    );
  }
  assertFunction(
    op,
    'definition.empiricalCheck.run',
    (check as { run?: unknown }).run,
    'async (inputs, { step, signal }) => EmpiricalResult',
  );
}

/**
 * Makes a {@link Bound} from its definition, so that every bound keeps the same contract:
 * `defaults` are the `default` of each input (validated, as `validate({})` gives them);
 * `evaluate(raw)` and `empiricalCheck.run(raw, opts)` call the bound's own `validate` first (a
 * bad or oversize input throws InvalidBoundInputError before any work, never a NaN or a hang);
 * the check then checks `opts` and reports progress 0 through {@link checkRunner} before the
 * definition's `run` starts;
 * `evaluate` checks every assumption ({@link checkAssumptions}), and its `value` is the
 * formula's number only when every assumption holds: null when one is broken (the number
 * stays in `formulaValue`), and null rather than NaN or ±Infinity when the formula has no
 * finite value. A term whose value is not finite is reported as null with a note saying so
 * (bounds give their own reason where the infinity is mathematical, and mark such a term
 * `infinite: true` so that a page shows ∞). Assumptions of scope 'check' are reported but do
 * not make the status 'assumption-broken'.
 *
 * The definition itself is checked first: a plain object with a string `id`, functions
 * `validate` and `formula`, an `assumptions` array of `{ id, check }` and an `empiricalCheck`
 * object with a `run` function.
 *
 * @throws InvalidArgumentError naming the missing or malformed part of the definition.
 * @example
 * const b = defineBound({ id: 'demo', ..., validate, assumptions,
 *   formula: (i) => ({ value: f(i), valueLabel: 'f', terms: [], caveats: [] }), empiricalCheck });
 * b.evaluate({}).value // f(defaults) when the assumptions hold at the defaults, else null
 */
export function defineBound<I>(definition: BoundDefinition<I>): Bound<I> {
  checkDefinition(definition);
  const { formula, empiricalCheck, ...rest } = definition;
  const { validate, assumptions } = definition;
  return {
    ...rest,
    defaults: validateInputs<I>(definition.id, definition.inputs, {}),
    evaluate(raw) {
      const inputs = validate(raw);
      const checked = checkAssumptions(assumptions, inputs);
      const f = formula(inputs);
      const formulaValue = finiteOrNull(f.value);
      return {
        value: checked.status === 'ok' ? formulaValue : null,
        formulaValue,
        valueLabel: f.valueLabel,
        terms: finiteTerms(f.terms),
        caveats: f.caveats,
        ...checked,
      };
    },
    empiricalCheck: {
      ...empiricalCheck,
      run: async (raw, opts = {}) => {
        const inputs = validate(raw);
        const step = checkRunner(definition.id, opts);
        await step(0);
        return empiricalCheck.run(inputs, opts.signal ? { step, signal: opts.signal } : { step });
      },
    },
  };
}
