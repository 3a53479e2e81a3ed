/**
 * The receipt printer family: one driver (ESC/POS) over three links (serial, USB printer class,
 * TCP 9100). The core sees only `PrinterDriver`; links are the smallest byte pipe a driver needs.
 */
import type { PrinterCondition } from './escpos';

export type PrinterLinkKind = 'serial' | 'usb' | 'tcp';

export interface PrinterDeviceInfo {
  /** Human-readable, e.g. `/dev/ttyUSB0 (38400 8N1)`, `192.0.2.10:9100`, `EPSON TM-T88VI (04b8:0202)`. */
  description: string;
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
}

/**
 * Printer status. Like the scanners: `disconnected` is temporary (retried by itself in
 * `retryInMs`), `error` is permanent until the configuration changes. While `connected`, the
 * real-time status (DLE EOT) is polled and `condition` says whether a receipt can print now.
 */
export type PrinterStatus =
  | { state: 'stopped' }
  | { state: 'connecting'; attempt: number }
  | { state: 'connected'; device: PrinterDeviceInfo; since: number; condition: PrinterCondition; checkedAt: number }
  | { state: 'disconnected'; reason: string; retryInMs: number; attempt: number }
  | { state: 'error'; message: string };

export interface PrinterEvents {
  status: PrinterStatus;
}

export interface PrintOptions {
  /** Sends the drawer kick (ESC p) right after the receipt's cut. */
  kickDrawer?: boolean;
}

/** What the core and the spooler use. */
export interface PrinterDriver {
  readonly printerId: string;
  readonly kind: PrinterLinkKind;
  readonly status: PrinterStatus;
  /** Starts connecting; never rejects for a missing printer (it retries with backoff). */
  start(): Promise<void>;
  /** Stops polling and retrying, releases the device. Idempotent. */
  stop(): Promise<void>;
  /** Asks the printer now (DLE EOT) and returns the fresh status. */
  refreshStatus(): Promise<PrinterStatus>;
  /**
   * Checks the status, then sends `bytes` (and the drawer kick when asked). Rejects with
   * PrinterNotReadyError when the printer is not connected or not `ready`: nothing was sent.
   * Any other rejection means the link failed while sending (the receipt may be partly printed).
   */
  print(bytes: Uint8Array, options?: PrintOptions): Promise<void>;
  /** Opens the cash drawer: ESC p when ready, the real-time DLE DC4 pulse when offline. */
  openDrawer(): Promise<void>;
  on<K extends keyof PrinterEvents>(event: K, listener: (payload: PrinterEvents[K]) => void): () => void;
  off<K extends keyof PrinterEvents>(event: K, listener: (payload: PrinterEvents[K]) => void): void;
}

export class PrinterNotReadyError extends Error {
  constructor(readonly status: PrinterStatus) {
    super(`printer not ready: ${describePrinterStatus(status)}`);
    this.name = 'PrinterNotReadyError';
  }
}

/** One line for logs and errors (the UI translates the tagged union itself). */
export function describePrinterStatus(status: PrinterStatus): string {
  switch (status.state) {
    case 'connected':
      return status.condition.kind;
    case 'disconnected':
      return `disconnected (${status.reason})`;
    case 'error':
      return `error (${status.message})`;
    default:
      return status.state;
  }
}

/** An open byte pipe to a printer. */
export interface PrinterLink {
  readonly device: PrinterDeviceInfo;
  /** Resolves once the bytes have left the process (serial drained, socket flushed, USB transfer done). */
  write(bytes: Uint8Array): Promise<void>;
  /** Releases the device; idempotent, never throws. */
  close(): Promise<void>;
}

export interface LinkHandlers {
  /** Bytes the printer sent back (status replies). */
  onData(bytes: Uint8Array): void;
  /** The link broke (unplugged, socket closed); the driver closes it and reconnects. */
  onLost(reason: string): void;
}

/** Opens links of one kind; throws when the printer is not there (yet). */
export interface PrinterTransport {
  readonly kind: PrinterLinkKind;
  /** Default printer id, e.g. `serial:/dev/ttyUSB0`. */
  readonly defaultId: string;
  open(handlers: LinkHandlers): Promise<PrinterLink>;
  /** Optional hot-plug hook: the transport calls `onMaybeBack` when the device may have returned. */
  watch?(onMaybeBack: () => void): () => void;
  /** Fails permanently (no retries), e.g. USB support missing on this machine. */
  preflight?(): Promise<string | undefined>;
}
