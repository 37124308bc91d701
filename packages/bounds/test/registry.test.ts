import { join } from 'node:path';
import { TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  ALL_BOUNDS,
  type AnyBound,
  getBound,
  InvalidBoundInputError,
  listBounds,
  marchenkoPasturBound,
  UnknownBoundError,
} from '../src/index.js';
import { registryProblems } from './support/registry-problems.js';

const layout = {
  packageRoot: join(import.meta.dirname, '..'),
  siteDocsDir: join(import.meta.dirname, '..', '..', '..', 'site', 'docs', 'bounds'),
};

/**
 * For every registered bound, inputs (valid, so validate accepts them) that break at least one
 * of its assumptions: the rule "value is null when an assumption is broken" is checked on each.
 */
const BREAKING_INPUTS: Record<string, Record<string, unknown>> = {
  'arora-2019-generalization': { parallel: 3 },
  'bartlett-2020-benign': { p: 300, spikes: 0, tailScale: 1, alpha: 2, n: 100 },
  'du-2019-gd-rate': { parallel: 2 },
  'dziugaite-roy-pac-bayes': { delta: 0.5, deltaPrime: 0.5 },
  'edge-of-stability': { steps: 50 },
  'el-karoui-linearization': { kernel: 1, data: 0 },
  'hmrt-ridge': { gamma: 0.05, n: 200 },
  // γ = 1.1 breaks only a condition of the check (scope 'check'), which leaves the value.
  'hmrt-ridgeless': { gamma: 1 },
  'linearized-gd': { stepRatio: 1.2 },
  'marchenko-pastur': { gamma: 0.1, n: 200 },
  'mei-montanari-rf': { d: 20 },
  'rademacher-kernel': { normBound: 0.1, rho: 1, marginLoss: 0.5 },
  'xu-2023-linear-net': { init: 1 },
};

function isFiniteOrNull(v: unknown): boolean {
  return v === null || (typeof v === 'number' && Number.isFinite(v));
}

