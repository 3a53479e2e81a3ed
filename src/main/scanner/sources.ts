/**
 * Two scanner sources that exist only inside the kiosk core:
 * - InvalidScannerSource stands in for a KIOSK_SCANNERS entry that could not be used (bad URI,
 *   duplicate id, a driver that could not be built): the kiosk keeps running and the source shows
 *   as `error` with the message, so the status screen says what to fix.
 * - HostWedgeSource is the hub's end of the keyboard wedge: the detector runs where the keys are
 *   (the web host's page, or Electron main on before-input-event) and hands finished scans here.
 */
import { TypedEmitter } from '../../../drivers/emitter';
import { monotonicNow } from '../../../drivers/types';
import type { Clock, RawScan, ScannerDriver, ScannerEvents, ScannerKind, ScannerStatus } from '../../../drivers/types';

export class InvalidScannerSource extends TypedEmitter<ScannerEvents> implements ScannerDriver {
  /** Not a real kind: the module shows it as `invalid`. */
  readonly kind: ScannerKind = 'sim';
  private readonly errorStatus: ScannerStatus;

  constructor(
    readonly sourceId: string,
    message: string,
  ) {
    super();
    this.errorStatus = { state: 'error', message };
  }

  get status(): ScannerStatus {
    return this.errorStatus;
  }

  async start(): Promise<void> {
    // An error source never connects; announcing the status lets the hub record the error once.
    this.emit('status', this.errorStatus);
  }

  async stop(): Promise<void> {}
}

/** A finished wedge scan as the detector's host reports it. */
export interface HostWedgeScan {
  data: string;
  symbology?: string;
  truncatedLength?: number;
}

export class HostWedgeSource extends TypedEmitter<ScannerEvents> implements ScannerDriver {
  readonly kind = 'wedge' as const;
  private currentStatus: ScannerStatus = { state: 'stopped' };

  constructor(
    readonly sourceId: string,
    private readonly description: string,
    private readonly now: Clock = monotonicNow,
  ) {
    super();
  }

  get status(): ScannerStatus {
    return this.currentStatus;
  }

  async start(): Promise<void> {
    if (this.currentStatus.state === 'connected') return;
    this.setStatus({ state: 'connected', device: { description: this.description }, since: this.now() });
  }

  async stop(): Promise<void> {
    if (this.currentStatus.state !== 'stopped') this.setStatus({ state: 'stopped' });
  }

  /** Feeds one finished scan into the hub. Returns false while stopped. */
  submit(scan: HostWedgeScan): boolean {
    if (this.currentStatus.state !== 'connected') return false;
    const at = this.now();
    const raw: RawScan = {
      sourceId: this.sourceId,
      data: scan.data,
      ...(scan.symbology ? { symbology: scan.symbology } : {}),
      receivedAt: at,
      ...(scan.truncatedLength !== undefined ? { truncated: { totalLength: scan.truncatedLength } } : {}),
    };
    this.emit('scan', raw);
    return true;
  }

  private setStatus(status: ScannerStatus): void {
    this.currentStatus = status;
    this.emit('status', status);
  }
}
