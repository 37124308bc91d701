// Every public function and method of @overparam/kernels, each argument and each option field
// given null, undefined, {}, a string, NaN, [], a disposed tensor and a live 1-D tensor: either
// a documented default (undefined or {} where the argument is optional) that returns no NaN, or
// an OverparamError whose message names the argument. No TypeError, RangeError or raw tfjs
// error escapes, and no tensor is left behind either way.
import { OverparamError } from '@overparam/tensor';
import { TEST_BACKEND } from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numbersIn, type Slot, type Subject, subjects, tensorsIn } from './subjects.js';

interface Bad {
  label: string;
  value: () => unknown;
}

let disposed: tf.Tensor2D;
let vector: tf.Tensor1D;

beforeAll(() => {
  disposed = tf.tensor2d([
    [1, 0],
    [0, 1],
  ]);
  disposed.dispose();
  // Length 5: no argument of the sweep takes 5 of anything (a length-3 vector is valid targets).
  vector = tf.tensor1d([1, 2, 3, 4, 5]);
});
afterAll(() => vector.dispose());

const BAD: readonly Bad[] = [
  { label: 'null', value: () => null },
  { label: 'undefined', value: () => undefined },
  { label: '{}', value: () => ({}) },
  { label: "'a string'", value: () => 'a string' },
  { label: 'NaN', value: () => Number.NaN },
  { label: '[]', value: () => [] },
  { label: 'a disposed tensor', value: () => disposed },
  { label: 'a 1-D tensor', value: () => vector },
];

type Outcome = { ok: true } | { ok: false; error: unknown };

/** Runs the call; disposes whatever tensors it returned; checks that none leaked. */
async function run(subject: Subject, args: unknown[]): Promise<Outcome> {
  const before = tf.memory().numTensors;
  let outcome: Outcome;
  try {
    const result = await subject.call(args);
    const numbers = await numbersIn(result);
    expect(
      numbers.some((v) => Number.isNaN(v)),
      `${subject.name} returned NaN`,
    ).toBe(false);
    for (const t of tensorsIn(result)) t.dispose();
    outcome = { ok: true };
  } catch (error) {
    outcome = { ok: false, error };
  }
  expect(tf.memory().numTensors - before, `${subject.name} leaked tensors`).toBe(0);
  return outcome;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}

/**
 * Known escapes in files this package's reliability work does not own (kernel-ridge.ts): the
 * current behaviour is asserted, so the test fails, and this list must shrink, once it is fixed.
 */
const KNOWN_ACCEPTED = new Set<string>([]);
const KNOWN_RAW = new Set<string>([]);

async function expectTypedOrAccepted(
  subject: Subject,
  args: unknown[],
  where: string,
  names: readonly string[],
  acceptedByContract: boolean,
): Promise<void> {
  const accepted = acceptedByContract || KNOWN_ACCEPTED.has(where);
  const outcome = await run(subject, args);
  if (accepted) {
    expect(
      outcome.ok,
      `${where}: expected the default, got ${outcome.ok ? '' : describeError(outcome.error)}`,
    ).toBe(true);
    return;
  }
  expect(outcome.ok, `${where}: expected a typed error, but the call succeeded`).toBe(false);
  if (outcome.ok) return;
  const { error } = outcome;
  if (KNOWN_RAW.has(where)) {
    expect(error, `${where} is fixed: remove it from KNOWN_RAW`).not.toBeInstanceOf(OverparamError);
    return;
  }
  expect(error, `${where}: ${describeError(error)}`).toBeInstanceOf(OverparamError);
  const message = (error as Error).message;
  expect(
    names.some((n) => message.includes(n)),
    `${where}: the message should name ${names.join(' or ')}: ${message}`,
  ).toBe(true);
}

function cases(): [string, Subject, number, Slot][] {
  return subjects().flatMap((subject) =>
    subject.slots.map((slot, i): [string, Subject, number, Slot] => [
      `${subject.name}: argument ${slot.name}`,
      subject,
      i,
      slot,
    ]),
  );
}

