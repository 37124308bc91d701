// One worker thread that runs cases, replaced when a case overruns its time limit (a hang) or
// the worker dies (a crash). resourceLimits cap the worker's JS heap so an out-of-memory kills
// the worker, not the suite; a watchdog on the process's resident memory catches what the heap
// limit does not see (typed arrays live outside the V8 heap).
import { Worker } from 'node:worker_threads';
import type { CaseResult, Category } from './types.js';

const HEAP_MB = Number(process.env.RELIABILITY_HEAP_MB ?? 1024);
const MAX_RSS_MB = Number(process.env.RELIABILITY_MAX_RSS_MB ?? 4096);
const STARTUP_MS = 120_000;

interface Pending {
  id: number;
  resolve(r: CaseResult): void;
  timer: NodeJS.Timeout;
  watchdog: NodeJS.Timeout;
  started: number;
}

export class WorkerSlot {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private pending: Pending | null = null;
  private nextId = 1;
  /** Workers started so far (the first, plus one per hang or crash). */
  starts = 0;

  private start(): Promise<void> {
    this.starts++;
    const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), {
      execArgv: ['--conditions=@overparam/source'],
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: 64 },
      stdout: false,
      stderr: false,
    });
    this.worker = worker;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('reliability worker did not start')),
        STARTUP_MS,
      );
      const onMessage = (m: { ready?: boolean }) => {
        if (!m?.ready) return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    worker.on('message', (m: { id?: number; result?: CaseResult; harnessError?: string }) => {
      const p = this.pending;
      if (!p || m.id !== p.id) return;
      // A harness error is a defect of the table, not of the package: the runner throws it.
      if (m.harnessError)
        this.finish({ outcome: 'crash', problems: [], ms: 0, harnessError: m.harnessError });
      else if (m.result) this.finish(m.result);
    });
    const died = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.ready = null;
      const p = this.pending;
      if (p) {
        this.finish({
          outcome: 'crash',
          problems: [],
          ms: performance.now() - p.started,
          errorName: 'WorkerDied',
          errorMessage: why,
        });
      }
    };
    worker.on('error', (e) => died(`${e.name}: ${e.message}`.slice(0, 400)));
    worker.on('exit', (code) => died(`the worker exited with code ${code}`));
    return ready;
  }

  private finish(r: CaseResult): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    clearInterval(p.watchdog);
    p.resolve(r);
  }

  private kill(r: CaseResult): void {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    this.finish(r);
    void w?.terminate();
  }

  /** Runs one case; never rejects for the package's faults (they come back as results). */
  async run(
    entry: string,
    category: Category,
    args: unknown[],
    timeoutMs: number,
  ): Promise<CaseResult> {
    if (!this.ready) this.ready = this.start();
    await this.ready;
    const worker = this.worker;
    if (!worker) throw new Error('reliability worker is gone');
    const id = this.nextId++;
    return new Promise<CaseResult>((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        this.kill({
          outcome: 'hang',
          problems: [],
          ms: performance.now() - started,
          errorName: 'Timeout',
          errorMessage: `no answer within ${timeoutMs} ms`,
        });
      }, timeoutMs);
      const watchdog = setInterval(() => {
        const rss = process.memoryUsage.rss() / 2 ** 20;
        if (rss > MAX_RSS_MB) {
          this.kill({
            outcome: 'crash',
            problems: [],
            ms: performance.now() - started,
            errorName: 'MemoryWatchdog',
            errorMessage: `resident memory ${rss.toFixed(0)} MiB > ${MAX_RSS_MB} MiB`,
          });
        }
      }, 50);
      this.pending = { id, resolve, timer, watchdog, started };
      worker.postMessage({ id, entry, category, args });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    await w?.terminate();
  }
}
