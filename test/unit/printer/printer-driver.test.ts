/** The ESC/POS driver's status handling over an in-memory link. */
import { afterEach, describe, expect, it } from 'vitest';
import { EscPosPrinterDriver } from '../../../drivers/printer/driver';
import { PrinterNotReadyError } from '../../../drivers/printer/types';
import type { PrinterStatus } from '../../../drivers/printer/types';
import { MemoryPrinterTransport } from '../../helpers/memory-printer-transport';
import { until } from '../../helpers/printer-fixtures';

let driver: EscPosPrinterDriver | undefined;
afterEach(async () => {
  await driver?.stop();
  driver = undefined;
});

async function start(transport: MemoryPrinterTransport, statusMode: 'dle-eot' | 'none' = 'dle-eot'): Promise<EscPosPrinterDriver> {
  driver = new EscPosPrinterDriver(transport, { statusMode, pollMs: 20, replyTimeoutMs: 30, reconnect: { initialMs: 10, maxMs: 40 } });
  await driver.start();
  return driver;
}

describe('ESC/POS printer driver', () => {
  it('treats a printer that does not answer DLE EOT (switched off behind a live adapter) as not ready', async () => {
    const transport = new MemoryPrinterTransport();
    transport.printer.condition = { kind: 'no-reply' };
    const printer = await start(transport);
    expect(printer.status).toMatchObject({ state: 'connected', condition: { kind: 'no-reply' } });
    await expect(printer.print(Uint8Array.of(0x41))).rejects.toBeInstanceOf(PrinterNotReadyError);
    expect(transport.printer.received.length).toBe(0);
  });

  it('prints without asking on a link declared status=none', async () => {
    const transport = new MemoryPrinterTransport();
    transport.printer.condition = { kind: 'no-reply' };
    const printer = await start(transport, 'none');
    await printer.print(Uint8Array.of(0x41));
    expect([...transport.printer.received]).toEqual([0x41]);
    expect(transport.printer.statusQueries).toBe(0);
  });

  it('reports each change of condition once, from polling alone', async () => {
    const transport = new MemoryPrinterTransport();
    const printer = await start(transport);
    const seen: PrinterStatus[] = [];
    printer.on('status', (s) => seen.push(s));
    transport.printer.condition = { kind: 'ready', paperNearEnd: true };
    await until(() => seen.length === 1, 'near end');
    transport.printer.condition = { kind: 'cover-open', paperNearEnd: true };
    await until(() => seen.length === 2, 'cover open');
    const queries = transport.printer.statusQueries;
    await until(() => transport.printer.statusQueries > queries + 6, 'more polls');
    expect(seen.map((s) => (s.state === 'connected' ? s.condition : s.state))).toEqual([
      { kind: 'ready', paperNearEnd: true },
      { kind: 'cover-open', paperNearEnd: true },
    ]);
  });

  it('opens the drawer with ESC p when ready and refuses when disconnected', async () => {
    const transport = new MemoryPrinterTransport();
    const printer = await start(transport);
    await printer.openDrawer();
    expect([...transport.printer.received]).toEqual([0x1b, 0x70, 0, 25, 250]);
    transport.unplug();
    await until(() => printer.status.state === 'disconnected', 'disconnected');
    await expect(printer.openDrawer()).rejects.toBeInstanceOf(PrinterNotReadyError);
  });
});
