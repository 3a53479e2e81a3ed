/** Time and timers, injected so tests drive the engine deterministically. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * Full jitter (AWS): `random(0, min(cap, base * 2^n))` for the n-th consecutive failure
 * (n from 0), and never below the server's Retry-After.
 */
export function fullJitterBackoff(failures: number, random: RandomSource, options: { baseMs?: number; capMs?: number; retryAfterMs?: number | null } = {}): number {
  const base = options.baseMs ?? 1_000;
  const cap = options.capMs ?? 60_000;
  const n = Math.max(0, failures - 1);
  const ceiling = Math.min(cap, base * 2 ** Math.min(n, 30));
  const jitter = Math.floor(random() * ceiling);
  return Math.max(jitter, options.retryAfterMs ?? 0);
}
