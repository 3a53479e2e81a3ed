import { describe, expect, it, vi } from 'vitest';
import { CALL_CHANNEL, EVENT_CHANNEL, KIOSK_EVENT_NAME_LIST, KIOSK_METHOD_NAMES } from '../../../src/shared/kiosk-names';

const exposed: Record<string, unknown> = {};
const ipcRenderer = { invoke: vi.fn(async () => ({ ok: true, value: 'answer' })), on: vi.fn(), off: vi.fn() };
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer,
}));

const { registerKioskIpc, forwardKioskEvents } = await import('../../../src/main/electron/ipc');
const { APP_ORIGIN } = await import('../../../src/main/electron/security');

describe('preload', () => {
  it('exposes window.kiosk with one named function per method and on(), never ipcRenderer', async () => {
    await import('../../../src/preload/index');
    const api = exposed.kiosk as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...KIOSK_METHOD_NAMES, 'on'].sort());
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
    expect(Object.values(api)).not.toContain(ipcRenderer);
    expect(Object.isFrozen(api)).toBe(true);
    await (api.staffSignIn as (input: unknown) => Promise<unknown>)({ staffNo: '1001', pin: '1111' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(CALL_CHANNEL, 'staffSignIn', { staffNo: '1001', pin: '1111' });
  });

  it('on() accepts only known events and delivers only that event’s payloads', async () => {
    await import('../../../src/preload/index');
    const api = exposed.kiosk as { on: (event: string, listener: (payload: unknown) => void) => () => void };
    api.on('raw-ipc', () => undefined);
    expect(ipcRenderer.on).not.toHaveBeenCalled();
    const listener = vi.fn();
    const off = api.on(KIOSK_EVENT_NAME_LIST[0], listener);
    const handler = ipcRenderer.on.mock.calls[0]?.[1] as (event: unknown, envelope: unknown) => void;
    handler({}, { event: 'staffSession', payload: 1 });
    handler({}, { event: KIOSK_EVENT_NAME_LIST[0], payload: 2 });
    expect(listener.mock.calls).toEqual([[2]]);
    off();
    expect(ipcRenderer.off).toHaveBeenCalledWith(EVENT_CHANNEL, handler);
  });
});

describe('main-process IPC', () => {
  function setup() {
    const handlers = new Map<string, (...args: unknown[]) => unknown>();
    const ipcMain = { handle: (channel: string, handler: (...args: unknown[]) => unknown) => handlers.set(channel, handler) };
    const core = { call: vi.fn(async (method: unknown) => (method === 'getKioskState' ? { ok: true, value: {} } : { ok: false, error: { code: 'unknown_method', message: '' } })), onEvent: vi.fn() };
    registerKioskIpc(ipcMain as never, core as never, () => undefined);
    return { handler: handlers.get(CALL_CHANNEL) as (...args: unknown[]) => Promise<unknown>, core };
  }

  it('passes calls from the app frame to the core (which validates them)', async () => {
    const { handler, core } = setup();
    const trusted = { senderFrame: { url: `${APP_ORIGIN}/`, parent: null } };
    expect(await handler(trusted, 'getKioskState', {})).toEqual({ ok: true, value: {} });
    expect(await handler(trusted, 'noSuchMethod', { x: 1 })).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(core.call).toHaveBeenCalledTimes(2);
  });

  it('refuses calls from any other frame without reaching the core', async () => {
    const { handler, core } = setup();
    for (const senderFrame of [{ url: 'https://evil.example/', parent: null }, { url: `${APP_ORIGIN}/`, parent: {} }, null]) {
      expect(await handler({ senderFrame }, 'getKioskState', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(core.call).not.toHaveBeenCalled();
  });

  it('forwards core events to the window while it exists', () => {
    let listener: ((envelope: unknown) => void) | undefined;
    const core = { call: vi.fn(), onEvent: (l: (envelope: unknown) => void) => ((listener = l), () => undefined) };
    const contents = { isDestroyed: () => false, send: vi.fn() };
    forwardKioskEvents(core as never, () => contents as never);
    listener?.({ event: 'connectivity', payload: { state: 'offline' } });
    expect(contents.send).toHaveBeenCalledWith(EVENT_CHANNEL, { event: 'connectivity', payload: { state: 'offline' } });
  });
});
