/**
 * The one interface every scanner driver implements. Pure TypeScript (no Node APIs) so the wedge
 * and simulator drivers also run in the renderer.
 */

export type ScannerKind = 'serial' | 'usb-hidpos' | 'wedge' | 'sim';

/** What a connected source is, for the admin screen. */
export interface ScannerDeviceInfo {
  /** Human-readable, e.g. `/dev/ttyACM0` or `Honeywell Voyager 1400g (0c2e:0b81)`. */
  description: string;
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
}

/**
 * Driver status. `disconnected` is temporary (the driver retries by itself in `retryInMs`);
 * `error` is permanent until the configuration changes (bad URI, unsupported device) — no retries.
 */
export type ScannerStatus =
  | { state: 'stopped' }
  | { state: 'connecting'; attempt: number }
  | { state: 'connected'; device: ScannerDeviceInfo; since: number }
  | { state: 'disconnected'; reason: string; retryInMs: number; attempt: number }
  | { state: 'error'; message: string };

/** One decoded barcode as a driver delivers it. */
export interface RawScan {
  sourceId: string;
  /** Decoded data with prefix/suffix, AIM id and terminator removed. */
  data: string;
  /** AIM symbology identifier (`]C0`, `]F0`, ...) when the scanner sent one. */
  symbology?: string;
  /** Monotonic ms (performance.now()) when the complete scan was in the driver's hands. */
  receivedAt: number;
  /** Monotonic ms when the bytes/keys carrying the terminator arrived (latency budgets start here). */
  terminatorAt?: number;
  /**
   * Set when the scan was longer than the driver's limit: `data` then holds only the first bytes and
   * the rest was discarded. Consumers must treat such a scan as unusable (`too_long`).
   */
  truncated?: { totalLength: number };
}

/** A problem that did not stop the driver (a bad report, a framing error); counted by the hub. */
export interface ScannerWarning {
  sourceId: string;
  message: string;
  at: number;
}

export interface ScannerEvents {
  scan: RawScan;
  status: ScannerStatus;
  warning: ScannerWarning;
}

export type ScannerEventName = keyof ScannerEvents;
export type ScannerListener<K extends ScannerEventName> = (event: ScannerEvents[K]) => void;

export interface ScannerDriver {
  readonly sourceId: string;
  readonly kind: ScannerKind;
  readonly status: ScannerStatus;
  /** Starts connecting; resolves once the first attempt has finished (connected or retry scheduled). Never rejects for a missing device. */
  start(): Promise<void>;
  /** Stops reading, cancels retries, releases the device. Idempotent. */
  stop(): Promise<void>;
  on<K extends ScannerEventName>(event: K, listener: ScannerListener<K>): () => void;
  off<K extends ScannerEventName>(event: K, listener: ScannerListener<K>): void;
}

/** Monotonic clock in ms; injected so tests and benches control time. */
export type Clock = () => number;
export const monotonicNow: Clock = () => performance.now();
