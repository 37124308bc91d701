import { assertInteger, InvalidArgumentError } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { type Flow, type KernelRecord, type Layer, makeLayer, type ParamTree } from './layer.js';

function assertLayers(op: string, layers: readonly Layer[]): void {
  if (layers.length === 0) {
    throw new InvalidArgumentError(
      'layers',
      [],
      'at least one layer, e.g. serial(dense({ outputs: 512 }), relu())',
      op,
    );
  }
  layers.forEach((l, i) => {
    if (l === null || typeof l !== 'object' || !('rules' in l)) {
      throw new InvalidArgumentError(
        `layers[${i}]`,
        l,
        'a layer (dense(…), relu(), serial(…), …)',
        op,
      );
    }
  });
}

/**
 * Layers in sequence: the output of each is the input of the next, for the finite network and
 * for the kernels alike (neural-tangents' `stax.serial`).
 *
 * @example
 * const net = serial(dense({ outputs: 512, wStd: Math.SQRT2 }), relu(), dense({ outputs: 1 }));
 * const params = net.init({ inputShape: [2], initSeed: 1 });
 * net.apply(params, [[1, 0]])          // a 1×1 tensor: the finite network
 * net.kernel.f64([[1, 0]]).nngp.data   // [1]: the infinite-width NNGP
 */
export function serial(...layers: Layer[]): Layer {
  assertLayers('serial', layers);
  const name = `serial(${layers.map((l) => l.name).join(', ')})`;
  return makeLayer({
    name,
    kernelCost: layers.reduce((s, l) => s + l.rules.kernelCost, 0),
    outSize: (op, inSize) => layers.reduce((size, l) => l.rules.outSize(op, size), inSize),
    paramCount(inSize) {
      let size = inSize;
      let count = 0;
      for (const l of layers) {
        count += l.rules.paramCount(size);
        size = l.rules.outSize(name, size);
      }
      return count;
    },
    initParams(rng, inSize) {
      let size = inSize;
      return layers.map((l) => {
        const p = l.rules.initParams(rng, size);
        size = l.rules.outSize(name, size);
        return p;
      });
    },
    forward(params, x) {
      const list = params as ParamTree[];
      return layers.reduce((h, l, i) => l.rules.forward(list[i] as ParamTree, h), x);
    },
    kernel: (record) => layers.reduce((r, l) => l.rules.kernel(r), record),
  });
}

function asList<T>(op: string, v: Flow<T>, n: number, what: string): T[] {
  if (!Array.isArray(v) || v.length !== n) {
    throw new InvalidArgumentError(
      'network',
      Array.isArray(v) ? `${v.length} branches into ${what}` : `one input into ${what}`,
      `${n} branches: put fanOut(${n}) before it`,
      op,
    );
  }
  return v;
}

/**
 * One layer per branch: the i-th layer takes the i-th branch of a fanOut (neural-tangents'
 * `stax.parallel`). A residual block is serial(fanOut(2), parallel(block, identity()), fanInSum()).
 */
export function parallel(...layers: Layer[]): Layer {
  assertLayers('parallel', layers);
  const name = `parallel(${layers.map((l) => l.name).join(', ')})`;
  const k = layers.length;
  return makeLayer({
    name,
    kernelCost: layers.reduce((s, l) => s + l.rules.kernelCost, 0),
    outSize: (op, inSize) =>
      asList(op, inSize, k, name).map(
        (s, i) => (layers[i] as Layer).rules.outSize(op, s) as number,
      ),
    paramCount: (inSize) =>
      (inSize as number[]).reduce((c, s, i) => c + (layers[i] as Layer).rules.paramCount(s), 0),
    initParams: (rng, inSize) =>
      (inSize as number[]).map((s, i) => (layers[i] as Layer).rules.initParams(rng, s)),
    forward: (params, x) =>
      (x as tf.Tensor2D[]).map(
        (h, i) =>
          (layers[i] as Layer).rules.forward(
            (params as ParamTree[])[i] as ParamTree,
            h,
          ) as tf.Tensor2D,
      ),
    kernel: (record) =>
      asList(name, record, k, name).map(
        (r, i) => (layers[i] as Layer).rules.kernel(r) as KernelRecord,
      ),
  });
}

/** Copies one input into `branches` branches (neural-tangents' `stax.FanOut`). */
export function fanOut(branches: number): Layer {
  assertInteger(
    'fanOut',
    'branches',
    branches,
    { min: 1, max: 64 },
    'the number of branches, e.g. 2',
  );
  const name = `fanOut(${branches})`;
  return makeLayer({
    name,
    kernelCost: 0,
    outSize(op, inSize) {
      if (Array.isArray(inSize)) {
        throw new InvalidArgumentError(
          'network',
          `${name} of ${inSize.length} branches`,
          'one input: close the earlier fanOut first',
          op,
        );
      }
      return Array.from({ length: branches }, () => inSize);
    },
    paramCount: () => 0,
    initParams: () => null,
    forward: (_p, x) => Array.from({ length: branches }, () => x as tf.Tensor2D),
    kernel: (record) => Array.from({ length: branches }, () => ({ ...(record as KernelRecord) })),
  });
}

