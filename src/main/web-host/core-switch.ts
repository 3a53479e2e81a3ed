import type { KioskEventEnvelope, KioskResult } from '../../shared/kiosk-api';
import type { WebHostCore } from './server';

/**
 * The web host's view of "the" kiosk core across restarts: an admin's restart closes the core and
 * starts a fresh one in the same process, so the HTTP server, its port and the browser's session
 * cookie stay. Calls made while the next core starts wait for it; event listeners follow it.
 */
export class CoreSwitch implements WebHostCore {
  private ready: Promise<WebHostCore>;
  private resolveNext: ((core: WebHostCore) => void) | null = null;
  private readonly listeners = new Set<(envelope: KioskEventEnvelope) => void>();
  private detach: () => void;

  constructor(core: WebHostCore) {
    this.ready = Promise.resolve(core);
    this.detach = this.attach(core);
  }

  async call(method: unknown, input: unknown): Promise<KioskResult<unknown>> {
    return (await this.ready).call(method, input);
  }

  onEvent(listener: (envelope: KioskEventEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The current core is going: calls from now on wait for `replace`. */
  suspend(): void {
    this.detach();
    this.detach = () => undefined;
    this.ready = new Promise((resolve) => (this.resolveNext = resolve));
  }

  replace(core: WebHostCore): void {
    this.detach = this.attach(core);
    this.resolveNext?.(core);
    this.resolveNext = null;
    this.ready = Promise.resolve(core);
  }

  private attach(core: WebHostCore): () => void {
    return core.onEvent((envelope) => {
      for (const listener of this.listeners) listener(envelope);
    });
  }
}
