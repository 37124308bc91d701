import { InvalidArgumentError } from '@overparam/tensor';
import { TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import { type Assumption, checkAssumptions } from '../src/index.js';

const result = (holds: boolean) => ({
  holds,
  value: holds ? 1 : 0,
  requirement: 'x ≥ 1',
  explanation: 'why',
});

describe(`[${TEST_BACKEND}] checkAssumptions`, () => {
  it("reports each assumption's scope ('theorem' unless it says 'check')", () => {
    const list: Assumption<unknown>[] = [
      { id: 'a', statement: 'a', check: () => result(true) },
      { id: 'b', statement: 'b', scope: 'check', check: () => result(true) },
      { id: 'c', statement: 'c', scope: 'theorem', check: () => result(true) },
    ];
    expect(checkAssumptions(list, {}).assumptions.map((r) => [r.id, r.scope])).toEqual([
      ['a', 'theorem'],
      ['b', 'check'],
      ['c', 'theorem'],
    ]);
  });

  it("a broken condition of the check alone leaves the status 'ok'; a broken theorem assumption makes it 'assumption-broken'", () => {
    const checkOnly: Assumption<unknown>[] = [
      { id: 'a', statement: 'a', check: () => result(true) },
      { id: 'b', statement: 'b', scope: 'check', check: () => result(false) },
    ];
    expect(checkAssumptions(checkOnly, {}).status).toBe('ok');
    const theorem: Assumption<unknown>[] = [
      ...checkOnly,
      { id: 'c', statement: 'c', check: () => result(false) },
    ];
    expect(checkAssumptions(theorem, {}).status).toBe('assumption-broken');
  });

  it("throws InvalidArgumentError naming the entry for a scope other than 'theorem' or 'check'", () => {
    const list = [{ id: 'a', statement: 'a', scope: 'proof', check: () => result(true) }];
    expect(() => checkAssumptions(list as never, {})).toThrow(InvalidArgumentError);
    expect(() => checkAssumptions(list as never, {})).toThrow(
      /checkAssumptions: assumptions\[0\]\.scope is .*proof.*; expected 'theorem' \(the default\) or 'check'/,
    );
  });
});
