import { spawn } from 'node:child_process';

/**
 * Runs a command without a shell and resolves (never rejects) with its exit code, output and
 * whether it was killed for running past `timeoutMs`.
 */
export function runCommand(command, args, { cwd, env = process.env, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, stdout, stderr: `${stderr}${error.message}`, timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** The last `lines` lines of `text`, for failure messages. */
export function tail(text, lines = 30) {
  const all = String(text).replace(/\s+$/, '').split('\n');
  return all.length > lines ? ['…', ...all.slice(-lines)].join('\n') : all.join('\n');
}

/** One-paragraph description of a finished command for a failure message. */
export function describeRun(label, result) {
  const how = result.timedOut
    ? 'timed out'
    : result.signal
      ? `was killed by ${result.signal}`
      : `exited with ${result.code}`;
  const output = tail(`${result.stdout}\n${result.stderr}`.trim());
  return `${label} ${how}${output ? `:\n${output}` : ''}`;
}

/**
 * The environment a fresh consumer would have: ours minus what a pnpm script run injects
 * (npm_* settings, NODE_OPTIONS that could add `--conditions=@overparam/source`).
 */
export function consumerEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Registry settings (npm_config_registry, proxies) stay: a consumer behind them has them too.
    if (
      key === 'NODE_OPTIONS' ||
      /^pnpm_/i.test(key) ||
      /^npm_(command|execpath|node_execpath|lifecycle_|package_)/.test(key) ||
      key === 'npm_config_user_agent' ||
      key === 'npm_config_verify_deps_before_run'
    ) {
      continue;
    }
    env[key] = value;
  }
  return { ...env, ...extra };
}
