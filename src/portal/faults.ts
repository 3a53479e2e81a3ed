import type { FaultConfig } from '../shared/portal-api/types';

export type FaultAction =
  | { type: 'reset' }
  | { type: 'error'; status: 500 | 502 | 503 | 504 }
  | { type: 'rateLimit'; retryAfterSeconds: number; httpDate: boolean };

/** mulberry32: a small seeded PRNG so a fault schedule can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The dev-mode fault injector: latency, 5xx, connection resets, responses dropped after the
 * work committed, 429 with Retry-After. Each fault fires for the next `count` matching
 * requests, else with probability `rate`. "Down for N seconds" is handled by the server.
 */
export class FaultInjector {
  private config: FaultConfig = {};
  private random: () => number = Math.random;

  get current(): FaultConfig {
    return structuredClone(this.config);
  }

  set(config: FaultConfig): void {
    this.config = structuredClone(config);
    this.random = config.seed === undefined ? Math.random : prng(config.seed);
  }

  clear(): void {
    this.set({});
  }

  matches(path: string): boolean {
    if (!this.config.includeHealth && path === '/v1/health') return false;
    return path.startsWith(this.config.pathPrefix ?? '/v1/');
  }

  private fire(fault: { rate?: number; count?: number } | undefined): boolean {
    if (!fault) return false;
    if (fault.count !== undefined && fault.count > 0) {
      fault.count -= 1;
      return true;
    }
    return fault.rate !== undefined && fault.rate > 0 && this.random() < fault.rate;
  }

  latencyMs(path: string): number {
    return this.matches(path) ? this.config.latencyMs ?? 0 : 0;
  }

  /** A fault that replaces the request's handling, or null to handle it normally. */
  before(path: string): FaultAction | null {
    if (!this.matches(path)) return null;
    const c = this.config;
    if (this.fire(c.connectionReset)) return { type: 'reset' };
    if (c.rateLimit && this.fire(c.rateLimit)) {
      return { type: 'rateLimit', retryAfterSeconds: c.rateLimit.retryAfterSeconds, httpDate: c.rateLimit.httpDate ?? false };
    }
    if (c.serverError && this.fire(c.serverError)) return { type: 'error', status: c.serverError.status ?? 503 };
    return null;
  }

  /** True when the committed response should be dropped (socket destroyed, nothing sent). */
  dropAfterCommit(path: string): boolean {
    return this.matches(path) && this.fire(this.config.dropAfterCommit);
  }
}
