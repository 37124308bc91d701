import Link from '@docusaurus/Link';
import useBaseUrl from '@docusaurus/useBaseUrl';
import Layout from '@theme/Layout';
import type { ReactNode } from 'react';
import styles from './index.module.css';

const STEPS: { title: string; text: string }[] = [
  {
    title: 'Compute the bound',
    text: 'Each theorem is a typed function: the risk of min-norm least squares, an NTK, a generalization bound, with its formula and source in the TSDoc.',
  },
  {
    title: 'Check its assumptions',
    text: 'On your numbers: widths, sample sizes, step sizes, conditioning. A bound whose assumptions fail says which one, with which value.',
  },
  {
    title: 'Compare with an experiment',
    text: 'The same page trains the network or fits the features and puts the measurement beside the prediction.',
  },
  {
    title: 'In seconds, on your GPU',
    text: 'TensorFlow.js on WebGPU, WebGL, wasm or cpu in the browser; the same code in Node. Float64 on the CPU where conditioning demands it.',
  },
];

/** The topic pages in reading order: one phenomenon each, from double descent to bounds. */
const TOPICS: { title: string; text: string; to: string }[] = [
  {
    title: 'Double descent',
    text: 'Random-features regression on MNIST: the test error falls, peaks at the interpolation threshold N = n, and falls again beyond it.',
    to: '/docs/double-descent',
  },
  {
    title: 'Kernels and the NTK',
    text: 'Analytic NNGP and NTK of deep fully connected networks, a finite network’s empirical NTK converging to them as it widens, and kernel regression with both.',
    to: '/docs/kernels',
  },
  {
    title: 'Lazy and rich training',
    text: 'How far gradient descent moves the weights and the tangent kernel of a finite network, and the scaling that switches between the kernel regime and feature learning.',
    to: '/docs/lazy-and-rich-training',
  },
  {
    title: 'Step size and the edge of stability',
    text: 'The linearized model diverges past η/c = 2/λ_max; a real network sharpens until its sharpness reaches 2/η and hovers there.',
    to: '/docs/edge-of-stability',
  },
  {
    title: 'Linear networks',
    text: 'Two-layer linear networks at finite width, finite step and any initialization, with a one-step certificate checked against the actual loss.',
    to: '/docs/linear-networks',
  },
  {
    title: 'Bounds',
    text: 'Generalization and convergence bounds as calculators: each checks its assumptions on your numbers, then runs a simulation against its value.',
    to: '/docs/bounds',
  },
];

/** What the topic pages run on. */
const UNDER_THE_HOOD: { title: string; text: string; to: string }[] = [
  {
    title: 'Backends',
    text: 'WebGPU, WebGL, wasm or cpu: which TensorFlow.js backend your browser starts, and a live GEMM benchmark on each.',
    to: '/docs/backends',
  },
  {
    title: 'Linear algebra and precision',
    text: 'Why a solve at the interpolation threshold runs in float64 on the CPU while feature maps and training run in float32 on the GPU.',
    to: '/docs/linear-algebra',
  },
];

function TopicCards({
  items,
  heading: Heading = 'h3',
}: {
  items: { title: string; text: string; to: string }[];
  /** The cards' heading level: one below the heading they sit under. */
  heading?: 'h3' | 'h4';
}) {
  return (
    <ul className={styles.steps}>
      {items.map((item) => (
        <li key={item.to} className={styles.card}>
          <Heading>
            <Link to={item.to}>{item.title}</Link>
          </Heading>
          <p>{item.text}</p>
        </li>
      ))}
    </ul>
  );
}

export default function Home(): ReactNode {
  const figure = useBaseUrl('/figures/double-descent-mnist.svg');
  return (
    <Layout
      title="Why overparameterized networks generalize"
      description="Typed TypeScript math for the theory of deep learning: compute the bound, check its assumptions on your numbers, compare with an experiment, in seconds, on your GPU."
    >
      <header className={`hero hero--primary ${styles.hero}`}>
        <div className={`container ${styles.heroGrid}`}>
          <div className={styles.heroText}>
            <h1>Overparam</h1>
            <p className={styles.lead}>
              Why do overparameterized networks generalize? The answers are formulas with
              assumptions. Overparam makes each one runnable, starting with the one that broke the
              classical U-curve: double descent.
            </p>
            <div className={styles.buttons}>
              <Link className="button button--secondary button--lg" to="/docs/double-descent">
                See double descent live
              </Link>
              <Link
                className={`button button--outline button--lg ${styles.heroOutline}`}
                to="/docs/intro"
              >
                Start with the introduction
              </Link>
            </div>
          </div>
          <figure className={styles.heroFigure}>
            <img
              src={figure}
              alt="Double descent on MNIST with random Fourier features: test error, 0–1 error and the norm of the coefficients against the number of features N on a log axis, all peaking at the interpolation threshold N = n and falling again beyond it."
              width={760}
              height={774}
            />
            <figcaption>
              What to look at: the test error peaks where the number of random features N equals the
              number of training digits n, when the model can just fit them exactly. Past that
              threshold, with more features than digits, the error falls again.
            </figcaption>
          </figure>
        </div>
      </header>
      <main>
        <section className={`${styles.section} prose-links`} aria-labelledby="what">
          <div className="container">
            <h2 id="what">What it is for</h2>
            <p>
              Double descent, the neural tangent kernel, random features, finite-step gradient
              descent, generalization bounds: the field's explanations of why huge networks do not
              overfit are theorems with hypotheses. Overparam turns each into typed TypeScript
              packages and a page that runs it live, so that you can see where a formula holds,
              where it breaks, and why.
            </p>
            <ul className={styles.steps}>
              {STEPS.map((step) => (
                <li key={step.title} className={styles.card}>
                  <h3>{step.title}</h3>
                  <p>{step.text}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
        <section className={`${styles.section} ${styles.alt} prose-links`} aria-labelledby="topics">
          <div className="container">
            <h2 id="topics">The phenomena, one page each</h2>
            <p>
              In reading order. Each runs its experiment live in your browser, beside the formula it
              tests.
            </p>
            <TopicCards items={TOPICS} />
            <h3 className={styles.subhead} id="under-the-hood">
              Under the hood
            </h3>
            <TopicCards items={UNDER_THE_HOOD} heading="h4" />
          </div>
        </section>
        <section className={`${styles.section} prose-links`} aria-labelledby="start">
          <div className="container">
            <h2 id="start">Start here</h2>
            <ul>
              <li>
                <Link to="/docs/double-descent">Double descent</Link>: the phenomenon, live on MNIST
                in your browser.
              </li>
              <li>
                <Link to="/docs/intro">Introduction</Link>: the packages and the conventions (loss
                normalization, NTK parameterization, float64 vs float32), then the topics in order.
              </li>
              <li>
                <Link to="/docs/theory">Theory</Link> for the formulas,{' '}
                <Link to="/docs/glossary">the glossary</Link> for the names, and the{' '}
                <Link to="/docs/api">API reference</Link> for every export, generated from its
                TSDoc.
              </li>
            </ul>
          </div>
        </section>
      </main>
    </Layout>
  );
}
