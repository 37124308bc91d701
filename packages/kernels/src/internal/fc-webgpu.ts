// The fully connected recursion as one WGSL compute shader per tile, run through the tfjs
// webgpu backend's program interface (the way tfjs's own kernels are written): one read of
// the dot products and one write of NNGP and NTK per entry, instead of ~20 passes per layer.
import * as tf from '@tensorflow/tfjs-core';
import type { FusedContext } from './fc-fused.js';
import { type FcSpec, firstLayer } from './fc-spec.js';
import { SNAP32 } from './moments.js';

interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: 'float32';
}

interface WebgpuBackendLike {
  runWebGPUProgram(
    program: object,
    inputs: TensorInfoLike[],
    outputDtype: 'float32',
    uniforms?: { type: 'int32' | 'float32'; data: number[] }[],
  ): TensorInfoLike;
}

/** A WGSL float literal (always with a '.' or an exponent). */
function lit(x: number): string {
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function momentsWgsl(spec: FcSpec): string {
  if (spec.act.kind === 'erf') {
    return `
      fn moments(q1 : f32, q2 : f32, c : f32) -> vec2<f32> {
        let r = clamp(2.0 * c / sqrt((1.0 + 2.0 * q1) * (1.0 + 2.0 * q2)), -1.0, 1.0);
        let s2 = max(q1 * q2 - c * c, 0.0);
        return vec2<f32>(${lit(2 / Math.PI)} * asin(r),
                         ${lit(4 / Math.PI)} / sqrt(1.0 + 2.0 * (q1 + q2) + 4.0 * s2));
      }`;
  }
  const a = spec.act.alpha;
  const combine =
    a === 0
      ? 'return vec2<f32>(kPos, piMinus * INV_TWO_PI);'
      : `let kNeg = (s - theta * c) * INV_TWO_PI;
        return vec2<f32>(${lit(1 + a * a)} * kPos - ${lit(2 * a)} * kNeg,
                         (${lit(1 + a * a)} * piMinus + ${lit(2 * a)} * theta) * INV_TWO_PI);`;
  return `
      const INV_TWO_PI = ${lit(1 / (2 * Math.PI))};
      fn moments(q1 : f32, q2 : f32, c : f32) -> vec2<f32> {
        let p = q1 * q2;
        var s = 0.0;
        var theta = ${lit(Math.PI / 2)};
        if (p > 0.0) {
          let s2 = p - c * c;
          if (s2 > ${lit(SNAP32)} * p) {
            s = sqrt(s2);
          }
          theta = atan2(s, c);
        }
        let piMinus = ${lit(Math.PI)} - theta;
        let kPos = (s + piMinus * c) * INV_TWO_PI;
        ${combine}
      }`;
}

function program(spec: FcSpec, d: number, t: number, n: number, symmetric: boolean): object {
  const { sa, t0a, t0b } = firstLayer(spec, d);
  const layers: string[] = [];
  for (let l = 0; l < spec.depth; l++) {
    layers.push(`
          m = moments(DX[${l} * uniforms.nx + uniforms.r0 + i], DY[${l} * uniforms.ny + j], c);
          t = ${lit(spec.ta[l] as number)} * m.x + ${lit(spec.tb[l] as number)} + t * (${lit(spec.w2)} * m.y);
          c = ${lit(spec.w2)} * m.x + ${lit(spec.b2)};`);
  }
  const key = [
    'overparam_fc',
    spec.act.kind,
    spec.act.kind === 'leakyRelu' ? spec.act.alpha : '',
    spec.depth,
    symmetric ? 'sym' : '',
    spec.w2,
    spec.b2,
    sa,
    t0a,
    t0b,
    ...spec.ta,
    ...spec.tb,
  ].join('_');
  const size = t * n;
  const workgroupSize: [number, number, number] = [64, 1, 1];
  return {
    // Unused bindings are stripped by the shader compiler: declare SQ only where it is read.
    variableNames: symmetric ? ['G', 'SQ', 'DX', 'DY'] : ['G', 'DX', 'DY'],
    outputShape: [2, t, n],
    dispatchLayout: { x: [1, 2] },
    dispatch: [Math.ceil(size / workgroupSize[0]), 1, 1],
    workgroupSize,
    uniforms: 'tn : i32, n : i32, r0 : i32, nx : i32, ny : i32,',
    shaderKey: key,
    getUserCode: () => `
      ${momentsWgsl(spec)}
      fn main(index : i32) {
        if (index < uniforms.tn) {
          let i = index / uniforms.n;
          let j = index - i * uniforms.n;
          ${
            symmetric
              ? // On the diagonal of K(X, X) use c = ‖x_i‖², exactly as the layer diagonals do.
                'let g = select(G[index], SQ[uniforms.r0 + i], uniforms.r0 + i == j);'
              : 'let g = G[index];'
          }
          var c = ${lit(sa)} * g + ${lit(spec.b2)};
          var t = ${lit(t0a)} * g + ${lit(t0b)};
          var m : vec2<f32>;
          ${layers.join('')}
          result[index] = c;
          result[index + uniforms.tn] = t;
        }
      }`,
  };
}

/** Fused webgpu evaluation; dx, dy are the per-layer diagonals (float32, from the ops path). */
export function fcWebgpuContext(
  spec: FcSpec,
  d: number,
  sqx: tf.Tensor1D,
  symmetric: boolean,
  dx: readonly tf.Tensor1D[],
  dy: readonly tf.Tensor1D[],
): FusedContext {
  const DX = tf.concat(dx as tf.Tensor1D[]);
  const DY = dx === dy ? DX : tf.concat(dy as tf.Tensor1D[]);
  const nx = (dx[0] as tf.Tensor1D).shape[0];
  const ny = (dy[0] as tf.Tensor1D).shape[0];
  const backend = tf.backend() as unknown as WebgpuBackendLike;
  return {
    async tile(g, r0) {
      const [t, n] = g.shape;
      const info = backend.runWebGPUProgram(
        program(spec, d, t, n, symmetric),
        (symmetric ? [g, sqx, DX, DY] : [g, DX, DY]) as unknown as TensorInfoLike[],
        'float32',
        [t * n, n, r0, nx, ny].map((v) => ({ type: 'int32' as const, data: [v] })),
      );
      const both = tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor3D;
      const [nngp, ntk] = tf.tidy(() => tf.unstack(both).map((m) => m as tf.Tensor2D)) as [
        tf.Tensor2D,
        tf.Tensor2D,
      ];
      both.dispose();
      return [nngp, ntk];
    },
    dispose() {
      DX.dispose();
      if (DY !== DX) DY.dispose();
    },
  };
}
