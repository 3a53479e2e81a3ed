import type { IpcMain, WebContents } from 'electron';
import { KioskError } from '../../shared/errors';
import type { KioskEventEnvelope, KioskResult } from '../../shared/kiosk-api';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../shared/kiosk-names';
import { isTrustedSender } from './security';


interface CallableCore {
  call(method: unknown, input: unknown): Promise<KioskResult<unknown>>;
  onEvent(listener: (envelope: KioskEventEnvelope) => void): () => void;
}

/**
 * One IPC channel for every kiosk API method. The core validates method and input; here we
 * check who is calling: only the app's own top-level frame.
 */
export function registerKioskIpc(ipcMain: IpcMain, core: CallableCore, log: (line: string) => void): void {
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, input: unknown): Promise<KioskResult<unknown>> => {
    if (!isTrustedSender(event.senderFrame)) {
      log(`electron: kiosk call from untrusted frame ${event.senderFrame?.url ?? '(gone)'} refused`);
      return { ok: false, error: new KioskError('unauthorized', 'This page is not the kiosk: the call was refused.').toJSON() };
    }
    return core.call(method, input);
  });
}

/** Forwards core events to the kiosk window. */
export function forwardKioskEvents(core: CallableCore, target: () => WebContents | null): () => void {
  return core.onEvent((envelope) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, envelope);
  });
}
