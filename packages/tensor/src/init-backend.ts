import * as tf from '@tensorflow/tfjs-core';
import * as platform from '#platform';
import { type BackendName, type BackendPreference, isBackendPreference } from './backend-name.js';
import { BackendUnavailableError } from './errors/backend-unavailable-error.js';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import { assertBoolean, assertOptions } from './input/assert.js';
import type { GpuAdapterLike } from './platform/gpu-like.js';

/** The GPU adapter behind a webgpu (or webgl) backend, as the platform reports it. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

/** What {@link initBackend} started. */
export interface BackendInfo {
  /** The active tfjs backend. */
  backend: BackendName;
  /** Where we run. */
  environment: 'node' | 'browser';
  /** The GPU adapter (webgpu, webgl), or null for wasm and cpu. */
  adapter: AdapterInfo | null;
  /** True for a software rasterizer (SwiftShader, llvmpipe, lavapipe, WARP): correct, not fast. */
  isSoftwareAdapter: boolean;
  /** Bits of float precision of the backend's arithmetic: 32, or 16 on WebGL devices without float32 render targets. */
  floatPrecision: 16 | 32;
  /** Backends 'auto' tried and skipped before this one, each with the reason. */
  skipped: { backend: BackendName; reason: string }[];
  /** For wasm: whether SIMD and threads are in use. */
  wasm: { simd: boolean; threads: boolean } | null;
}

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * Where the tfjs wasm binaries live: a folder path in Node (default: the installed
   * @tensorflow/tfjs-backend-wasm), a URL prefix in the browser (default: `/tfjs-wasm/` at the
   * site's root; pass it when the site lives under a base path). Never a CDN.
   */
  wasmPaths?: string;
  /**
   * tfjs's WEBGPU_CPU_FORWARD: let tiny webgpu ops run on the CPU. Default: tfjs's own (true).
   * Tests set false so that the GPU shaders really run.
   */
  webgpuCpuForward?: boolean;
  /**
   * Let 'auto' settle on a software GPU adapter (SwiftShader, llvmpipe, WARP). Default false:
   * 'auto' skips one (noting it in `skipped`) for the next backend, since wasm is faster than
   * a GPU emulated on the CPU. A backend asked for by name is always used.
   */
  allowSoftwareAdapter?: boolean;
}

const SOFTWARE_ADAPTER =
  /swiftshader|llvmpipe|lavapipe|softpipe|warp|microsoft basic render|software/i;

let wasmPathsSet: string | undefined;
let wasmModule: typeof import('@tensorflow/tfjs-backend-wasm') | undefined;
let webgpuAdapter: GpuAdapterLike | undefined;

async function requestWebgpuAdapter(): Promise<GpuAdapterLike> {
  const gpu = await platform.provideNavigatorGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new BackendUnavailableError('webgpu', 'no-adapter', platform.noAdapterHint);
  return adapter;
}

/** `adapter`: the one 'auto' already asked for (see {@link softwareAdapterBeforeLoad}). */
async function startWebgpu(adapter?: GpuAdapterLike): Promise<void> {
  webgpuAdapter = adapter ?? (await requestWebgpuAdapter());
  // The webgpu backend registers itself only if navigator.gpu exists when it is first imported.
  await import('@tensorflow/tfjs-backend-webgpu');
}

async function startWasm(options: InitBackendOptions): Promise<void> {
  wasmModule ??= await import('@tensorflow/tfjs-backend-wasm');
  const paths = options.wasmPaths ?? platform.defaultWasmPaths();
  if (wasmPathsSet === undefined) {
    wasmModule.setWasmPaths(paths);
    wasmPathsSet = paths;
  } else if (wasmPathsSet !== paths) {
    throw new BackendUnavailableError(
      'wasm',
      'init-failed',
      `the wasm backend already loaded its binaries from '${wasmPathsSet}'; it cannot switch to '${paths}' in the same page or process.`,
    );
  }
}

// Widened: each platform module declares its own literal.
const environment: BackendInfo['environment'] = platform.environment;

async function register(
  name: BackendName,
  options: InitBackendOptions,
  adapter?: GpuAdapterLike,
): Promise<void> {
  switch (name) {
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
    case 'wasm':
      await startWasm(options);
      return;
    case 'webgl':
      if (environment !== 'browser') {
        throw new BackendUnavailableError(
          'webgl',
          'not-in-this-environment',
          "WebGL needs a browser page. In Node use 'webgpu' (with the webgpu package), 'wasm' or 'cpu'.",
        );
      }
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'webgpu':
      await startWebgpu(adapter);
      return;
  }
}

