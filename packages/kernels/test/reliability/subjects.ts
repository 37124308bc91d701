// The exports of @overparam/kernels (and the methods of the objects they return) as callable
// subjects for the reliability suite: each with valid arguments, which of them are option bags,
// and the fields of those bags.
import type { Matrix64 } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import {
  arcCosineKernel,
  centeredKernelAlignment,
  directionalAlignment,
  type FcKernel,
  fcKernel,
  fitKernelRidge,
  gramInfinityKernel,
  type Kernel,
  kernelRidge,
  kernelRidgeGpu,
  kernelSpectrum,
  kernelTargetAlignment,
  laplaceKernel,
  laplaceL1Kernel,
  linearKernel,
  monteCarloKernel,
  polynomialKernel,
  randomArcCosineFeatures,
  rbfKernel,
} from '../../src/index.js';

/** Three points in R², one of them the sum of the others. */
export const X = [
  [1, 0],
  [0, 1],
  [1, 1],
];
export const Y = [
  [0.5, 0.5],
  [2, -1],
];
/** A positive definite 3×3 kernel matrix and targets for it. */
export const K3: Matrix64 = rbfKernel().f64(X);
export const y3 = [1, -1, 0.5];
/** K(Y, X), 2×3. */
export const KT: Matrix64 = rbfKernel().f64(Y, X);
export const DIRECTIONS = [
  [1, 0],
  [0, 1],
  [1, -1],
];

/** Every classic kernel factory, by a name for test titles. */
export const KERNELS: readonly (readonly [string, () => Kernel])[] = [
  ['rbfKernel()', () => rbfKernel()],
  ['linearKernel()', () => linearKernel()],
  ['polynomialKernel()', () => polynomialKernel()],
  ['laplaceKernel()', () => laplaceKernel()],
  ['laplaceL1Kernel()', () => laplaceL1Kernel()],
  ['arcCosineKernel({ order: 0 })', () => arcCosineKernel({ order: 0 })],
  ['arcCosineKernel({ order: 1 })', () => arcCosineKernel({ order: 1 })],
  ['arcCosineKernel({ order: 2 })', () => arcCosineKernel({ order: 2 })],
  ['gramInfinityKernel()', () => gramInfinityKernel()],
];

/** fcKernel with each activation (the ReLU NTK on both parameterizations). */
export const FC_KERNELS: readonly (readonly [string, () => FcKernel])[] = [
  ["fcKernel({ depth: 2, activation: 'relu' })", () => fcKernel({ depth: 2, wStd: Math.SQRT2 })],
  [
    "fcKernel({ depth: 2, activation: 'erf', bStd: 0.1 })",
    () => fcKernel({ depth: 2, activation: 'erf', bStd: 0.1 }),
  ],
  [
    "fcKernel({ depth: 2, activation: 'leakyRelu' })",
    () => fcKernel({ depth: 2, activation: 'leakyRelu' }),
  ],
  [
    "fcKernel({ depth: 2, parameterization: 'standard', width: 8 })",
    () => fcKernel({ depth: 2, parameterization: 'standard', width: 8 }),
  ],
];

/** An argument of a subject. */
export interface Slot {
  name: string;
  /** Values other than valid data that must be accepted: undefined for an optional Y, {} for options. */
  accepts?: readonly unknown[];
  /** For an options slot: the fields to try bad values on, and the ones that accept {}. */
  fields?: readonly string[];
  fieldsAcceptingEmpty?: readonly string[];
}

/** A public function or method with valid arguments. */
export interface Subject {
  name: string;
  slots: readonly Slot[];
  valid: () => unknown[];
  call: (args: unknown[]) => unknown;
}

const OPTIONAL = [undefined, {}] as const;
const BUDGET = ['budget'];
const GPU_FIELDS = ['maxTileElements', 'signal', 'onProgress', 'budget'];

type AnyFn = (...args: unknown[]) => unknown;
const fn = (f: unknown) => f as AnyFn;

