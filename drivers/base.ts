import type { BackoffOptions } from './backoff';
import { TypedEmitter } from './emitter';
import { Reconnector } from './reconnect';
import { monotonicNow } from './types';
import type { Clock, RawScan, ScannerDeviceInfo, ScannerDriver, ScannerEvents, ScannerKind, ScannerStatus } from './types';

export interface DriverBaseOptions {
  sourceId: string;
  now?: Clock;
  reconnect?: BackoffOptions;
}

export { errorMessage } from './reconnect';

/**
 * Shared plumbing for scanner drivers that own a device: status transitions, events, and the one
 * reconnect schedule (./reconnect.ts). Subclasses implement `connect()` (throws on failure) and `disconnect()`.
 */
export abstract class DriverBase extends TypedEmitter<ScannerEvents> implements ScannerDriver {
  abstract readonly kind: ScannerKind;
  readonly sourceId: string;
  protected readonly now: Clock;
  private currentStatus: ScannerStatus = { state: 'stopped' };
  private readonly reconnector: Reconnector<ScannerDeviceInfo>;
  /** False after stop(): late callbacks from the device must not restart anything. */
  protected running = false;

  constructor(options: DriverBaseOptions) {
    super();
    this.sourceId = options.sourceId;
    this.now = options.now ?? monotonicNow;
    this.reconnector = new Reconnector<ScannerDeviceInfo>(
      {
        isRunning: () => this.running,
        open: () => this.connect(),
        opened: (device) => this.setStatus({ state: 'connected', device, since: this.now() }),
        discard: () => this.disconnect(),
        state: () => this.currentStatus.state,
        report: (status) => this.setStatus(status),
      },
      options.reconnect,
    );
  }

  get status(): ScannerStatus {
    return this.currentStatus;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.reconnector.attempt();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.reconnector.cancel();
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
    this.reconnector.retryLater(reason);
  }

  /** Called by subclasses when a hot-plug event says the device may be back: try at once. */
  protected retryNow(): void {
    this.reconnector.retryNow();
  }

  /** Permanent failure: no retries until restarted. */
  protected fail(message: string): void {
    this.reconnector.cancel();
    this.setStatus({ state: 'error', message });
  }
}
