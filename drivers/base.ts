import { Backoff, DEFAULT_BACKOFF } from './backoff';
import type { BackoffOptions } from './backoff';
import { TypedEmitter } from './emitter';
import { monotonicNow } from './types';
import type { Clock, RawScan, ScannerDeviceInfo, ScannerDriver, ScannerEvents, ScannerKind, ScannerStatus } from './types';

export interface DriverBaseOptions {
  sourceId: string;
  now?: Clock;
  reconnect?: BackoffOptions;
}

/**
 * Shared plumbing for drivers that own a device: status transitions, events, and a reconnect timer
 * with capped backoff. Subclasses implement `connect()` (throws on failure) and `disconnect()`.
 */
export abstract class DriverBase extends TypedEmitter<ScannerEvents> implements ScannerDriver {
  abstract readonly kind: ScannerKind;
  readonly sourceId: string;
  protected readonly now: Clock;
  private currentStatus: ScannerStatus = { state: 'stopped' };
  private readonly backoff: Backoff;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** False after stop(): late callbacks from the device must not restart anything. */
  protected running = false;

  constructor(options: DriverBaseOptions) {
    super();
    this.sourceId = options.sourceId;
    this.now = options.now ?? monotonicNow;
    this.backoff = new Backoff(options.reconnect ?? DEFAULT_BACKOFF);
  }

  get status(): ScannerStatus {
    return this.currentStatus;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.attempt();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clearRetry();
    try {
      await this.disconnect();
    } finally {
      this.setStatus({ state: 'stopped' });
    }
  }

  /** Opens the device; throws when it is not there (yet). */
  protected abstract connect(): Promise<ScannerDeviceInfo>;
  /** Releases the device; must not throw for an already-gone device. */
  protected abstract disconnect(): Promise<void>;

  protected setStatus(status: ScannerStatus): void {
    this.currentStatus = status;
    this.emit('status', status);
  }

  protected emitScan(scan: Omit<RawScan, 'sourceId'>): void {
    if (!this.running) return;
    this.emit('scan', { sourceId: this.sourceId, ...scan });
  }

  protected warn(message: string): void {
    this.emit('warning', { sourceId: this.sourceId, message, at: this.now() });
  }

  /** Called by subclasses when the open device goes away: release it and retry later. */
  protected async lost(reason: string): Promise<void> {
    if (!this.running) return;
    try {
      await this.disconnect();
    } catch {
      // The device is gone; releasing it can fail and that changes nothing.
    }
    this.scheduleRetry(reason);
  }

  /** Called by subclasses when a hot-plug event says the device may be back: try at once. */
  protected retryNow(): void {
    if (!this.running || this.currentStatus.state === 'connected' || this.currentStatus.state === 'connecting') return;
    this.clearRetry();
    void this.attempt();
  }

  /** Permanent failure: no retries until restarted. */
  protected fail(message: string): void {
    this.clearRetry();
    this.setStatus({ state: 'error', message });
  }

  private async attempt(): Promise<void> {
    if (!this.running) return;
    this.setStatus({ state: 'connecting', attempt: this.backoff.attempt + 1 });
    try {
      const device = await this.connect();
      if (!this.running) {
        await this.disconnect();
        return;
      }
      this.backoff.reset();
      this.setStatus({ state: 'connected', device, since: this.now() });
    } catch (error) {
      if (!this.running || this.currentStatus.state === 'error') return;
      this.scheduleRetry(errorMessage(error));
    }
  }

  private scheduleRetry(reason: string): void {
    if (!this.running) return;
    this.clearRetry();
    const retryInMs = this.backoff.next();
    this.setStatus({ state: 'disconnected', reason, retryInMs, attempt: this.backoff.attempt });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.attempt();
    }, retryInMs);
  }

  private clearRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
