import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALL_BOUNDS,
  type AnyBound,
  getBound,
  listBounds,
  marchenkoPasturBound,
  UnknownBoundError,
} from '../src/index.js';
import { registryProblems } from './support/registry-problems.js';

const backend = process.env.OVERPARAM_BACKEND ?? 'cpu';
const layout = {
  packageRoot: join(import.meta.dirname, '..'),
  siteDocsDir: join(import.meta.dirname, '..', '..', '..', 'site', 'docs', 'bounds'),
};

describe(`[${backend}] bound registry`, () => {
  it('every registered bound has a kebab-case unique id, a test, a fixture (script + JSON), a page, and a sound shape', () => {
    expect(registryProblems(ALL_BOUNDS, layout)).toEqual([]);
  });

  it('listBounds() is the register-all list sorted by id; getBound(id) returns the same object', () => {
    const ids = listBounds().map((b) => b.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids.length).toBe(ALL_BOUNDS.length);
    expect(getBound('marchenko-pastur')).toBe(marchenkoPasturBound);
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
