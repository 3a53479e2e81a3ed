/**
 * Serial (RS-232 / USB-serial) link to a receipt printer on `serialport` v13's binding layer, like
 * the serial scanner: one read loop for the status replies, a failed read is an unplug.
 */
import type { SerialOpenOptions } from '../serial/driver';
import type { LinkHandlers, PrinterLink, PrinterTransport } from './types';

/** The part of a serialport binding port the printer link uses. */
export interface SerialPrinterPort {
  readonly isOpen: boolean;
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface SerialPrinterBinding {
  open(options: SerialOpenOptions & { rtscts?: boolean }): Promise<SerialPrinterPort>;
}

/** The scanners' serial settings, plus hardware flow control. */
export type SerialLinkOptions = Omit<SerialOpenOptions, 'lock'> & {
  /** Hardware flow control (RTS/CTS): a printer whose buffer is full holds the sender. */
  rtscts: boolean;
};

export class SerialPrinterTransport implements PrinterTransport {
  readonly kind = 'serial' as const;
  readonly defaultId: string;

  constructor(
    private readonly options: SerialLinkOptions,
    private binding?: SerialPrinterBinding,
  ) {
    this.defaultId = `serial:${options.path}`;
  }

  async open(handlers: LinkHandlers): Promise<PrinterLink> {
    const binding = this.binding ?? (this.binding = await loadNativeBinding());
    const { path, baudRate, dataBits, parity, stopBits, rtscts } = this.options;
    const port = await binding.open({ path, baudRate, dataBits, parity, stopBits, rtscts });
    let closed = false;
    void (async () => {
      const buffer = Buffer.alloc(256);
      while (!closed) {
        try {
          const { bytesRead } = await port.read(buffer, 0, buffer.length);
          if (!closed && bytesRead > 0) handlers.onData(Uint8Array.from(buffer.subarray(0, bytesRead)));
        } catch (error) {
          if (!closed) handlers.onLost(`read failed: ${error instanceof Error ? error.message : String(error)}`);
          return;
        }
      }
    })();
    return {
      device: { description: `${path} (${baudRate} ${dataBits}${parity.charAt(0).toUpperCase()}${stopBits}${rtscts ? ' RTS/CTS' : ''})` },
      async write(bytes) {
        await port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        await port.drain();
      },
      async close() {
        if (closed) return;
        closed = true;
        if (!port.isOpen) return;
        try {
          await port.close();
        } catch {
          // A vanished device cannot close; the handle is dropped either way.
        }
      },
    };
  }
}

async function loadNativeBinding(): Promise<SerialPrinterBinding> {
  const { SerialPort } = await import('serialport');
  return SerialPort.binding as unknown as SerialPrinterBinding;
}
