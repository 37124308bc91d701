// Entries with one planted defect each, for the harness's own test (harness.test.ts): a check
// that cannot fail is a defect too. They are not part of the table (no package exports them).
import { args, badOf, fc, tag } from './arbitraries.js';
import type { Entry, FailureKind } from './types.js';

function canary(name: string, def: Omit<Entry, 'package' | 'export' | 'name'>): Entry {
  return {
    package: 'tensor',
    export: name,
    name,
    runs: { valid: 2, degenerate: 2, bad: 2 },
    ...def,
  };
}

/** Each canary and the failure kinds the suite must report for it. */
export const CANARIES: [Entry, FailureKind[]][] = [
  [
    canary('canary.clean', {
      call: (l, [x]) => {
        if (typeof x !== 'number') throw new l.tensor.InvalidArgumentError('x', x, 'a number');
        return l.tf.tidy(() => l.tf.add(l.tf.scalar(x), 1));
      },
      valid: fc.integer().map((x) => [x]),
      bad: badOf('x', null).map((x) => [x]),
    }),
    [],
  ],
  [
    canary('canary.leak', {
      call: (l) => {
        l.tf.zeros([2]);
        return 1;
      },
      valid: args(),
      noBadInput: 'none',
    }),
    ['leak'],
  ],
  [
    canary('canary.leak-on-throw', {
      call: (l) => {
        l.tf.ones([3]);
        throw new l.tensor.InvalidArgumentError('x', 1, 'nothing');
      },
      valid: args(),
      validMayThrow: 'it always throws',
      noBadInput: 'none',
    }),
    ['leak'],
  ],
  [
    canary('canary.mutation', {
      call: (_l, [a]) => {
        (a as number[]).push(1);
        return 0;
      },
      valid: args([1, 2]),
      noBadInput: 'none',
    }),
    ['mutation'],
  ],
  [
    canary('canary.disposes-input', {
      call: (_l, [t]) => {
        (t as { dispose(): void }).dispose();
        return 0;
      },
      valid: args(tag.tensor([1, 2])),
      noBadInput: 'none',
    }),
    ['mutation'],
  ],
  [
    canary('canary.nan', {
      call: () => ({ a: [1, Number.NaN] }),
      valid: args(),
      noBadInput: 'none',
    }),
    ['nan'],
  ],
  [
    canary('canary.nan-in-tensor', {
      call: (l) => l.tf.tensor1d([1, Number.NaN]),
      valid: args(),
      noBadInput: 'none',
    }),
    ['nan'],
  ],
  [canary('canary.infinity', { call: () => Infinity, valid: args(), noBadInput: 'none' }), ['nan']],
  [
    canary('canary.untyped', {
      call: (_l, [x]) => {
        if (typeof x !== 'number') throw new TypeError('not a number');
        return x;
      },
      valid: args(1),
      bad: args('x'),
    }),
    ['untyped-error'],
  ],
  [
    canary('canary.accepts', { call: (_l, [x]) => String(x), valid: args(1), bad: args(null) }),
    ['accepted-bad-input'],
  ],
  [
    canary('canary.rejects', {
      call: (l) => {
        throw new l.tensor.InvalidArgumentError('x', 1, 'nothing');
      },
      valid: args(),
      noBadInput: 'none',
    }),
    ['rejected-valid-input'],
  ],
  [
    canary('canary.hang', {
      call: () => {
        for (;;);
      },
      valid: args(),
      noBadInput: 'none',
      timeoutMs: 300,
      runs: { valid: 1 },
    }),
    ['hang'],
  ],
  [
    canary('canary.exit', {
      call: () => process.exit(3),
      valid: args(),
      noBadInput: 'none',
      runs: { valid: 1 },
    }),
    ['crash'],
  ],
  [
    canary('canary.out-of-memory', {
      call: () => {
        const hoard: number[][] = [];
        for (;;) hoard.push(new Array(1 << 20).fill(1.5));
      },
      valid: args(),
      noBadInput: 'none',
      timeoutMs: 30_000,
      runs: { valid: 1 },
    }),
    ['crash'],
  ],
];