function webgpuAdapterInfo(adapter: GpuAdapterLike): AdapterInfo {
  const info = adapter.info ?? {};
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
  };
}

function webglAdapterInfo(gl: WebGLRenderingContext): AdapterInfo {
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const vendor = String(
    ext ? gl.getParameter(ext.UNMASKED_VENDOR_WEBGL) : gl.getParameter(gl.VENDOR),
  );
  const renderer = String(
    ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
  );
  return { vendor, architecture: '', device: renderer, description: renderer };
}

function adapterInfo(name: BackendName): AdapterInfo | null {
  if (name === 'webgpu' && webgpuAdapter) return webgpuAdapterInfo(webgpuAdapter);
  if (name === 'webgl') {
    const gl = (tf.backend() as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
    return gl ? webglAdapterInfo(gl) : null;
  }
  return null;
}

function isSoftware(adapter: AdapterInfo | null, fallback: boolean): boolean {
  return fallback || SOFTWARE_ADAPTER.test(adapter ? Object.values(adapter).join(' ') : '');
}

function isFallbackWebgpu(adapter: GpuAdapterLike | undefined): boolean {
  return Boolean(adapter?.info?.isFallbackAdapter || adapter?.isFallbackAdapter);
}

function softwareSkipReason(name: BackendName, adapter: AdapterInfo | null): string {
  const what = adapter ? Object.values(adapter).filter(Boolean).join(' ') : name;
  return `software adapter (${what}): slower than the next backend; pass { allowSoftwareAdapter: true } to use it`;
}

/**
 * For 'auto': the adapter a GPU backend would run on, learned before its code is loaded
 * (the webgpu and webgl backends are ~300 kB of script each), and whether it is a software
 * one that 'auto' passes over anyway. WebGPU: the adapter we ask for (reused by the start).
 * WebGL: the renderer of a throwaway context, the one tfjs would get. Undefined when it
 * cannot tell (no WebGL context, or not in a browser): the start then decides, as before.
 * Throws what requesting the WebGPU adapter throws (no navigator.gpu, no adapter).
 */
async function softwareAdapterBeforeLoad(
  name: BackendName,
): Promise<{ software: AdapterInfo | null; adapter?: GpuAdapterLike } | undefined> {
  if (name === 'webgpu') {
    const adapter = await requestWebgpuAdapter();
    const info = webgpuAdapterInfo(adapter);
    return isSoftware(info, isFallbackWebgpu(adapter))
      ? { software: info }
      : { software: null, adapter };
  }
  if (name === 'webgl' && environment === 'browser' && typeof document !== 'undefined') {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ??
      canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return undefined;
    const info = webglAdapterInfo(gl);
    // Free the context now: browsers cap how many a page may hold.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return isSoftware(info, false) ? { software: info } : { software: null };
  }
  return undefined;
}

function describe(name: BackendName, skipped: BackendInfo['skipped']): BackendInfo {
  const adapter = adapterInfo(name);
  const fallback = name === 'webgpu' && isFallbackWebgpu(webgpuAdapter);
  return {
    backend: name,
    environment,
    adapter,
    isSoftwareAdapter: isSoftware(adapter, fallback),
    floatPrecision: name === 'webgl' && !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? 16 : 32,
    skipped,
    wasm:
      name === 'wasm'
        ? {
            simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
            threads: (wasmModule?.getThreadsCount() ?? 1) > 1,
          }
        : null,
  };
}

async function start(
  name: BackendName,
  options: InitBackendOptions,
  adapter?: GpuAdapterLike,
): Promise<void> {
  await register(name, options, adapter);
  if (name === 'webgpu' && options.webgpuCpuForward !== undefined) {
    tf.env().set('WEBGPU_CPU_FORWARD', options.webgpuCpuForward);
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (cause) {
    throw new BackendUnavailableError(
      name,
      'init-failed',
      `tfjs could not start it: ${String(cause)}`,
      { cause },
    );
  }
  if (name === 'cpu' && environment === 'node') {
    // tfjs-backend-cpu prints a banner recommending tfjs-node on first use in Node. We choose
    // the pure-JS backends on purpose (same code in Node and the browser), so silence it.
    const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
    if (cpu) cpu.firstUse = false;
  }
  if (!ok || tf.getBackend() !== name) {
    throw new BackendUnavailableError(
      name,
      'init-failed',
      'tfjs could not initialise it (see the warning tfjs logged above). Try another backend.',
    );
  }
}

/** Options are an options object of the documented types, checked before any backend starts. */
function checkOptions(options: InitBackendOptions): void {
  const op = 'initBackend';
  assertOptions(op, 'options', options);
  const { wasmPaths, webgpuCpuForward, allowSoftwareAdapter } = options;
  if (wasmPaths !== undefined && typeof wasmPaths !== 'string') {
    throw new InvalidArgumentError(
      'wasmPaths',
      wasmPaths,
      'a folder path (Node) or URL prefix (browser) as a string',
      op,
    );
  }
  if (webgpuCpuForward !== undefined) assertBoolean(op, 'webgpuCpuForward', webgpuCpuForward);
  if (allowSoftwareAdapter !== undefined) {
    assertBoolean(op, 'allowSoftwareAdapter', allowSoftwareAdapter);
  }
}

function resolvePreference(preference: BackendPreference | undefined): BackendPreference {
  if (preference !== undefined && preference !== 'auto') return preference;
  const forced = platform.forcedBackend();
  if (forced === undefined) return 'auto';
  if (!isBackendPreference(forced)) {
    const source = environment === 'node' ? 'OVERPARAM_BACKEND' : 'the ?backend= URL parameter';
    throw new BackendUnavailableError(
      forced,
      'unknown-backend',
      `${source} is '${forced}'; use one of auto, webgpu, webgl, wasm, cpu.`,
    );
  }
  return forced;
}

/**
 * Starts a TensorFlow.js backend and says which one, on what adapter, at what precision.
 *
 * 'auto' (the default) tries, in order, browser: webgpu → webgl → wasm → cpu;
 * Node: webgpu (the optional `webgpu` package, when Dawn finds an adapter) → wasm → cpu.
 * It passes over a software GPU adapter (SwiftShader, llvmpipe) unless
 * `allowSoftwareAdapter` is set, since wasm beats a GPU emulated on the CPU; it looks at the
 * adapter (WebGPU's, or a throwaway WebGL context's renderer) before loading that backend,
 * and each backend's code is loaded by dynamic import() only when it is tried.
 * With no argument or 'auto', `OVERPARAM_BACKEND` (Node) or `?backend=` (browser) forces one.
 * A backend asked for by name that cannot start throws {@link BackendUnavailableError} saying
 * why and what to do; 'auto' records it in `skipped` and moves on. Options that are not an
 * options object (null, a string, an array) or of the wrong types reject with
 * InvalidArgumentError before any backend starts. Concurrent calls run one after the other (the
 * second finds the first's backend started), so they never race.
 *
 * Precision: every backend computes in float32 (WebGL may be float16); float64 work uses the
 * CPU linear algebra of this package instead.
 *
 * @example
 * const info = await initBackend('cpu');
 * info.backend // 'cpu'
 * info.floatPrecision // 32
 */
export function initBackend(
  preference?: BackendPreference,
  options: InitBackendOptions = {},
): Promise<BackendInfo> {
  // One start at a time: two demos of a page (or two awaits in a script) asking at once would
  // otherwise race through tf.setBackend and registerBackend, and the second fail half-way.
  const run = queue.then(
    () => initBackendNow(preference, options),
    () => initBackendNow(preference, options),
  );
  queue = run.catch(() => undefined);
  return run;
}

let queue: Promise<unknown> = Promise.resolve();

async function initBackendNow(
  preference: BackendPreference | undefined,
  options: InitBackendOptions,
): Promise<BackendInfo> {
  checkOptions(options);
  const resolved = resolvePreference(preference);
  if (!isBackendPreference(resolved)) {
    throw new BackendUnavailableError(
      String(resolved),
      'unknown-backend',
      "use one of 'auto', 'webgpu', 'webgl', 'wasm', 'cpu'.",
    );
  }
  if (resolved !== 'auto') {
    await start(resolved, options);
    return describe(resolved, []);
  }
  const skipped: BackendInfo['skipped'] = [];
  const order = platform.autoOrder;
  for (const [i, name] of order.entries()) {
    const passOverSoftware = !options.allowSoftwareAdapter && i < order.length - 1;
    try {
      // Look at the adapter before loading the backend's code: a page on a machine without a
      // GPU then never downloads the webgpu and webgl backends only to pass over them.
      const early = passOverSoftware ? await softwareAdapterBeforeLoad(name) : undefined;
      if (early?.software) {
        skipped.push({ backend: name, reason: softwareSkipReason(name, early.software) });
        continue;
      }
      await start(name, options, early?.adapter);
      const info = describe(name, skipped);
      if (info.isSoftwareAdapter && passOverSoftware) {
        skipped.push({ backend: name, reason: softwareSkipReason(name, info.adapter) });
        continue;
      }
      return info;
    } catch (error) {
      skipped.push({
        backend: name,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  throw new BackendUnavailableError(
    'auto',
    'init-failed',
    `no backend could start: ${skipped.map((s) => s.reason).join('; ')}`,
  );
}
