import type { KioskBridge, KioskEventEnvelope, KioskEventName, KioskResult } from '@shared/kiosk-api';
import { KIOSK_EVENT_NAME_LIST, KIOSK_METHOD_NAMES } from '@shared/kiosk-names';

/**
 * `window.kiosk` for the web host: the same named functions as Electron's preload, carried
 * over HTTP (calls) and a WebSocket (events) to the kiosk core on 127.0.0.1. The per-run
 * secret comes from index.html, which the web host fills in.
 */
export function createWebBridge(secret: string, origin = window.location.origin): KioskBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  async function call(method: string, input: unknown): Promise<KioskResult<unknown>> {
    try {
      const response = await fetch(`${origin}/api/call/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Kiosk-Secret': secret },
        body: JSON.stringify(input ?? {}),
      });
      return (await response.json()) as KioskResult<unknown>;
    } catch {
      // The kiosk core itself is gone (host restarting): say so as a typed error.
      return { ok: false, error: { code: 'internal', message: 'The kiosk service is not answering.' } };
    }
  }

  let retryMs = 250;
  function connect(): void {
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/events?secret=${encodeURIComponent(secret)}`);
    socket.addEventListener('open', () => (retryMs = 250));
    socket.addEventListener('message', (message) => {
      try {
        const envelope = JSON.parse(String(message.data)) as KioskEventEnvelope;
        for (const listener of listeners.get(envelope.event) ?? []) listener(envelope.payload);
      } catch {
        // A malformed event is dropped; the next state poll corrects the view.
      }
    });
    socket.addEventListener('close', () => {
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    });
  }
  connect();

  const bridge: Record<string, unknown> = {};
  for (const method of KIOSK_METHOD_NAMES) bridge[method] = (input: unknown) => call(method, input);
  bridge.on = (event: KioskEventName, listener: (payload: unknown) => void) => {
    if (!(KIOSK_EVENT_NAME_LIST as readonly string[]).includes(event)) return () => undefined;
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  };
  return bridge as KioskBridge;
}

/** Installs the web bridge unless a host (Electron's preload) already provided window.kiosk. */
export function ensureKioskBridge(): KioskBridge {
  if (window.kiosk) return window.kiosk;
  const secret = document.querySelector<HTMLMetaElement>('meta[name="kiosk-secret"]')?.content ?? '';
  window.kiosk = createWebBridge(secret);
  return window.kiosk;
}
