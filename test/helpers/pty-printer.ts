/**
 * A receipt printer at the far end of a socat PTY pair, for tests through the whole kiosk: the
 * kiosk opens `driverEnd` as `serial:<driverEnd>`; this side opens the wire end with serialport's
 * native binding and plays the printer (FakeEscPosPrinter): it answers DLE EOT from a settable
 * condition and keeps every other byte (receipts, ESC p). Always `stop()` it.
 */
import { SerialPort } from 'serialport';
import { FakeEscPosPrinter } from './fake-escpos-printer';
import { startSocatPty } from './socat-pty';

interface WirePort {
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
  close(): Promise<void>;
}

export interface PtyPrinter {
  /** The path the kiosk's printer driver opens. */
  driverEnd: string;
  fake: FakeEscPosPrinter;
  stop(): Promise<void>;
}

export async function startPtyPrinter(baudRate = 38_400): Promise<PtyPrinter> {
  const pty = await startSocatPty();
  const binding = SerialPort.binding as unknown as { open(options: { path: string; baudRate: number }): Promise<WirePort> };
  let wire: WirePort;
  try {
    wire = await binding.open({ path: pty.wireEnd, baudRate });
  } catch (error) {
    await pty.stop();
    throw error;
  }
  let open = true;
  const fake = new FakeEscPosPrinter((bytes) => void wire.write(bytes).catch(() => undefined));
  // Reads until stop(): each read returns what arrived (a read on the closed port ends the loop).
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
  return {
    driverEnd: pty.driverEnd,
    fake,
    async stop() {
      open = false;
      await wire.close().catch(() => undefined);
      await pty.stop();
    },
  };
}
