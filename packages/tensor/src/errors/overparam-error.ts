/**
 * Base class of every error Overparam throws on purpose. Each subclass names what was
 * wrong, with the offending value, and how to fix it, so `catch (e) { if (e instanceof
 * OverparamError) ... }` separates our diagnostics from programming errors.
 *
 * @example
 * try { await initBackend('webgpu'); } catch (e) { if (e instanceof OverparamError) console.warn(e.message); }
 */
export class OverparamError extends Error {
  override readonly name: string = 'OverparamError';
}
