/**
 * The renderer loads the kiosk API's schemas per domain on first use (issue 18: zod and the
 * schemas are not in the attract screen's first chunk). The lazy table must give every method
 * and event exactly the schema the core validates with, and the client must still refuse bad
 * input before it leaves and a malformed answer or event where it arrives.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { kioskApi, kioskEvents, KIOSK_EVENT_NAMES, KIOSK_METHODS, type KioskBridge } from '../../../src/shared/kiosk-api';
import { eventSchema, methodSchema } from '../../../src/renderer/src/kiosk/schemas';
import { callKiosk, onKioskEvent } from '../../../src/renderer/src/kiosk/client';

describe('per-domain schema loading', () => {
  it('gives every method and every event the schema of the kiosk API', async () => {
    for (const method of KIOSK_METHODS) expect(await methodSchema(method), method).toBe(kioskApi[method]);
    for (const event of KIOSK_EVENT_NAMES) expect(await eventSchema(event), event).toBe(kioskEvents[event]);
  });
});

describe('the client with lazily loaded schemas', () => {
  const listeners = new Map<string, (payload: unknown) => void>();
  const bridge = {
    getKioskState: vi.fn(),
    staffSignIn: vi.fn(),
    on: vi.fn((event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    }),
  };
  vi.stubGlobal('window', { kiosk: bridge as unknown as KioskBridge, location: { origin: 'http://127.0.0.1' } });
  afterEach(() => vi.clearAllMocks());

  it('refuses bad input before it leaves', async () => {
    await expect(callKiosk('staffSignIn', { staffNo: 'x', pin: 12 } as never)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(bridge.staffSignIn).not.toHaveBeenCalled();
  });

  it('refuses an answer of the wrong shape and a malformed error', async () => {
    bridge.getKioskState.mockResolvedValueOnce({ ok: true, value: { hostMode: 42 } });
    await expect(callKiosk('getKioskState', {})).rejects.toThrow();
    bridge.getKioskState.mockResolvedValueOnce({ ok: false, error: { code: 'pin_wrong', message: 'Wrong.', details: { attemptsLeft: 'two' } } });
    await expect(callKiosk('getKioskState', {})).rejects.toMatchObject({ code: 'internal' });
  });

  it('passes only well-formed events, in the order they came, and none after unsubscribing', async () => {
    const seen: unknown[] = [];
    const stop = onKioskEvent('connectivity', (payload) => seen.push(payload.state));
    const send = listeners.get('connectivity') as (payload: unknown) => void;
    send({ state: 'offline', checkedAt: 1, lastOnlineAt: null });
    send({ state: 'sideways' });
    send({ state: 'online', checkedAt: 2, lastOnlineAt: 2 });
    await vi.waitFor(() => expect(seen).toEqual(['offline', 'online']));
    stop();
    expect(listeners.has('connectivity')).toBe(false);
  });
});
