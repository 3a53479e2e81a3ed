/**
 * The sandboxed preload: exposes `window.kiosk` with one named function per kiosk API method
 * and `on(event, listener)`. Never the raw ipcRenderer. Inputs are validated by the core.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_CHANNEL, EVENT_CHANNEL, KIOSK_EVENT_NAME_LIST, KIOSK_METHOD_NAMES } from '../shared/kiosk-names';

const eventNames = new Set<string>(KIOSK_EVENT_NAME_LIST);

const api: Record<string, unknown> = {};
for (const method of KIOSK_METHOD_NAMES) {
  api[method] = (input: unknown) => ipcRenderer.invoke(CALL_CHANNEL, method, input ?? {});
}
api.on = (event: string, listener: (payload: unknown) => void): (() => void) => {
  if (!eventNames.has(event) || typeof listener !== 'function') return () => undefined;
  const handler = (_event: IpcRendererEvent, envelope: { event: string; payload: unknown }) => {
    if (envelope?.event === event) listener(envelope.payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => ipcRenderer.off(EVENT_CHANNEL, handler);
};

contextBridge.exposeInMainWorld('kiosk', Object.freeze(api));
