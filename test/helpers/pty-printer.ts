/**
 * A receipt printer at the far end of a socat PTY pair, for tests that give the kiosk
 * `serial:<driverEnd>?baudRate=38400`: the test opens the wire end with serialport's native
 * binding and plays the printer on it (FakeEscPosPrinter: it answers DLE EOT and keeps the bytes).
 * Always `stop()` it: it closes the port and stops socat.
 */
import { SerialPort } from 'serialport';
import { FakeEscPosPrinter } from './fake-escpos-printer';
import { startSocatPty, type SocatPty } from './socat-pty';

interface WirePort {
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
  close(): Promise<void>;
}

export interface PtyPrinter {
  /** The kiosk's printer URI (the PTY's near end), as the settings accept it. */
  uri: string;
  fake: FakeEscPosPrinter;
  stop(): Promise<void>;
}

export async function startPtyPrinter(): Promise<PtyPrinter> {
  const pty: SocatPty = await startSocatPty();
  const binding = SerialPort.binding as unknown as { open(options: { path: string; baudRate: number }): Promise<WirePort> };
  let wire: WirePort;
  try {
    wire = await binding.open({ path: pty.wireEnd, baudRate: 38_400 });
  } catch (error) {
    await pty.stop();
    throw error;
  }
  let open = true;
  const fake = new FakeEscPosPrinter((bytes) => void wire.write(bytes).catch(() => undefined));
  const reading = (async () => {
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
    uri: `serial:${pty.driverEnd}?baudRate=38400`,
    fake,
    async stop() {
      open = false;
      await wire.close().catch(() => undefined);
      await reading;
      await pty.stop();
    },
  };
}
