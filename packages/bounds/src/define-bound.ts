import type { Bound, EmpiricalCheck, Evaluation, Term } from './bound.js';
import { checkAssumptions } from './check-assumptions.js';

/** What a bound's formula computes on validated inputs; {@link defineBound} adds the rest. */
export type BoundFormula = Pick<Evaluation, 'value' | 'valueLabel' | 'terms' | 'caveats'>;

/**
 * A bound as written in `src/bounds/<id>.ts`: every field of {@link Bound} except `evaluate`,
 * plus `formula`, the value with its terms and caveats on inputs that `validate` produced, and
 * the empirical check's `run` on such inputs.
 */
export interface BoundDefinition<I> extends Omit<Bound<I>, 'evaluate' | 'empiricalCheck'> {
  formula(inputs: I): BoundFormula;
  empiricalCheck: Omit<EmpiricalCheck<I>, 'run'> & {
    run(
      inputs: I,
      opts?: Parameters<EmpiricalCheck<I>['run']>[1],
    ): ReturnType<EmpiricalCheck<I>['run']>;
  };
}

function finiteOrNull(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}

/** The note of a term whose formula left float64 (a bound states its own reasons first). */
const NOT_FINITE_NOTE = 'not finite in float64 for these inputs (the formula overflows or is 0/0)';

function finiteTerms(terms: Term[]): Term[] {
  return terms.map((t) =>
    t.value === null || Number.isFinite(t.value)
      ? t
      : { ...t, value: null, note: t.note ? `${t.note}; ${NOT_FINITE_NOTE}` : NOT_FINITE_NOTE },
  );
}

/**
 * Makes a {@link Bound} from its definition, so that every bound keeps the same contract:
 * `evaluate(raw)` and `empiricalCheck.run(raw)` call the bound's own `validate` first (a bad
 * or oversize input throws InvalidBoundInputError before any work, never a NaN or a hang),
 * `evaluate` checks every assumption ({@link checkAssumptions}), and its `value` is the
 * formula's number only when every assumption holds: null when one is broken (the number
 * stays in `formulaValue`), and null rather than NaN or ±Infinity when the formula has no
 * finite value. A term whose value is not finite is reported as null with a note saying so
 * (bounds give their own reason where the infinity is mathematical).
 *
 * @example
 * const b = defineBound({ id: 'demo', ..., validate, assumptions,
 *   formula: (i) => ({ value: f(i), valueLabel: 'f', terms: [], caveats: [] }), empiricalCheck });
 * b.evaluate({}).value // f(defaults) when the assumptions hold at the defaults, else null
 */
export function defineBound<I>(definition: BoundDefinition<I>): Bound<I> {
  const { formula, empiricalCheck, ...rest } = definition;
  const { validate, assumptions } = definition;
  return {
    ...rest,
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
      run: async (raw, opts) => empiricalCheck.run(validate(raw), opts),
    },
  };
}
