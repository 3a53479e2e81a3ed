/**
 * Simulator scanner for demo mode and tests: scans are injected by code (`inject`) or played from a
 * script of timed steps. Pure TypeScript; usable in the renderer and in Node.
 */
import { TypedEmitter } from '../emitter';
import { monotonicNow } from '../types';
import type { Clock, ScannerDriver, ScannerEvents, ScannerStatus } from '../types';

export interface SimulatedScan {
  /** Wait before this scan, counted from the previous one (or from start). */
  afterMs: number;
  data: string;
  symbology?: string;
}

export interface SimulatorOptions {
  id?: string;
  now?: Clock;
  /** Played once after start(); `loop` repeats it until stop(). */
  script?: readonly SimulatedScan[];
  loop?: boolean;
}

export class SimulatorScannerDriver extends TypedEmitter<ScannerEvents> implements ScannerDriver {
  readonly kind = 'sim' as const;
  readonly sourceId: string;
  private readonly now: Clock;
  private currentStatus: ScannerStatus = { state: 'stopped' };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private scriptIndex = 0;

  constructor(private readonly options: SimulatorOptions = {}) {
    super();
    this.sourceId = options.id ?? 'sim';
    this.now = options.now ?? monotonicNow;
  }

  get status(): ScannerStatus {
    return this.currentStatus;
  }

  async start(): Promise<void> {
    if (this.currentStatus.state === 'connected') return;
    this.setStatus({ state: 'connected', device: { description: 'Simulated scanner' }, since: this.now() });
    this.scriptIndex = 0;
    this.scheduleNext();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.currentStatus.state !== 'stopped') this.setStatus({ state: 'stopped' });
  }

  /** Delivers one scan now, as if the terminator just arrived. Ignored while stopped. */
  inject(data: string, symbology?: string): void {
    if (this.currentStatus.state !== 'connected') return;
    const at = this.now();
    this.emit('scan', { sourceId: this.sourceId, data, ...(symbology ? { symbology } : {}), receivedAt: at, terminatorAt: at });
  }

  /** Simulates an unplug (`disconnected`) or a replug (`connected`) for status displays and tests. */
  simulateDisconnect(reason = 'simulated unplug'): void {
    this.setStatus({ state: 'disconnected', reason, retryInMs: 0, attempt: 1 });
  }

  simulateReconnect(): void {
    this.setStatus({ state: 'connected', device: { description: 'Simulated scanner' }, since: this.now() });
  }

  private scheduleNext(): void {
    const script = this.options.script;
    if (!script || script.length === 0) return;
    if (this.scriptIndex >= script.length) {
      if (!this.options.loop) return;
      this.scriptIndex = 0;
    }
    const step = script[this.scriptIndex++];
    if (!step) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inject(step.data, step.symbology);
      this.scheduleNext();
    }, Math.max(0, step.afterMs));
  }

  private setStatus(status: ScannerStatus): void {
    this.currentStatus = status;
    this.emit('status', status);
  }
}
