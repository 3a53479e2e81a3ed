/**
 * The not-connected states scanners and printers share, mapped once for the core's views
 * (printer-desk.ts, scanner/views.ts): every field of the view, nothing else the status carries.
 */
import { describe, expect, it } from 'vitest';
import { notConnectedView, type NotConnectedStatus } from '../../../drivers/status-view';
import { printerDevices } from '../../../src/main/cashier/printer-desk';
import type { ReceiptPrinting } from '../../../src/main/cashier/print-jobs';
import { toSourceView } from '../../../src/main/scanner/views';
import type { SourceStatus } from '../../../src/main/scanner/hub';

const STATES: NotConnectedStatus[] = [
  { state: 'stopped' },
  { state: 'connecting', attempt: 2 },
  { state: 'disconnected', reason: 'ENOENT: /dev/ttyUSB0', retryInMs: 4000, attempt: 3 },
  { state: 'error', message: 'permission denied: add the kiosk user to dialout' },
];

describe('notConnectedView', () => {
  it.each(STATES)('$state: the same fields, and only those', (status) => {
    const withMore = { ...status, internal: { handle: 1 } } as unknown as NotConnectedStatus;
    const view = notConnectedView(withMore);
    expect(view).toEqual(status);
    expect(view).not.toBe(withMore);
  });

  it('is what the printer and scanner views show for those states', () => {
    for (const status of STATES) {
      const receipts = { devices: () => ({ started: [{ uri: 'tcp:127.0.0.1:9100', driver: { printerId: 'p', kind: 'tcp', status }, pending: 0 }], broken: [] }), hasDrawer: () => true } as unknown as ReceiptPrinting;
      expect(printerDevices(receipts)[0]?.status).toEqual(status);
      const source = { sourceId: 's', kind: 'serial', status, connected: false, scanCount: 0, duplicatesDropped: 0, errorCount: 0 } as unknown as SourceStatus;
      expect(toSourceView(source, { uri: 'serial:/dev/ttyUSB0', invalid: false }, (ms) => ms).status).toEqual(status);
    }
  });
});