function kernelMethods(name: string, make: () => Kernel | FcKernel, fc: boolean): Subject[] {
  const gpuFields = fc ? [...GPU_FIELDS, 'implementation'] : GPU_FIELDS;
  return [
    {
      name: `${name}.f64`,
      slots: [{ name: 'X' }, { name: 'Y', accepts: [undefined] }],
      valid: () => [X, Y],
      call: (a) => fn(make().f64)(...a),
    },
    {
      name: `${name}.diagF64`,
      slots: [{ name: 'X' }],
      valid: () => [X],
      call: (a) => fn(make().diagF64)(...a),
    },
    {
      name: `${name}.gpu`,
      slots: [
        { name: 'X' },
        { name: 'Y', accepts: [undefined] },
        { name: 'options', accepts: OPTIONAL, fields: gpuFields, fieldsAcceptingEmpty: BUDGET },
      ],
      valid: () => [X, Y, {}],
      call: (a) => fn(make().gpu)(...a),
    },
    {
      name: `${name}.diagGpu`,
      slots: [{ name: 'X' }],
      valid: () => [X],
      call: (a) => fn(make().diagGpu)(...a),
    },
  ];
}

function factory(name: string, f: AnyFn, fields: string[], base: object = {}): Subject {
  const required = Object.keys(base).length > 0;
  return {
    name,
    slots: [
      {
        name: 'options',
        ...(required ? {} : { accepts: OPTIONAL }),
        fields,
        fieldsAcceptingEmpty: BUDGET,
      },
    ],
    valid: () => [base],
    call: (a) => f(...a),
  };
}

const RIDGE_GPU_FIELDS = ['ridge', 'ridgeFloor', 'tol', 'maxIterations', 'budget'];
const FIT_FIELDS = ['solver', 'f64MaxN', 'ridge', 'rcond', ...RIDGE_GPU_FIELDS.slice(1)];

