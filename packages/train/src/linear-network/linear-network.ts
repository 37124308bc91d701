import { type Matrix64, matmul, transpose } from '@overparam/tensor';
import { addScaled, frobenius, readNetwork, readProblem } from './linear-network-math.js';

/**
 * A two-layer linear network in the whitened-data form of https://overparam.dev/docs/theory/linear-networks#setting (Xu, Min, Tarmoun,
 * Mallada & Vidal, AISTATS 2023): the end-to-end map is the product UVᵀ, with U ∈ R^{n×h}
 * (the output layer) and V ∈ R^{m×h} (the input layer, transposed), hidden width h ≥ n, m.
 * Float64 on the CPU: the matrices are small and the certificates need the precision.
 *
 * How it maps to a network on data: f(x) = W₂W₁x with W₁ ∈ R^{h×d}, W₂ ∈ R^{k×h}, trained on
 * N samples (rows of X ∈ R^{N×d}, targets Y_data ∈ R^{N×k}) with the squared loss
 * L = (1/(2c))·‖X·W₁ᵀW₂ᵀ − Y_data‖²_F of https://overparam.dev/docs/theory/conventions#loss-normalization. When the data are whitened,
 * XᵀX = c·I_d (N ≥ d), L = ½‖W₂W₁ − Y‖²_F + const with Y = Y_dataᵀX/c ∈ R^{k×d}
 * ({@link whitenedTarget}), so U = W₂ (n = k outputs), V = W₁ᵀ (m = d inputs) and both
 * the loss (up to the constant) and its gradients coincide: gradient descent follows the
 * same path in either form.
 *
 * @example
 * const net: LinearNetwork = { U: fromArray([[1, 0, 0]]), V: fromArray([[0, 2, 0]]) };
 * toArray(linearNetworkProduct(net)) // [[0]]  (n = m = 1, h = 3)
 */
export interface LinearNetwork {
  /** Output layer, n×h. */
  readonly U: Matrix64;
  /** Input layer transposed, m×h. */
  readonly V: Matrix64;
}

/**
 * The end-to-end matrix UVᵀ (n×m) of a {@link LinearNetwork}, float64 on the CPU.
 *
 * @throws InvalidArgumentError when net is not { U, V } of matrices; ShapeMismatchError when U
 *   and V have different widths h; NonFiniteError for NaN/±Infinity entries.
 * @example
 * toArray(linearNetworkProduct({ U: fromArray([[1, 2]]), V: fromArray([[3, 4]]) })) // [[11]]
 */
export function linearNetworkProduct(net: LinearNetwork): Matrix64 {
  const op = 'linearNetworkProduct';
  const { U, V } = readNetwork(op, net);
  return matmul(U, transpose(V));
}

/**
 * The error E = UVᵀ − Y (n×m) of https://overparam.dev/docs/theory/linear-networks#setting, float64 on the CPU.
 *
 * @throws ShapeMismatchError for shapes that do not fit (U n×h, V m×h, Y n×m) or h < max(n, m);
 * NonFiniteError when an entry is NaN/±Inf.
 * @example
 * const net = { U: fromArray([[1, 0]]), V: fromArray([[2, 0]]) };
 * toArray(linearNetworkError(net, fromArray([[3]]))) // [[-1]]
 */
export function linearNetworkError(network: LinearNetwork, target: Matrix64): Matrix64 {
  const { net, Y } = readProblem('linearNetworkError', network, target);
  return addScaled(linearNetworkProduct(net), -1, Y);
}

/**
 * The loss L(U, V) = ½‖UVᵀ − Y‖²_F of https://overparam.dev/docs/theory/linear-networks#setting: the squared loss with normalization
 * c = 1 ("sum") in the whitened-data form (see {@link LinearNetwork} for data with c = N).
 *
 * @throws ShapeMismatchError, NonFiniteError as {@link linearNetworkError}.
 * @example
 * const net = { U: fromArray([[1, 0]]), V: fromArray([[2, 0]]) };
 * linearNetworkLoss(net, fromArray([[3]])) // 0.5
 */
export function linearNetworkLoss(net: LinearNetwork, Y: Matrix64): number {
  return 0.5 * frobenius(linearNetworkError(net, Y)) ** 2;
}
