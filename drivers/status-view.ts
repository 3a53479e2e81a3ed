/**
 * The four states every device driver (scanners and printers) is in while it has no device open:
 * stopped, connecting and disconnected (the reconnect schedule's, ./reconnect.ts), and error. Each
 * driver adds its own `connected`; the core's views map that one and hand these four here.
 */
import type { ReconnectStatus } from './reconnect';

export type NotConnectedStatus = { state: 'stopped' } | ReconnectStatus | { state: 'error'; message: string };

/** A not-connected status as plain data for a view, field by field: nothing a driver adds later leaks. */
export function notConnectedView(status: NotConnectedStatus): NotConnectedStatus {
  switch (status.state) {
    case 'connecting':
      return { state: 'connecting', attempt: status.attempt };
    case 'disconnected':
      return { state: 'disconnected', reason: status.reason, retryInMs: status.retryInMs, attempt: status.attempt };
    case 'error':
      return { state: 'error', message: status.message };
    case 'stopped':
      return { state: 'stopped' };
  }
}
