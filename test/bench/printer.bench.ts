/**
 * Receipt printing figures (issue 15): bytes per receipt (ESC/POS, cp932) and the time from
 * `print()` (DLE EOT check + write + drain) until the cut has reached the printer's end of a
 * socat PTY opened at 38400 baud. A PTY moves bytes at memory speed, so the wire time of a real
 * 38400 baud 8N1 line (bytes × 10 / 38400) is shown beside it. Needs socat.
 */
import { performance } from 'node:perf_hooks';
import { SerialPort } from 'serialport';
import { createPrinter } from '../../drivers/printer/uri';
import { receiptEscPos } from '../../src/main/cashier/receipt-render';
import { receiptDocument } from '../../src/shared/receipt';
import { FakeEscPosPrinter } from '../helpers/fake-escpos-printer';
import { topUpReceipt, until } from '../helpers/printer-fixtures';
import { startSocatPty } from '../helpers/socat-pty';
import { ms, percentile, type BenchRow } from './bench-row';

const ROUNDS = 50;
const BAUD = 38_400;

interface WirePort {
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
  close(): Promise<void>;
}

export default async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const receipts = {
    'cash top-up': topUpReceipt(),
    payment: topUpReceipt({ kind: 'payment', cashReceived: null, change: null }),
    'void (会計控え)': topUpReceipt({ kind: 'void', voidedKind: 'topup', cashReceived: null, change: null }),
  };
  const pty = await startSocatPty();
  const binding = SerialPort.binding as unknown as { open(options: { path: string; baudRate: number }): Promise<WirePort> };
  const wire = await binding.open({ path: pty.wireEnd, baudRate: BAUD });
  let open = true;
  const fake = new FakeEscPosPrinter((bytes) => void wire.write(bytes).catch(() => undefined));
  void (async () => {
    const buffer = Buffer.alloc(4096);
    while (open) {
      try {
        const { bytesRead } = await wire.read(buffer, 0, buffer.length);
        fake.feed(buffer.subarray(0, bytesRead));
      } catch {
        return;
      }
    }
  })();
  const printer = createPrinter(`serial:${pty.driverEnd}?baudRate=${BAUD}`);
  try {
    await printer.start();
    for (const [name, input] of Object.entries(receipts)) {
      const document = receiptDocument(input);
      const renderTimes: number[] = [];
      const printTimes: number[] = [];
      let bytes = receiptEscPos(document);
      for (let i = 0; i < ROUNDS; i++) {
        const r0 = performance.now();
        bytes = receiptEscPos(document);
        renderTimes.push(performance.now() - r0);
        fake.clear();
        const p0 = performance.now();
        await printer.print(bytes, { kickDrawer: input.kind === 'topup' });
        await until(() => fake.cuts() === 1, 'the cut', 10_000);
        printTimes.push(performance.now() - p0);
      }
      rows.push({ group: 'receipt printer', name: `${name}: ESC/POS bytes`, value: `${bytes.length} B` });
      rows.push({ group: 'receipt printer', name: `${name}: render p50 / p99`, value: `${ms(percentile(renderTimes, 50))} / ${ms(percentile(renderTimes, 99))}` });
      rows.push({
        group: 'receipt printer',
        name: `${name}: print() to cut on PTY p50 / p99`,
        value: `${ms(percentile(printTimes, 50))} / ${ms(percentile(printTimes, 99))} (real ${BAUD} 8N1 wire: ${ms((bytes.length * 10 * 1000) / BAUD, 0)})`,
      });
    }
  } finally {
    await printer.stop();
    open = false;
    await wire.close().catch(() => undefined);
    await pty.stop();
  }
  return rows;
}
