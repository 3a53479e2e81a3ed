/**
 * Keyboard-wedge driver: the host (renderer keydown listener, or Electron's `before-input-event`)
 * hands every key to `handleKey` and obeys the decision; scans come out as `scan` events like any
 * other driver's. Keys released later by the idle timer come out as `release` events.
 * Pure TypeScript (timers only), so it runs in the renderer as well as in Node.
 */
import { splitAimId } from '../aim';
import { TypedEmitter } from '../emitter';
import { monotonicNow } from '../types';
import type { Clock, ScannerDriver, ScannerEvents, ScannerStatus } from '../types';
import { WedgeDetector } from './detector';
import type { WedgeDecision, WedgeKeyEvent, WedgeOptions, WedgeScan } from './detector';

export interface WedgeDriverEvents extends ScannerEvents {
  /** Held keys that turned out to be typing, released by the idle timer: deliver them in order. */
  release: WedgeKeyEvent[];
}

export interface WedgeDriverConfig extends Partial<WedgeOptions> {
  id?: string;
  /** Split a leading AIM id (`]C0`) off the data, for scanners set to transmit it. */
  aim?: boolean;
  now?: Clock;
}

export class WedgeScannerDriver extends TypedEmitter<WedgeDriverEvents> implements ScannerDriver {
  readonly kind = 'wedge' as const;
  readonly sourceId: string;
  readonly detector: WedgeDetector;
  private readonly now: Clock;
  private readonly aim: boolean;
  private currentStatus: ScannerStatus = { state: 'stopped' };
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(config: WedgeDriverConfig = {}) {
    super();
    const { id, aim, now, ...options } = config;
    this.sourceId = id ?? 'wedge';
    this.aim = aim ?? false;
    this.now = now ?? monotonicNow;
    this.detector = new WedgeDetector(options);
  }

  get status(): ScannerStatus {
    return this.currentStatus;
  }

  async start(): Promise<void> {
    if (this.currentStatus.state === 'connected') return;
    // A wedge is the keyboard itself: always "connected" while the host feeds keys.
    this.setStatus({ state: 'connected', device: { description: 'Keyboard wedge' }, since: this.now() });
  }

  async stop(): Promise<void> {
    this.clearTimer();
    const held = this.detector.reset();
    if (held.length > 0) this.emit('release', held);
    if (this.currentStatus.state !== 'stopped') this.setStatus({ state: 'stopped' });
  }

  /** Call for every keydown; the host must cancel the native event when `pass` is false. */
  handleKey(event: WedgeKeyEvent): WedgeDecision {
    if (this.currentStatus.state !== 'connected') return { pass: true, release: [] };
    const decision = this.detector.feed(event);
    if (decision.scan) this.emitScan(decision.scan);
    this.armTimer();
    return decision;
  }

  private armTimer(): void {
    this.clearTimer();
    const deadline = this.detector.nextDeadline();
    if (deadline === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const outcome = this.detector.tick(Math.max(this.now(), deadline));
      if (outcome.scan) this.emitScan(outcome.scan);
      if (outcome.release.length > 0) this.emit('release', outcome.release);
    }, Math.max(0, deadline - this.now()));
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private emitScan(scan: WedgeScan): void {
    const { symbology, data } = this.aim ? splitAimId(scan.data) : { symbology: undefined, data: scan.data };
    this.emit('scan', {
      sourceId: this.sourceId,
      data,
      ...(symbology ? { symbology } : {}),
      receivedAt: this.now(),
      terminatorAt: scan.terminatorAt,
      ...(scan.truncated ? { truncated: scan.truncated } : {}),
    });
  }

  private setStatus(status: ScannerStatus): void {
    this.currentStatus = status;
    this.emit('status', status);
  }
}
