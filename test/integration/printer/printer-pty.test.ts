/**
 * A receipt printer on a real serial line: socat's PTY pair stands in for the cable. The driver
 * opens one end with serialport's native binding at 38400 baud; the test plays the printer on
 * the other end (FakeEscPosPrinter): it answers DLE EOT and keeps the receipt's bytes.
 * socat is required (Debian package socat, installed by the project's CI script).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import type { EscPosPrinterDriver } from '../../../drivers/printer/driver';
import { PrintSpooler } from '../../../drivers/printer/spooler';
import type { SpoolerStatus } from '../../../drivers/printer/spooler';
import { createPrinter } from '../../../drivers/printer/uri';
import { receiptEscPos } from '../../../src/main/cashier/receipt-render';
import { clientRequestIdFromReceiptBarcode, receiptDocument } from '../../../src/shared/receipt';
import { FakeEscPosPrinter } from '../../helpers/fake-escpos-printer';
import { MemoryPrintJobStore } from '../../helpers/memory-print-store';
import { topUpReceipt, until } from '../../helpers/printer-fixtures';
import { startSocatPty } from '../../helpers/socat-pty';
import type { SocatPty } from '../../helpers/socat-pty';

interface WirePort {
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
  close(): Promise<void>;
}

let pty: SocatPty;
let wire: WirePort;
let wireOpen = false;
let fake: FakeEscPosPrinter;
let printer: EscPosPrinterDriver | undefined;
let spooler: PrintSpooler | undefined;

/** Opens the printer's end of the cable and runs the fake printer on it. */
async function openPrinterEnd(path: string): Promise<void> {
  const binding = SerialPort.binding as unknown as { open(options: { path: string; baudRate: number }): Promise<WirePort> };
  wire = await binding.open({ path, baudRate: 38_400 });
  wireOpen = true;
  fake = new FakeEscPosPrinter((bytes) => void wire.write(bytes).catch(() => undefined));
  void (async () => {
    const buffer = Buffer.alloc(4096);
    while (wireOpen) {
      try {
        const { bytesRead } = await wire.read(buffer, 0, buffer.length);
        fake.feed(buffer.subarray(0, bytesRead));
      } catch {
        return;
      }
    }
  })();
}

beforeEach(async () => {
  pty = await startSocatPty();
  await openPrinterEnd(pty.wireEnd);
  printer = createPrinter(`serial:${pty.driverEnd}?baudRate=38400&pollMs=200`, { reconnect: { initialMs: 20, maxMs: 100 } });
  await printer.start();
});

afterEach(async () => {
  await spooler?.stop();
  spooler = undefined;
  await printer?.stop();
  printer = undefined;
  wireOpen = false;
  await wire.close().catch(() => undefined);
  await pty.stop();
});

describe('receipt printer on a serial PTY (38400 baud)', () => {
  it('prints a cash top-up: cp932 text with amount, balance and local time, the id in GS k, then the drawer kick', async () => {
    expect(printer?.status).toMatchObject({ state: 'connected', condition: { kind: 'ready' } });
    const input = topUpReceipt();
    await printer?.print(receiptEscPos(receiptDocument(input)), { kickDrawer: true });
    await until(() => fake.drawerKicks().length === 1, 'the drawer kick');
    const text = fake.text();
    expect(text).toContain('チャージ（入金）');
    expect(text).toContain('￥3,000');
    expect(text).toContain('￥12,345');
    expect(text).toContain('2026年12月01日(火) 08:30');
    expect(fake.code128().map(clientRequestIdFromReceiptBarcode)).toEqual([input.clientRequestId]);
    expect(fake.drawerKicks()[0]).toBeGreaterThan(fake.lastCutAt());
    expect(fake.commands().subarray(fake.drawerKicks()[0])).toEqual(Buffer.of(0x1b, 0x70, 0, 25, 250));
    expect(fake.cuts()).toBe(1);
  });

  it('sends no drawer kick with a payment receipt', async () => {
    await printer?.print(receiptEscPos(receiptDocument(topUpReceipt({ kind: 'payment', cashReceived: null, change: null }))));
    await until(() => fake.cuts() === 1, 'the cut');
    // The status poll that follows the receipt comes after all its bytes on the same line.
    const queries = fake.statusQueries;
    await until(() => fake.statusQueries > queries, 'a status poll after the receipt');
    expect(fake.text()).toContain('お支払い');
    expect(fake.drawerKicks()).toEqual([]);
  });

  it('holds a receipt while the printer answers "paper out" and prints it when the paper is back', async () => {
    fake.condition = { kind: 'paper-out', coverOpen: false };
    await until(() => printer?.status.state === 'connected' && printer.status.condition.kind === 'paper-out', 'paper-out status');
    const store = new MemoryPrintJobStore();
    const statuses: SpoolerStatus[] = [];
    const printer_ = printer as EscPosPrinterDriver;
    spooler = new PrintSpooler(printer_, store, (document) => receiptEscPos(document));
    spooler.on('status', (s) => statuses.push(s));
    spooler.start();
    const input = topUpReceipt();
    await spooler.submit({ id: input.clientRequestId, document: receiptDocument(input), kickDrawer: false });
    await until(() => spooler?.status.state === 'waiting', 'the job waiting');
    expect(spooler.status).toMatchObject({ state: 'waiting', pending: 1, printer: { state: 'connected', condition: { kind: 'paper-out' } } });
    // Several polls later the job is still waiting and nothing but status queries reached the printer.
    const queries = fake.statusQueries;
    await until(() => fake.statusQueries >= queries + 6, 'three more status polls');
    expect(fake.received.length).toBe(0);
    expect(store.pendingCount()).toBe(1);

    fake.condition = { kind: 'ready', paperNearEnd: true };
    await until(() => store.pendingCount() === 0, 'the job printed');
    await until(() => fake.cuts() === 1, 'the receipt on paper');
    expect(fake.code128().map(clientRequestIdFromReceiptBarcode)).toEqual([input.clientRequestId]);
    expect(fake.text()).toContain('￥3,000');
    expect(statuses.map((s) => s.state)).toEqual(['idle', 'waiting', 'printing', 'idle']);
  });
});