/** Every export of src/index.ts that is a function, and the methods of what they return. */
export function subjects(): Subject[] {
  const list: Subject[] = [
    factory('rbfKernel', fn(rbfKernel), ['lengthScale', 'budget']),
    factory('linearKernel', fn(linearKernel), ['offset', 'budget']),
    factory('polynomialKernel', fn(polynomialKernel), ['degree', 'gamma', 'coef0', 'budget']),
    factory('laplaceKernel', fn(laplaceKernel), ['lengthScale', 'budget']),
    factory('laplaceL1Kernel', fn(laplaceL1Kernel), ['lengthScale', 'budget']),
    factory('arcCosineKernel', fn(arcCosineKernel), ['order', 'budget']),
    factory('gramInfinityKernel', fn(gramInfinityKernel), ['budget']),
    factory(
      'fcKernel',
      fn(fcKernel),
      ['depth', 'activation', 'alpha', 'wStd', 'bStd', 'parameterization', 'width', 'budget'],
      { depth: 2 },
    ),
    {
      name: 'centeredKernelAlignment',
      slots: [
        { name: 'K' },
        { name: 'L' },
        { name: 'options', accepts: OPTIONAL, fields: BUDGET, fieldsAcceptingEmpty: BUDGET },
      ],
      valid: () => [K3, linearKernel().f64(X), {}],
      call: (a) => fn(centeredKernelAlignment)(...a),
    },
    {
      name: 'directionalAlignment',
      slots: [
        { name: 'K' },
        { name: 'directions' },
        { name: 'options', accepts: OPTIONAL, fields: BUDGET, fieldsAcceptingEmpty: BUDGET },
      ],
      valid: () => [K3, DIRECTIONS, {}],
      call: (a) => fn(directionalAlignment)(...a),
    },
    {
      name: 'kernelTargetAlignment',
      slots: [
        { name: 'K' },
        { name: 'Y' },
        {
          name: 'options',
          accepts: OPTIONAL,
          fields: ['centered', 'budget'],
          fieldsAcceptingEmpty: BUDGET,
        },
      ],
      valid: () => [K3, y3, {}],
      call: (a) => fn(kernelTargetAlignment)(...a),
    },
    {
      name: 'kernelSpectrum',
      slots: [
        { name: 'K' },
        {
          name: 'options',
          accepts: OPTIONAL,
          fields: ['targets', 'budget'],
          fieldsAcceptingEmpty: BUDGET,
        },
      ],
      valid: () => [K3, { targets: y3 }],
      call: (a) => fn(kernelSpectrum)(...a),
    },
    {
      name: 'monteCarloKernel',
      slots: [
        { name: 'estimate' },
        {
          name: 'options',
          fields: ['samples', 'budget', 'flopsPerSample'],
          fieldsAcceptingEmpty: BUDGET,
        },
      ],
      valid: () => [(s: number) => [[1, s]], { samples: 3 }],
      call: (a) => fn(monteCarloKernel)(...a),
    },
    {
      name: 'randomArcCosineFeatures',
      slots: [
        { name: 'X' },
        {
          name: 'options',
          fields: ['order', 'features', 'featureSeed', 'budget'],
          fieldsAcceptingEmpty: BUDGET,
        },
      ],
      valid: () => [X, { features: 8, featureSeed: 1 }],
      call: (a) => fn(randomArcCosineFeatures)(...a),
    },
    {
      name: 'kernelRidge',
      slots: [
        { name: 'K' },
        { name: 'Y' },
        { name: 'options', accepts: OPTIONAL, fields: ['ridge', 'rcond'] },
      ],
      valid: () => [K3, y3, {}],
      call: (a) => fn(kernelRidge)(...a),
    },
    {
      name: 'kernelRidge(K, y).predict',
      slots: [{ name: 'kTestTrain' }],
      valid: () => [KT],
      call: (a) => fn(kernelRidge(K3, y3).predict)(...a),
    },
    {
      name: 'kernelRidge(K, y).predictGpu',
      slots: [{ name: 'kTestTrain' }],
      valid: () => [KT],
      call: (a) => {
        const model = kernelRidge(K3, y3);
        const own = a[0] === KT;
        const kt = own ? tf.tensor2d(Float32Array.from(KT.data), [2, 3]) : a[0];
        try {
          return fn(model.predictGpu)(kt);
        } finally {
          if (own) (kt as tf.Tensor).dispose();
        }
      },
    },
    {
      name: 'kernelRidgeGpu',
      slots: [
        { name: 'K' },
        { name: 'Y' },
        {
          name: 'options',
          accepts: OPTIONAL,
          fields: RIDGE_GPU_FIELDS,
          fieldsAcceptingEmpty: BUDGET,
        },
      ],
      valid: () => [K3, y3, {}],
      call: (a) => fn(kernelRidgeGpu)(...a),
    },
    {
      name: 'kernelRidgeGpu(K, y).predict',
      slots: [{ name: 'kTestTrain' }],
      valid: () => [KT],
      call: async (a) => {
        const model = await kernelRidgeGpu(K3, y3, { ridge: 0.1 });
        try {
          return fn(model.predict)(...a);
        } finally {
          model.dispose();
        }
      },
    },
  ];
  for (const solver of ['f64', 'gpu-cg'] as const) {
    list.push(
      {
        name: `fitKernelRidge({ solver: '${solver}' })`,
        slots: [
          { name: 'K' },
          { name: 'Y' },
          { name: 'options', accepts: OPTIONAL, fields: FIT_FIELDS, fieldsAcceptingEmpty: BUDGET },
        ],
        valid: () => [K3, y3, { solver }],
        call: async (a) => {
          const fit = await fn(fitKernelRidge)(...a);
          (fit as { dispose(): void }).dispose();
          return fit;
        },
      },
      ...(['predict', 'predictGpu'] as const).map(
        (method): Subject => ({
          name: `fitKernelRidge(K, y, { solver: '${solver}' }).${method}`,
          slots: [{ name: 'kTestTrain' }],
          valid: () => [KT],
          call: async (a) => {
            const fit = await fitKernelRidge(K3, y3, { solver, ridge: 0.1 });
            try {
              return await fn(fit[method])(...a);
            } finally {
              fit.dispose();
            }
          },
        }),
      ),
    );
  }
  for (const [name, make] of KERNELS) list.push(...kernelMethods(name, make, false));
  for (const [name, make] of FC_KERNELS) list.push(...kernelMethods(name, make, true));
  return list;
}

/** Tensors in a result (a tensor, or arrays / plain objects of them). */
export function tensorsIn(value: unknown, out: tf.Tensor[] = []): tf.Tensor[] {
  if (value instanceof tf.Tensor) {
    if (!value.isDisposed) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) tensorsIn(v, out);
  } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const v of Object.values(value)) tensorsIn(v, out);
  }
  return out;
}

/** Every number in a result: numbers, typed arrays, Matrix64 data, tensors (read back). */
export async function numbersIn(value: unknown, out: number[] = []): Promise<number[]> {
  if (typeof value === 'number') out.push(value);
  else if (value instanceof tf.Tensor) {
    if (!value.isDisposed) out.push(...(await value.data()));
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    out.push(...Array.from(value as unknown as ArrayLike<number>));
  } else if (Array.isArray(value)) {
    for (const v of value) await numbersIn(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) await numbersIn(v, out);
  }
  return out;
}
