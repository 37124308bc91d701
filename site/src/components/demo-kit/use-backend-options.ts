import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import type { InitBackendOptions } from '@overparam/tensor';
import { useMemo } from 'react';

/**
 * The options every demo passes to `initBackend`: the wasm binaries from `<baseUrl>tfjs-wasm/`,
 * where plugins/tfjs-wasm.ts puts them. (The package's own default, `tfjs-wasm/` beside the
 * page's URL, would look in /docs/tfjs-wasm/ on a page under /docs/.) Browser-only.
 */
export function useBackendOptions(): InitBackendOptions {
  const { siteConfig } = useDocusaurusContext();
  return useMemo(
    () => ({ wasmPaths: new URL(`${siteConfig.baseUrl}tfjs-wasm/`, window.location.origin).href }),
    [siteConfig.baseUrl],
  );
}
