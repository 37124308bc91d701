// The fully connected NNGP/NTK recursion as elementwise tfjs ops (float32, any backend).
import * as tf from '@tensorflow/tfjs-core';
import { type FcSpec, firstLayer } from './fc-spec.js';
import { SNAP32 } from './moments.js';

const TWO_PI = 2 * Math.PI;

/**
 * [E[φφ], E[φ'φ']] for broadcastable q1, q2, c (same formulas and conventions as
 * moments.ts: snapped root, θ = π/2 for zero vectors). Call inside tf.tidy.
 */
export function momentsTf(
  spec: FcSpec,
  q1: tf.Tensor,
  q2: tf.Tensor,
  c: tf.Tensor,
): [tf.Tensor, tf.Tensor] {
  const p = tf.mul(q1, q2);
  const cc = tf.square(c);
  if (spec.act.kind === 'erf') {
    const a = tf.mul(tf.add(tf.mul(q1, 2), 1), tf.add(tf.mul(q2, 2), 1));
    const r = tf.clipByValue(tf.div(tf.mul(c, 2), tf.sqrt(a)), -1, 1);
    const ePhi = tf.mul(tf.asin(r), 2 / Math.PI);
    const D = tf.add(tf.add(tf.mul(tf.add(q1, q2), 2), 1), tf.mul(tf.relu(tf.sub(p, cc)), 4));
    return [ePhi, tf.mul(tf.rsqrt(D), 4 / Math.PI)];
  }
  const s2 = tf.sub(p, cc);
  const s = tf.sqrt(tf.where(tf.greater(s2, tf.mul(p, SNAP32)), s2, 0));
  const theta = tf.where(tf.greater(p, 0), tf.atan2(s, c), Math.PI / 2);
  const piMinus = tf.sub(Math.PI, theta);
  const kPos = tf.div(tf.add(s, tf.mul(piMinus, c)), TWO_PI);
  const a = spec.act.alpha;
  if (a === 0) return [kPos, tf.div(piMinus, TWO_PI)];
  const kNeg = tf.div(tf.sub(s, tf.mul(theta, c)), TWO_PI);
  const ePhi = tf.sub(tf.mul(kPos, 1 + a * a), tf.mul(kNeg, 2 * a));
  const eDphi = tf.div(tf.add(tf.mul(piMinus, 1 + a * a), tf.mul(theta, 2 * a)), TWO_PI);
  return [ePhi, eDphi];
}

/** Σ¹ and Θ¹ from the input dot products g (the first layer of the recursion). */
function firstLayerTf(spec: FcSpec, d: number, g: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const { sa, t0a, t0b } = firstLayer(spec, d);
  const s = tf.add(tf.mul(g, sa), spec.b2);
  return [s, spec.standard ? tf.add(tf.mul(g, t0a), t0b) : s];
}

/**
 * One layer l of the recursion from the moments E = E[φφ] and Ė = E[φ'φ']:
 * Σ^{l+1} = w²E + b², Θ^{l+1} = head + Θ^l·w²Ė (head = Σ^{l+1}, or the standard
 * parameterization's affine term in E).
 */
function nextLayerTf(
  spec: FcSpec,
  l: number,
  e: tf.Tensor,
  eDot: tf.Tensor,
  t: tf.Tensor,
): [tf.Tensor, tf.Tensor] {
  const sNext = tf.add(tf.mul(e, spec.w2), spec.b2);
  const tHead = spec.standard
    ? tf.add(tf.mul(e, spec.ta[l] as number), spec.tb[l] as number)
    : sNext;
  return [sNext, tf.add(tHead, tf.mul(t, tf.mul(eDot, spec.w2)))];
}

/**
 * Runs the recursion from the dot products g (broadcastable against the diagonals):
 * rowDiag[l], colDiag[l] are Σ^{l+1} of the row and column points. Returns [NNGP, NTK].
 */
export function fcFromDotsTf(
  spec: FcSpec,
  d: number,
  g: tf.Tensor,
  rowDiag: readonly tf.Tensor[],
  colDiag: readonly tf.Tensor[],
): [tf.Tensor, tf.Tensor] {
  let [s, t] = firstLayerTf(spec, d, g);
  for (let l = 0; l < spec.depth; l++) {
    const [e, eDot] = momentsTf(spec, rowDiag[l] as tf.Tensor, colDiag[l] as tf.Tensor, s);
    [s, t] = nextLayerTf(spec, l, e, eDot, t);
  }
  return [s, t];
}

/**
 * The per-layer diagonals Σ^{l}(x,x), l = 1..depth, and the output diagonal [NNGP, NTK], from
 * squared norms [n]. The diagonal runs through the same ops as the off-diagonal entries.
 */
export function fcDiagonalTf(
  spec: FcSpec,
  d: number,
  sq: tf.Tensor1D,
): { layers: tf.Tensor1D[]; nngp: tf.Tensor1D; ntk: tf.Tensor1D } {
  const layers: tf.Tensor1D[] = [];
  let [s, t] = firstLayerTf(spec, d, sq);
  for (let l = 0; l < spec.depth; l++) {
    layers.push(s as tf.Tensor1D);
    const [e, eDot] = momentsTf(spec, s, s, s);
    [s, t] = nextLayerTf(spec, l, e, eDot, t);
  }
  return { layers, nngp: s as tf.Tensor1D, ntk: t as tf.Tensor1D };
}
