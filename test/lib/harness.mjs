// A minimal check harness shared by the integration runners: one line per check, details
// indented under it, and a closing `N passed, N failed` line that CI reads.

/** Indents every line of `text` so that a check's details read as belonging to it. */
export function indent(text, prefix = '    ') {
  return String(text)
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/** Formats milliseconds as seconds with one decimal: `12.3 s`. */
export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function createHarness() {
  let passed = 0;
  let failed = 0;
  const failures = [];

  function pass(name, details) {
    passed += 1;
    console.log(`ok    ${name}`);
    if (details) console.log(indent(details));
  }

  function fail(name, details) {
    failed += 1;
    failures.push(name);
    console.log(`FAIL  ${name}`);
    if (details) console.log(indent(details));
  }

  /**
   * Runs `fn`; a throw fails the check with the error's message. `fn` may return a string
   * (printed under the check) or `{ ok: false, details }` to fail without throwing.
   */
  async function check(name, fn) {
    const start = Date.now();
    try {
      const result = await fn();
      const took = Date.now() - start;
      if (result && typeof result === 'object' && result.ok === false) {
        fail(`${name} (${seconds(took)})`, result.details);
        return false;
      }
      pass(`${name} (${seconds(took)})`, typeof result === 'string' ? result : undefined);
      return true;
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      fail(`${name} (${seconds(Date.now() - start)})`, message);
      return false;
    }
  }

  /** Prints the failed checks and the summary line; returns the process exit code. */
  function finish() {
    if (failures.length > 0) {
      console.log('\nFailed checks:');
      for (const name of failures) console.log(`  - ${name}`);
    }
    console.log(`\n${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  }

  return {
    check,
    pass,
    fail,
    finish,
    get failed() {
      return failed;
    },
  };
}

/** Error whose stack is not worth printing: the message says everything. */
export class CheckError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CheckError';
    this.stack = message;
  }
}
