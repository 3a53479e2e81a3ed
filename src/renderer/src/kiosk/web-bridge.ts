import type { KioskBridge, KioskEventEnvelope, KioskEventName, KioskResult } from '@shared/kiosk-api';
import { KIOSK_EVENT_NAME_LIST, KIOSK_METHOD_NAMES } from '@shared/kiosk-names';

/**
 * `window.kiosk` for the web host: the same named functions as Electron's preload, carried
 * over HTTP (calls) and a WebSocket (events) to the kiosk core on 127.0.0.1. The credential is
 * the HttpOnly session cookie the launch link set: the browser sends it, this page never sees it.
 */
export function createWebBridge(origin = window.location.origin): KioskBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  async function call(method: string, input: unknown): Promise<KioskResult<unknown>> {
    try {
      const response = await fetch(`${origin}/api/call/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
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
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/events`);
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
  window.kiosk = createWebBridge();
  return window.kiosk;
}