describe(`[${TEST_BACKEND}] bound registry`, () => {
  it('every registered bound has a kebab-case unique id, a test, a fixture (script + JSON), a page, and a sound shape', () => {
    expect(registryProblems(ALL_BOUNDS, layout)).toEqual([]);
  });

  it('listBounds() is the register-all list sorted by id; getBound(id) returns the same object', () => {
    const ids = listBounds().map((b) => b.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids.length).toBe(ALL_BOUNDS.length);
    expect(getBound('marchenko-pastur')).toBe(marchenkoPasturBound);
  });

  it('every bound has a case that breaks an assumption, and there evaluate() gives value null with the formula number in formulaValue', () => {
    expect(Object.keys(BREAKING_INPUTS).sort()).toEqual(listBounds().map((b) => b.id));
    for (const b of listBounds()) {
      const e = b.evaluate(BREAKING_INPUTS[b.id]!);
      expect(e.status, b.id).toBe('assumption-broken');
      expect(
        e.assumptions.some((a) => !a.holds && a.scope === 'theorem'),
        b.id,
      ).toBe(true);
      expect(e.value, b.id).toBeNull();
      expect(isFiniteOrNull(e.formulaValue), `${b.id} formulaValue ${e.formulaValue}`).toBe(true);
      for (const t of e.terms) {
        expect(isFiniteOrNull(t.value), `${b.id} term ${t.id}`).toBe(true);
        if (t.value === null)
          expect(t.note, `${b.id} term ${t.id} null without a note`).toBeTruthy();
      }
    }
  });

  it('when every assumption holds, value equals formulaValue (at the defaults of every bound)', () => {
    for (const b of listBounds()) {
      const e = b.evaluate(b.defaults);
      expect(e.status, b.id).toBe('ok');
      expect(e.value, b.id).toBe(e.formulaValue);
    }
  });

  it('evaluate() validates its inputs: {} is the defaults, and a size of Infinity (or an unknown key) throws InvalidBoundInputError before any work', () => {
    for (const b of listBounds()) {
      expect(b.evaluate({}), b.id).toEqual(b.evaluate(b.defaults));
      expect(() => b.evaluate({ noSuchInput: 1 }), b.id).toThrow(InvalidBoundInputError);
      for (const spec of b.inputs) {
        if (spec.type !== 'integer' && spec.type !== 'number') continue;
        for (const bad of [Number.POSITIVE_INFINITY, Number.NaN, 1e12]) {
          if (bad === 1e12 && spec.max !== undefined && spec.max >= 1e12) continue;
          expect(() => b.evaluate({ [spec.key]: bad }), `${b.id}.${spec.key} = ${bad}`).toThrow(
            InvalidBoundInputError,
          );
        }
      }
    }
  });

  it('linearized-gd evaluate({ ...defaults, n: Infinity }) throws InvalidBoundInputError instead of allocating an infinite problem', () => {
    const b = getBound('linearized-gd');
    expect(() => b.evaluate({ ...b.defaults, n: Number.POSITIVE_INFINITY })).toThrow(
      /linearized-gd: input 'n' is Infinity; expected an integer ≥ 2 and ≤ 128/,
    );
  });

  it('edge-of-stability evaluate({}) gives 2/η̃ at the defaults, not NaN', () => {
    expect(getBound('edge-of-stability').evaluate({}).value).toBe(20);
  });

  it('the empirical check validates too: a size of Infinity rejects with InvalidBoundInputError', async () => {
    for (const b of listBounds()) {
      const size = b.inputs.find((s) => s.type === 'integer');
      if (!size) continue;
      await expect(
        b.empiricalCheck.run({ [size.key]: Number.POSITIVE_INFINITY }),
        `${b.id}.${size.key}`,
      ).rejects.toThrow(InvalidBoundInputError);
    }
  });

  it('every size and loop count (an integer input) has a finite maximum', () => {
    for (const b of listBounds()) {
      for (const spec of b.inputs.filter((s) => s.type === 'integer')) {
        expect(Number.isFinite(spec.max), `${b.id}.${spec.key}`).toBe(true);
      }
    }
  });

  it('getBound throws UnknownBoundError listing the known ids', () => {
    expect(() => getBound('no-such-bound')).toThrow(UnknownBoundError);
    expect(() => getBound('no-such-bound')).toThrow(
      /no bound 'no-such-bound'; known ids: .*marchenko-pastur/,
    );
  });

  it('the checks catch a bad id, a duplicate, an unsorted list and missing files', () => {
    const clone = (id: string): AnyBound => ({ ...marchenkoPasturBound, id });
    const problems = registryProblems(
      [marchenkoPasturBound, clone('Bad_Id'), marchenkoPasturBound, clone('aaa-missing')],
      layout,
    );
    const text = problems.join('\n');
    expect(text).toMatch(/not sorted by id/);
    expect(text).toMatch(/Bad_Id: id is not kebab-case/);
    expect(text).toMatch(/marchenko-pastur: id is registered twice/);
    expect(text).toMatch(/aaa-missing: no test file test\/bounds\/aaa-missing.test.ts/);
    expect(text).toMatch(/aaa-missing: no fixture script/);
    expect(text).toMatch(/aaa-missing: no fixture test\/fixtures\/aaa-missing.json/);
    expect(text).toMatch(/aaa-missing: no site page site\/docs\/bounds\/aaa-missing.mdx/);
  });

  it('the checks catch a shape error: defaults that disagree with the input specs', () => {
    const broken: AnyBound = {
      ...marchenkoPasturBound,
      defaults: { ...marchenkoPasturBound.defaults, gamma: 3 },
    };
    expect(registryProblems([broken], layout).join('\n')).toMatch(
      /input 'gamma' has default 0.5 but defaults says 3/,
    );
  });
});
