import Link from '@docusaurus/Link';
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

const ROADMAP: { title: string; text: string; status: string; to?: string }[] = [
  {
    title: 'Linear algebra and precision',
    text: 'Float64 Cholesky, eigh, SVD and min-norm least squares on the CPU, conjugate gradient and Lanczos on the GPU, and why a solve at the interpolation threshold needs both.',
    status: 'available',
    to: '/docs/linear-algebra',
  },
  {
    title: 'Kernels and the NTK',
    text: 'Analytic NNGP and NTK of deep fully connected networks, the empirical NTK of a finite network, and kernel regression against both.',
    status: 'available',
    to: '/docs/kernels',
  },
  {
    title: 'Random features and double descent',
    text: 'Random Fourier and ReLU features, minimum-norm fits, and the test-error peak at the interpolation threshold N = n, live on MNIST.',
    status: 'available',
    to: '/docs/double-descent',
  },
  {
    title: 'Finite-width training',
    text: 'Gradient descent at finite width and step size: how far training moves from its linearization, and when it is stable.',
    status: 'planned',
  },
  {
    title: 'Bounds',
    text: 'Generalization-bound calculators whose assumptions are checked on your data before the bound is reported.',
    status: 'planned',
  },
];

export default function Home(): ReactNode {
  return (
    <Layout
      title="Why overparameterized networks generalize"
      description="Typed TypeScript math for the theory of deep learning: compute the bound, check its assumptions on your numbers, compare with an experiment, in seconds, on your GPU."
    >
      <header className={`hero hero--primary ${styles.hero}`}>
        <div className="container">
          <h1>Overparam</h1>
          <p className={styles.lead}>
            Why do overparameterized networks generalize? The answers are formulas with assumptions.
            Overparam makes each one runnable.
          </p>
          <div className={styles.buttons}>
            <Link className="button button--secondary button--lg" to="/docs/intro">
              Read the introduction
            </Link>
            <Link
              className={`button button--outline button--lg ${styles.heroOutline}`}
              to="/docs/backends"
            >
              Benchmark your GPU
            </Link>
          </div>
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
        <section
          className={`${styles.section} ${styles.alt} prose-links`}
          aria-labelledby="roadmap"
        >
          <div className="container">
            <h2 id="roadmap">Where it is going</h2>
            <p>
              Available today: <Link to="/docs/api/tensor">@overparam/tensor</Link> (backends,
              seeded randomness, test helpers and linear algebra),{' '}
              <Link to="/docs/api/kernels">@overparam/kernels</Link>,{' '}
              <Link to="/docs/api/datasets">@overparam/datasets</Link> and{' '}
              <Link to="/docs/api/random-features">@overparam/random-features</Link>, with{' '}
              <Link to="/docs/backends">a live benchmark</Link> of what your browser runs them on.
              One package and one set of pages per topic:
            </p>
            <ul className={styles.steps}>
              {ROADMAP.map((item) => (
                <li key={item.title} className={styles.card}>
                  <span className={styles.status}>{item.status}</span>
                  <h3>{item.to ? <Link to={item.to}>{item.title}</Link> : item.title}</h3>
                  <p>{item.text}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
        <section className={`${styles.section} prose-links`} aria-labelledby="start">
          <div className="container">
            <h2 id="start">Start here</h2>
            <ul>
              <li>
                <Link to="/docs/intro">Introduction</Link>: the packages and the conventions (loss
                normalization, NTK parameterization, float64 vs float32).
              </li>
              <li>
                <Link to="/docs/backends">Backends</Link>: WebGPU, WebGL, wasm or cpu, and how fast
                each is in your browser.
              </li>
              <li>
                <Link to="/docs/api">API reference</Link>: every export, generated from its TSDoc.
              </li>
            </ul>
          </div>
        </section>
      </main>
    </Layout>
  );
}
