// Cases are generated in the main thread and run in a worker, so every argument crosses
// postMessage as plain data. Values structured clone cannot carry (tensors, callbacks, abort
// signals, models, symbols) are written as tagged objects { $rel: kind, … } and rebuilt by
// `decode` in the worker, where they are real. A tag reads well in a shrunk counterexample:
// { $rel: 'tensor', values: [[1, 2]], disposed: true }.
import type * as Tf from '@tensorflow/tfjs-core';
import type { Lib } from './types.js';

export const TAG = '$rel';

export interface TensorTag {
  $rel: 'tensor';
  values: unknown;
  shape?: number[];
  dtype?: 'float32' | 'int32';
  disposed?: boolean;
}

/** A callback built by a builder registered under `kind` (see defineCallback). */
export interface FnTag {
  $rel: 'fn';
  kind: string;
  [param: string]: unknown;
}

/** Tags: tensors, callbacks, signals, models (train's createMlp), symbols, URLs. */
export const tag = {
  tensor(values: unknown, options: Omit<TensorTag, '$rel' | 'values'> = {}): TensorTag {
    return { $rel: 'tensor', values, ...options };
  },
  fn(kind: string, params: Record<string, unknown> = {}): FnTag {
    return { $rel: 'fn', kind, ...params };
  },
  signal(aborted: boolean): { $rel: 'signal'; aborted: boolean } {
    return { $rel: 'signal', aborted };
  },
  mlp(options: unknown, state: { disposed?: boolean } = {}): Record<string, unknown> {
    return { $rel: 'mlp', options, ...state };
  },
  symbol(): { $rel: 'symbol' } {
    return { $rel: 'symbol' };
  },
  url(href: string): { $rel: 'url'; href: string } {
    return { $rel: 'url', href };
  },
};

/** What a callback builder may use: the library and a way to register its inputs for disposal. */
export interface DecodeEnv {
  lib: Lib;
  /** Tensors and models made for this case's inputs, disposed after the case. */
  inputs: { dispose(): void }[];
  /** Reasons of the aborted signals built for this case (rejecting with one is documented). */
  abortReasons: unknown[];
  /** Errors thrown by the case's callbacks (propagating one is not the function's fault). */
  callbackErrors: unknown[];
  decode(value: unknown): unknown;
}

export type CallbackBuilder = (params: FnTag, env: DecodeEnv) => unknown;

const builders = new Map<string, CallbackBuilder>();

/** Registers a callback kind; spec files call this at module level (main thread and worker). */
export function defineCallback(kind: string, builder: CallbackBuilder): void {
  if (builders.has(kind) && builders.get(kind) !== builder) {
    throw new Error(`callback kind '${kind}' is defined twice`);
  }
  builders.set(kind, builder);
}

/** The error a 'throws' callback throws: propagating it is the documented behaviour. */
export class CallbackError extends Error {
  override readonly name = 'CallbackError';
}

defineCallback('noop', () => () => undefined);
defineCallback('const', (p, env) => {
  const value = p.value;
  return () => env.decode(value);
});
defineCallback('identity', () => (x: unknown) => x);
defineCallback('throws', (_p, env) => () => {
  const e = new CallbackError('reliability: a callback threw on purpose');
  env.callbackErrors.push(e);
  throw e;
});

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function makeTensor(t: TensorTag, env: DecodeEnv): Tf.Tensor {
  const { tf } = env.lib;
  const x = tf.tensor(t.values as never, t.shape, t.dtype ?? 'float32');
  if (t.disposed) x.dispose();
  else env.inputs.push(x);
  return x;
}

/** Rebuilds tagged values (in the worker). Plain data is copied, so cases never share state. */
export function createDecoder(lib: Lib): DecodeEnv {
  const env: DecodeEnv = {
    lib,
    inputs: [],
    abortReasons: [],
    callbackErrors: [],
    decode(value: unknown): unknown {
      if (Array.isArray(value)) return value.map((v) => env.decode(v));
      if (!isPlainObject(value)) return value;
      const kind = value[TAG];
      if (kind === undefined) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = env.decode(v);
        return out;
      }
      switch (kind) {
        case 'tensor':
          return makeTensor(value as unknown as TensorTag, env);
        case 'fn': {
          const p = value as FnTag;
          const build = builders.get(p.kind);
          if (!build) throw new Error(`reliability: no callback kind '${p.kind}'`);
          return build(p, env);
        }
        case 'signal': {
          if (value.aborted) {
            const reason = new DOMException('reliability: aborted on purpose', 'AbortError');
            env.abortReasons.push(reason);
            return AbortSignal.abort(reason);
          }
          return new AbortController().signal;
        }
        case 'mlp': {
          const model = lib.train.createMlp(env.decode(value.options) as never);
          if (value.disposed) model.dispose();
          else env.inputs.push(model);
          return model;
        }
        case 'symbol':
          return Symbol('reliability');
        case 'url':
          return new URL(value.href as string);
        default:
          throw new Error(`reliability: unknown tag '${String(kind)}'`);
      }
    },
  };
  return env;
}
