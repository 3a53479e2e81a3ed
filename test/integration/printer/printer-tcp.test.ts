/**
 * A network receipt printer (raw TCP, as on port 9100) played by a net.Server on 127.0.0.1: it
 * answers DLE EOT and keeps the receipt's bytes (FakeEscPosPrinter).
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EscPosPrinterDriver } from '../../../drivers/printer/driver';
import { PrinterNotReadyError } from '../../../drivers/printer/types';
import type { PrinterStatus } from '../../../drivers/printer/types';
import { createPrinter } from '../../../drivers/printer/uri';
import { receiptEscPos } from '../../../src/main/cashier/receipt-render';
import { clientRequestIdFromReceiptBarcode, receiptDocument } from '../../../src/shared/receipt';
import { FakeEscPosPrinter } from '../../helpers/fake-escpos-printer';
import { topUpReceipt, until } from '../../helpers/printer-fixtures';

let server: Server;
let port: number;
let sockets: Socket[];
let fake: FakeEscPosPrinter;
let printer: EscPosPrinterDriver;
let statuses: PrinterStatus[];

beforeEach(async () => {
  sockets = [];
  fake = new FakeEscPosPrinter((bytes) => sockets.at(-1)?.write(bytes));
  server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (data: Buffer) => fake.feed(data));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  printer = createPrinter(`tcp:127.0.0.1:${port}?pollMs=200`, { reconnect: { initialMs: 20, maxMs: 100 } });
  statuses = [];
  printer.on('status', (s) => statuses.push(s));
  await printer.start();
});

afterEach(async () => {
  await printer.stop();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('receipt printer over TCP (127.0.0.1)', () => {
  it('prints a cash top-up with the id in GS k and the drawer kick after the cut', async () => {
    expect(printer.status).toMatchObject({ state: 'connected', device: { description: `127.0.0.1:${port}` }, condition: { kind: 'ready' } });
    const input = topUpReceipt();
    await printer.print(receiptEscPos(receiptDocument(input)), { kickDrawer: true });
    await until(() => fake.drawerKicks().length === 1, 'the drawer kick');
    const text = fake.text();
    expect(text).toContain('￥3,000');
    expect(text).toContain('￥12,345');
    expect(text).toContain('08:30');
    expect(fake.code128().map(clientRequestIdFromReceiptBarcode)).toEqual([input.clientRequestId]);
    expect(fake.drawerKicks()[0]).toBeGreaterThan(fake.lastCutAt());
  });

  it('sends nothing and says why when the cover is open', async () => {
    fake.condition = { kind: 'cover-open', paperNearEnd: false };
    const error: unknown = await printer.print(receiptEscPos(receiptDocument(topUpReceipt()))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterNotReadyError);
    expect(printer.status).toMatchObject({ state: 'connected', condition: { kind: 'cover-open' } });
    expect(fake.received.length).toBe(0);
  });

  it('reconnects by itself when the printer drops the connection, and prints again', async () => {
    sockets[0]?.destroy();
    await until(() => statuses.some((s) => s.state === 'disconnected'), 'the lost connection');
    await until(() => printer.status.state === 'connected' && sockets.length === 2, 'reconnected');
    await printer.print(receiptEscPos(receiptDocument(topUpReceipt({ kind: 'payment', cashReceived: null, change: null }))));
    await until(() => fake.cuts() === 1, 'the receipt');
    expect(fake.drawerKicks()).toEqual([]);
  });

  it('keeps retrying while the printer is off, and connects when it is back', async () => {
    await printer.stop();
    await new Promise((resolve) => server.close(resolve));
    statuses = [];
    await printer.start();
    await until(() => statuses.filter((s) => s.state === 'disconnected').length >= 2, 'failed attempts while off');
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await until(() => printer.status.state === 'connected', 'connected once back');
  });
});
