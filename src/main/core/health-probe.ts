import type { Connectivity, ConnectivityState } from '../../shared/kiosk-api';

export interface HealthProbeOptions {
  portalUrl: string;
  intervalMs: number;
  now: () => number;
  fetchImpl?: typeof fetch;
  onChange: (connectivity: Connectivity) => void;
}

/**
 * Asks the portal's health endpoint on a fixed interval and reports reachability:
 * online when it answers 200 quickly, degraded when it answers slowly or with an error
 * status, offline when it cannot be reached at all.
 */
export class HealthProbe {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private state: Connectivity = { state: 'offline', checkedAt: null, lastOnlineAt: null };

  constructor(private readonly options: HealthProbeOptions) {}

  get connectivity(): Connectivity {
    return this.state;
  }

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One probe now; also used by tests and by the staff screen's "check again". */
  async probe(): Promise<Connectivity> {
    const { portalUrl, now } = this.options;
    const fetchImpl = this.options.fetchImpl ?? fetch;
    const startedAt = now();
    let next: ConnectivityState;
    try {
      const timeoutMs = Math.max(1000, Math.min(this.options.intervalMs, 4000));
      const response = await fetchImpl(new URL('/v1/health', portalUrl), { signal: AbortSignal.timeout(timeoutMs) });
      await response.body?.cancel();
      const slow = now() - startedAt > 2000;
      next = response.ok && !slow ? 'online' : 'degraded';
    } catch {
      next = 'offline';
    }
    const checkedAt = now();
    const lastOnlineAt = next === 'offline' ? this.state.lastOnlineAt : checkedAt;
    const changed = next !== this.state.state || this.state.checkedAt === null;
    this.state = { state: next, checkedAt, lastOnlineAt };
    if (changed) this.options.onChange(this.state);
    return this.state;
  }

  private async tick(): Promise<void> {
    await this.probe();
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }
}
