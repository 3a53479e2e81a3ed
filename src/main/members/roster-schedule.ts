/**
 * When the members room pulls the roster: every interval while the portal answers, and at once
 * when the kiosk comes back online (unless a pull started moments ago). A failed pull is logged
 * and the next tick tries again; the pull itself (RosterSync) shares one run between callers.
 */
import type { ConnectivityState } from '../../shared/api/common';
import type { Clock } from '../sync';

export interface RosterScheduleOptions {
  roster: { pull(): Promise<unknown> };
  /** Whether the portal answers now (the connectivity monitor's state). */
  connectivity: () => ConnectivityState;
  clock: Clock;
  /** Pull interval while online. Default 60 s. */
  intervalMs?: number;
  /** Back online within this long after a pull started: no second pull. Default 5 s. */
  reconnectQuietMs?: number;
  log?: (line: string) => void;
}

export class RosterSchedule {
  private timer: unknown = null;
  private lastPullAt = 0;

  constructor(private readonly options: RosterScheduleOptions) {}

  start(): void {
    this.stop();
    this.arm();
  }

  stop(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Feed of the connectivity monitor: back online means the roster may have moved meanwhile. */
  connectivityChanged(state: ConnectivityState): void {
    const quietMs = this.options.reconnectQuietMs ?? 5_000;
    if (state === 'online' && this.options.clock.now() - this.lastPullAt > quietMs) this.pull();
  }

  private arm(): void {
    this.timer = this.options.clock.setTimeout(() => {
      if (this.options.connectivity() === 'online') this.pull();
      this.arm();
    }, this.options.intervalMs ?? 60_000);
  }

  private pull(): void {
    this.lastPullAt = this.options.clock.now();
    this.options.roster.pull().catch((error: unknown) => this.options.log?.(`roster: ${error instanceof Error ? error.message : String(error)}`));
  }
}
