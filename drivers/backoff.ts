/**
 * Capped exponential backoff for reconnecting (after VotingWorks vxsuite's printer driver: reconnect
 * lazily, never give up, never hammer the bus). Delay n = min(maxMs, initialMs * 2^n).
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5_000 };

export class Backoff {
  private failures = 0;

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {}

  /** Number of consecutive failed attempts so far. */
  get attempt(): number {
    return this.failures;
  }

  /** Records a failure and returns how long to wait before the next attempt. */
  next(): number {
    const delay = Math.min(this.options.maxMs, this.options.initialMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    return delay;
  }

  reset(): void {
    this.failures = 0;
  }
}