/**
 * The sum of the branches (neural-tangents' `stax.FanInSum`): Σ = Σᵢ Σᵢ and Θ = Σᵢ Θᵢ, exact when
 * the branches are pairwise uncorrelated over initializations: for each pair, one of them went
 * through a layer with its own zero-mean weights since the fanOut, and one of them has mean 0
 * (E[f_a(x)f_b(x')] = E[f_a(x)]·E[f_b(x')] given the shared input). A pre-activation residual
 * block, serial(fanOut(2), parallel(serial(relu(), dense(…)), identity()), fanInSum()), is; a
 * branch ending in relu beside the skip of relu outputs is not (both means are positive), nor are
 * two branches without weights: those are refused with a typed error rather than given a wrong
 * kernel. Odd activations (erf, tanh, sin) keep a zero mean.
 */
export function fanInSum(): Layer {
  const name = 'fanInSum';
  return makeLayer({
    name,
    kernelCost: 2,
    outSize(op, inSize) {
      const list = Array.isArray(inSize) ? inSize : null;
      if (!list) {
        throw new InvalidArgumentError(
          'network',
          'fanInSum of one input',
          'branches from fanOut(k) (and parallel(…))',
          op,
        );
      }
      if (list.some((s) => s !== list[0])) {
        throw new InvalidArgumentError(
          'network',
          `fanInSum of widths ${list.join(', ')}`,
          'branches of equal width (or fanInConcat)',
          op,
        );
      }
      return list[0] as number;
    },
    paramCount: () => 0,
    initParams: () => null,
    forward: (_p, x) => tf.addN(x as tf.Tensor2D[]) as tf.Tensor2D,
    kernel(record) {
      const list = record as KernelRecord[];
      // Cov(f_a(x), f_b(x')) = 0 when one branch has its own zero-mean weights since the fanOut
      // and one of the two has mean 0 (E[f_a f_b] = E[f_a]·E[f_b] given the shared input).
      const uncorrelated = (a: KernelRecord, b: KernelRecord) =>
        a.origin !== b.origin && (a.zeroMean === true || b.zeroMean === true);
      for (let a = 0; a < list.length; a++)
        for (let b = a + 1; b < list.length; b++) {
          if (!uncorrelated(list[a] as KernelRecord, list[b] as KernelRecord)) {
            throw new InvalidArgumentError(
              'network',
              `fanInSum of branches ${a} and ${b}, which are correlated (${(list[a] as KernelRecord).origin === (list[b] as KernelRecord).origin ? 'neither has weights of its own since the fanOut' : 'both have a nonzero mean, e.g. a skip of relu outputs beside a branch ending in relu'})`,
              'branches whose kernels add: end the residual branch in a dense layer (pre-activation blocks, serial(relu(), dense(…))), or put a dense layer before the block',
              name,
            );
          }
        }
      const first = list[0] as KernelRecord;
      const add = (pick: (r: KernelRecord) => Float64Array) => {
        const out = new Float64Array(pick(first).length);
        for (const r of list) {
          const v = pick(r);
          for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (v[i] as number);
        }
        return out;
      };
      const var1 = add((r) => r.var1);
      const same = list.every((r) => r.var2 === r.var1);
      return {
        ...first,
        nngp: add((r) => r.nngp),
        ntk: add((r) => r.ntk),
        var1,
        var2: same ? var1 : add((r) => r.var2),
        origin: Math.min(...list.map((r) => r.origin ?? 0)),
        zeroMean: list.every((r) => r.zeroMean === true),
      };
    },
  });
}

/**
 * The branches side by side (features concatenated, neural-tangents' `stax.FanInConcat`): each
 * unit of the result is a unit of one branch, so the kernel a following dense layer sees is the
 * width-weighted mean Σ = Σᵢ (mᵢ/m)·Σᵢ (and Θ likewise), m = Σ mᵢ: the limit of widths growing
 * in fixed ratios. The finite widths come from the branches' layers.
 */
export function fanInConcat(): Layer {
  const name = 'fanInConcat';
  return makeLayer({
    name,
    kernelCost: 2,
    outSize(op, inSize) {
      if (!Array.isArray(inSize)) {
        throw new InvalidArgumentError(
          'network',
          'fanInConcat of one input',
          'branches from fanOut(k) (and parallel(…))',
          op,
        );
      }
      return inSize.reduce((a, b) => a + b, 0);
    },
    paramCount: () => 0,
    initParams: () => null,
    forward: (_p, x) => tf.concat(x as tf.Tensor2D[], 1) as tf.Tensor2D,
    kernel(record) {
      const list = record as KernelRecord[];
      const first = list[0] as KernelRecord;
      const total = list.reduce((s, r) => s + r.width, 0);
      const mix = (pick: (r: KernelRecord) => Float64Array) => {
        const out = new Float64Array(pick(first).length);
        for (const r of list) {
          const v = pick(r);
          const w = r.width / total;
          for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + w * (v[i] as number);
        }
        return out;
      };
      const var1 = mix((r) => r.var1);
      const same = list.every((r) => r.var2 === r.var1);
      return {
        ...first,
        nngp: mix((r) => r.nngp),
        ntk: mix((r) => r.ntk),
        var1,
        var2: same ? var1 : mix((r) => r.var2),
        width: total,
        origin: Math.min(...list.map((r) => r.origin ?? 0)),
        zeroMean: list.every((r) => r.zeroMean === true),
      };
    },
  });
}
