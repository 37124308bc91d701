// The architectures of the fixtures are JSON trees (test/fixtures/layers_kernels.py writes them
// and interprets them in numpy); this builds the same network from the package's layers.
import {
  abRelu,
  abs,
  cos,
  dense,
  erf,
  fanInConcat,
  fanInSum,
  fanOut,
  gelu,
  identity,
  type Layer,
  leakyRelu,
  parallel,
  relu,
  serial,
  sin,
  tanh,
} from '../src/index.js';

/** A layer as the fixture script writes it: [kind, ...arguments]. */
export type LayerSpec =
  | ['serial' | 'parallel', LayerSpec[]]
  | ['dense', { outputs: number; wStd: number; bStd: number; parameterization?: 'standard' }]
  | ['fanOut', number]
  | ['leakyRelu', number]
  | ['abRelu', number, number]
  | [string];

/** Layers to build instead of the package's own for some kinds, e.g. `{ tanh: () => elementwise(…) }`. */
export type SpecOverrides = Partial<Record<string, () => Layer>>;

/**
 * The network a spec describes (with `overrides` for some activation kinds). Throws for a kind
 * it does not know (a fixture out of date).
 */
export function buildSpec(spec: LayerSpec, overrides: SpecOverrides = {}): Layer {
  const [kind] = spec;
  const override = overrides[kind];
  if (override) return override();
  const inner = (s: LayerSpec) => buildSpec(s, overrides);
  switch (kind) {
    case 'serial':
      return serial(...(spec[1] as LayerSpec[]).map(inner));
    case 'parallel':
      return parallel(...(spec[1] as LayerSpec[]).map(inner));
    case 'dense':
      return dense(spec[1] as Parameters<typeof dense>[0]);
    case 'fanOut':
      return fanOut(spec[1] as number);
    case 'fanInSum':
      return fanInSum();
    case 'fanInConcat':
      return fanInConcat();
    case 'relu':
      return relu();
    case 'leakyRelu':
      return leakyRelu(spec[1] as number);
    case 'abRelu':
      return abRelu(spec[1] as number, spec[2] as number);
    case 'abs':
      return abs();
    case 'erf':
      return erf();
    case 'sin':
      return sin();
    case 'cos':
      return cos();
    case 'identity':
      return identity();
    case 'tanh':
      return tanh();
    case 'gelu':
      return gelu();
    default:
      throw new Error(`unknown layer kind '${kind}' in the fixture`);
  }
}
