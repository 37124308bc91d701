import BrowserOnly from '@docusaurus/BrowserOnly';
import ErrorBoundary from '@docusaurus/ErrorBoundary';
import useBaseUrl from '@docusaurus/useBaseUrl';
import { type ComponentType, lazy, type ReactNode, Suspense, useState } from 'react';
import styles from './demo-kit.module.css';

/** The static figure a {@link DemoFrame} shows before (and without) its live demo. */
export interface StaticFigure {
  /** Site-relative path of an SVG or PNG under static/, e.g. '/figures/gemm.svg'. */
  src: string;
  /** What the figure shows, for screen readers. */
  alt: string;
  /** Where the numbers come from. */
  caption?: ReactNode;
  width?: number;
  height?: number;
}

/** Props of {@link DemoFrame}. */
export interface DemoFrameProps {
  /** Loads the demo module, e.g. `() => import('./my-demo')`; called once, in the browser. The
   * demo receives the static figure as its `figure` prop, to show until its live run draws. */
  load: () => Promise<{ default: ComponentType<{ figure?: StaticFigure }> }>;
  /** Server-rendered, and shown while the demo loads or if it cannot. */
  figure: StaticFigure;
}

function FigureFallback({ figure, note }: { figure: StaticFigure; note: ReactNode }) {
  const src = useBaseUrl(figure.src);
  return (
    <figure className={styles.figure}>
      <img src={src} alt={figure.alt} width={figure.width} height={figure.height} />
      <figcaption>
        {figure.caption} {note}
      </figcaption>
    </figure>
  );
}

function LiveDemo({ load, figure }: DemoFrameProps) {
  // One lazy component per mount: `load` may be a new arrow function on every render.
  const [Demo] = useState(() => lazy(load));
  return (
    <ErrorBoundary
      fallback={({ error }) => (
        <FigureFallback
          figure={figure}
          note={<span role="alert">The live demo could not load: {error.message}</span>}
        />
      )}
    >
      <Suspense fallback={<FigureFallback figure={figure} note="Loading the live demo…" />}>
        <Demo figure={figure} />
      </Suspense>
    </ErrorBoundary>
  );
}

/**
 * Hosts a live demo on a page: the server (and a reader without JavaScript) gets a static
 * precomputed figure; the browser then loads the demo's code on its own (React.lazy), so
 * heavy dependencies such as TensorFlow.js never weigh on the page itself.
 */
export function DemoFrame({ load, figure }: DemoFrameProps) {
  return (
    <div className={styles.frame}>
      <BrowserOnly
        fallback={
          <FigureFallback figure={figure} note="The live demo runs here once JavaScript loads." />
        }
      >
        {() => <LiveDemo load={load} figure={figure} />}
      </BrowserOnly>
    </div>
  );
}