function fieldCases(): [string, Subject, number, string, boolean][] {
  return subjects().flatMap((subject) =>
    subject.slots.flatMap((slot, i) =>
      (slot.fields ?? []).map((field): [string, Subject, number, string, boolean] => [
        `${subject.name}: option ${field}`,
        subject,
        i,
        field,
        slot.fieldsAcceptingEmpty?.includes(field) ?? false,
      ]),
    ),
  );
}

describe(`[${TEST_BACKEND}] every export: null, undefined, {}, a string, NaN, [], a disposed or a 1-D tensor give an OverparamError naming the argument`, () => {
  it('the valid arguments of every subject succeed (the sweep below starts from them)', async () => {
    for (const subject of subjects()) {
      const outcome = await run(subject, subject.valid());
      expect(outcome.ok, `${subject.name}: ${outcome.ok ? '' : describeError(outcome.error)}`).toBe(
        true,
      );
    }
  });

  it.each(cases())(
    '%s: each bad value is a typed error naming it, or its documented default',
    async (_, subject, i, slot) => {
      for (const bad of BAD) {
        const args = subject.valid();
        const value = bad.value();
        args[i] = value;
        const accepted = (slot.accepts ?? []).some(
          (a) =>
            a === value ||
            (typeof a === 'object' &&
              a !== null &&
              typeof value === 'object' &&
              value !== null &&
              !Array.isArray(value) &&
              !(value instanceof tf.Tensor) &&
              Object.keys(value).length === 0),
        );
        // An options bag without its required fields ({}) names the missing field.
        await expectTypedOrAccepted(
          subject,
          args,
          `${subject.name} with ${slot.name} = ${bad.label}`,
          [slot.name, ...(slot.fields ?? [])],
          accepted,
        );
      }
    },
  );

  it.each(fieldCases())(
    '%s: each bad value is a typed error naming the option (or the default {} of budget)',
    async (_, subject, i, field, acceptsEmpty) => {
      for (const bad of BAD) {
        if (bad.label === 'undefined') continue; // undefined is the default of every field
        const args = subject.valid();
        args[i] = { ...(args[i] as object), [field]: bad.value() };
        await expectTypedOrAccepted(
          subject,
          args,
          `${subject.name} with ${field} = ${bad.label}`,
          [field],
          acceptsEmpty && bad.label === '{}',
        );
      }
    },
  );

  it('a budget whose limits are not numbers ≥ 0 is an InvalidArgumentError naming the limit', async () => {
    const { rbfKernel, kernelSpectrum } = await import('../../src/index.js');
    for (const budget of [{ maxFlops: 'many' }, { maxBytes: -1 }, { maxFlops: Number.NaN }]) {
      expect(() => rbfKernel({ budget } as never)).toThrow(/budget\.max(Flops|Bytes)/);
      expect(() => kernelSpectrum([[1]], { budget } as never)).toThrow(OverparamError);
    }
    expect(() => rbfKernel({ budget: { maxFlops: Number.POSITIVE_INFINITY } })).not.toThrow();
  });

  it('monteCarloKernel: an estimate that returns bad data is a typed error naming estimate(s)', () => {
    return import('../../src/index.js').then(({ monteCarloKernel }) => {
      for (const bad of [null, undefined, {}, 'a string', Number.NaN, [], [[Number.NaN]]]) {
        expect(() => monteCarloKernel(() => bad as never, { samples: 2 })).toThrow(OverparamError);
        expect(() => monteCarloKernel(() => bad as never, { samples: 2 })).toThrow(/estimate\(0\)/);
      }
    });
  });

  it('kernelRidgeGpu(...).predict after dispose() is an InvalidArgumentError, not a tfjs error', async () => {
    const { kernelRidgeGpu } = await import('../../src/index.js');
    const { K3, y3, KT } = await import('./subjects.js');
    const model = await kernelRidgeGpu(K3, y3, { ridge: 0.1 });
    model.dispose();
    expect(() => model.predict(KT)).toThrow(/predict before dispose\(\)/);
  });
});
