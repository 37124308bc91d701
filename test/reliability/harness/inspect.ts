// Walks values for the per-case checks: snapshots for mutation, the NaN/±Infinity search of
// outputs, and the disposal of returned tensors and models. Runs in the worker.
import type * as Tf from '@tensorflow/tfjs-core';

const MAX_DEPTH = 10;
const MAX_LEAVES = 20_000;

function isTensor(tf: typeof Tf, v: unknown): v is Tf.Tensor {
  return v instanceof tf.Tensor;
}

function isTypedArray(v: unknown): v is ArrayLike<number> & ArrayBufferView {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function num(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** FNV-1a over the bytes of a typed array: large inputs are compared by hash, not entry by entry. */
function hashBytes(v: ArrayBufferView): string {
  const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i] as number;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

/** Own enumerable keys, plus the getters of a class instance's prototype chain (params, …). */
function keysOf(v: object): string[] {
  const keys = Object.keys(v);
  let proto = Object.getPrototypeOf(v);
  while (proto && proto !== Object.prototype && proto !== Array.prototype) {
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (d.get && !keys.includes(k)) keys.push(k);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return keys;
}

const fnIds = new WeakMap<object, number>();
let nextFnId = 1;
function fnId(f: object): number {
  let id = fnIds.get(f);
  if (id === undefined) {
    id = nextFnId++;
    fnIds.set(f, id);
  }
  return id;
}

/**
 * A flat map path → leaf of everything reachable from `value` (own enumerable properties,
 * array entries, typed arrays by length and hash, tensors by shape, dtype, disposal and values).
 */
export function snapshot(tf: typeof Tf, value: unknown, root = '$'): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<object>();
  const walk = (v: unknown, path: string, depth: number): void => {
    if (out.size > MAX_LEAVES) return;
    if (typeof v === 'number') return void out.set(path, num(v));
    if (typeof v === 'string') return void out.set(path, JSON.stringify(v));
    if (typeof v === 'bigint') return void out.set(path, `${v}n`);
    if (v === null || v === undefined || typeof v === 'boolean')
      return void out.set(path, String(v));
    if (typeof v === 'symbol') return void out.set(path, 'symbol');
    if (typeof v === 'function') return void out.set(path, `function#${fnId(v)}`);
    if (typeof v !== 'object') return void out.set(path, typeof v);
    if (seen.has(v)) return void out.set(path, 'cycle');
    seen.add(v);
    if (isTensor(tf, v)) {
      out.set(
        `${path}:tensor`,
        `${v.dtype}[${v.shape.join(',')}]${v.isDisposed ? ' disposed' : ''}`,
      );
      if (!v.isDisposed) out.set(`${path}:values`, hashBytes(v.dataSync() as ArrayBufferView));
      return;
    }
    if (isTypedArray(v)) {
      return void out.set(path, `${v.constructor.name}(${v.length}) ${hashBytes(v)}`);
    }
    if (depth > MAX_DEPTH) return void out.set(path, 'deep');
    if (Array.isArray(v)) {
      out.set(`${path}.length`, String(v.length));
      for (let i = 0; i < v.length; i++) walk(v[i], `${path}[${i}]`, depth + 1);
      return;
    }
    if (v instanceof Map) {
      for (const [k, x] of v) walk(x, `${path}.get(${String(k)})`, depth + 1);
      return;
    }
    if (v instanceof AbortSignal) return void out.set(path, `AbortSignal aborted=${v.aborted}`);
    for (const k of keysOf(v)) {
      let x: unknown;
      try {
        x = (v as Record<string, unknown>)[k];
      } catch (e) {
        x = `<getter threw ${(e as Error)?.name}>`;
      }
      walk(x, `${path}.${k}`, depth + 1);
    }
  };
  walk(value, root, 0);
  return out;
}

/** The first difference of two snapshots, or null. */
export function diffSnapshots(a: Map<string, string>, b: Map<string, string>): string | null {
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w !== v) return `${k} was ${v}, is ${w ?? '(gone)'}`;
  }
  for (const [k, w] of b) if (!a.has(k)) return `${k} appeared (${w})`;
  return null;
}

/** The first NaN (or, unless allowed, ±Infinity) reachable from an output, with its path. */
export function findNonFinite(
  tf: typeof Tf,
  value: unknown,
  allowInfinityAt: (path: string) => boolean,
): string | null {
  const seen = new Set<object>();
  const bad = (x: number, path: string) =>
    Number.isNaN(x) || (!Number.isFinite(x) && !allowInfinityAt(path));
  const walk = (v: unknown, path: string, depth: number): string | null => {
    if (typeof v === 'number') return bad(v, path) ? `${path} = ${v}` : null;
    if (v === null || typeof v !== 'object' || seen.has(v) || depth > MAX_DEPTH) return null;
    seen.add(v);
    if (isTensor(tf, v)) {
      if (v.isDisposed || (v.dtype !== 'float32' && v.dtype !== 'complex64')) return null;
      const data = v.dataSync() as Float32Array;
      for (let i = 0; i < data.length; i++) {
        if (bad(data[i] as number, path))
          return `${path} (tensor [${v.shape}]) [${i}] = ${data[i]}`;
      }
      return null;
    }
    if (v instanceof Float64Array || v instanceof Float32Array) {
      for (let i = 0; i < v.length; i++) {
        if (bad(v[i] as number, path)) return `${path}[${i}] = ${v[i]}`;
      }
      return null;
    }
    if (isTypedArray(v)) return null;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const r = walk(v[i], `${path}[${i}]`, depth + 1);
        if (r) return r;
      }
      return null;
    }
    if (v instanceof Map) {
      for (const [k, x] of v) {
        const r = walk(x, `${path}.get(${String(k)})`, depth + 1);
        if (r) return r;
      }
      return null;
    }
    for (const k of keysOf(v)) {
      let x: unknown;
      try {
        x = (v as Record<string, unknown>)[k];
      } catch {
        continue;
      }
      const r = walk(x, `${path}.${k}`, depth + 1);
      if (r) return r;
    }
    return null;
  };
  return walk(value, 'result', 0);
}

/** Disposes what a value holds: anything with dispose(), then every tensor reachable from it. */
export function disposeDeep(tf: typeof Tf, value: unknown): void {
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || seen.has(v) || depth > MAX_DEPTH) return;
    seen.add(v);
    if (isTensor(tf, v)) {
      v.dispose();
      return;
    }
    if (isTypedArray(v)) return;
    const d = (v as { dispose?: unknown }).dispose;
    if (typeof d === 'function') {
      try {
        d.call(v);
      } catch {
        // disposing twice or a throwing dispose is not this walk's concern
      }
    }
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    for (const k of Object.keys(v)) {
      let x: unknown;
      try {
        x = (v as Record<string, unknown>)[k];
      } catch {
        continue;
      }
      walk(x, depth + 1);
    }
  };
  walk(value, 0);
}

/** The function-valued own properties of a returned object (its methods), for coverage. */
export function listMethods(tf: typeof Tf, value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  if (isTensor(tf, value) || isTypedArray(value)) return [];
  const names = new Set<string>();
  for (const k of Object.keys(value)) {
    try {
      if (typeof (value as Record<string, unknown>)[k] === 'function') names.add(k);
    } catch {
      // a throwing getter is not a method
    }
  }
  let proto = Object.getPrototypeOf(value);
  while (proto && proto !== Object.prototype) {
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (k !== 'constructor' && typeof d.value === 'function') names.add(k);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return [...names].sort();
}
