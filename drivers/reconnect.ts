/**
 * The one reconnect schedule of every driver that owns a device (scanners and printers): try to
 * open, and on failure wait a capped exponential backoff and try again, never giving up; a
 * hot-plug event may cut the wait short. The driver keeps its own status type; this reports
 * only the two moments it owns (connecting, disconnected with the wait) through `report`.
 */
import { Backoff, DEFAULT_BACKOFF } from './backoff';
import type { BackoffOptions } from './backoff';

export type ReconnectStatus = { state: 'connecting'; attempt: number } | { state: 'disconnected'; reason: string; retryInMs: number; attempt: number };

export interface ReconnectHooks<Device> {
  /** False once the driver is stopped: nothing is tried or scheduled then. */
  isRunning(): boolean;
  /** Opens the device; throws when it is not there (yet). */
  open(): Promise<Device>;
  /** The device opened while the driver still runs: it is the driver's now. */
  opened(device: Device): void | Promise<void>;
  /** The device opened after the driver stopped: release it. */
  discard(device: Device): Promise<void>;
  /** The driver's state now: no retry while `connected` or `connecting`, none after a failed open once it is `error` (for good). */
  state(): string;
  report(status: ReconnectStatus): void;
}

export class Reconnector<Device> {
  private readonly backoff: Backoff;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly hooks: ReconnectHooks<Device>,
    options: BackoffOptions = DEFAULT_BACKOFF,
  ) {
    this.backoff = new Backoff(options);
  }

  /** One attempt now: opened, or a retry scheduled. */
  async attempt(): Promise<void> {
    if (!this.hooks.isRunning()) return;
    this.hooks.report({ state: 'connecting', attempt: this.backoff.attempt + 1 });
    let device: Device;
    try {
      device = await this.hooks.open();
    } catch (error) {
      if (this.hooks.state() !== 'error') this.retryLater(errorMessage(error));
      return;
    }
    if (!this.hooks.isRunning()) {
      await this.hooks.discard(device);
      return;
    }
    this.backoff.reset();
    await this.hooks.opened(device);
  }

  /** The device is gone (or would not open): say so and try again after the next backoff step. */
  retryLater(reason: string): void {
    if (!this.hooks.isRunning()) return;
    this.cancel();
    const retryInMs = this.backoff.next();
    this.hooks.report({ state: 'disconnected', reason, retryInMs, attempt: this.backoff.attempt });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.attempt();
    }, retryInMs);
  }

  /** A hot-plug event says the device may be back: try at once instead of waiting. */
  retryNow(): void {
    const state = this.hooks.state();
    if (!this.hooks.isRunning() || state === 'connected' || state === 'connecting') return;
    this.cancel();
    void this.attempt();
  }

  /** Drops a scheduled retry (stop, or a permanent failure). */
  cancel(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
