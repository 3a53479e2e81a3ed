/**
 * USB link to a receipt printer on `usb` v3 (WebUSB API): the printer-class interface (class 7;
 * Epson's vendor-class 0xFF interface is taken when there is none), its bulk OUT endpoint for the
 * receipt and its bulk IN endpoint for DLE EOT replies. Linux's usblp is detached first.
 * Hot-plug: WebUSB `connect` retries at once, `disconnect` drops the link.
 */
import { errorMessage } from '../reconnect';
import type { LinkHandlers, PrinterDeviceInfo, PrinterLink, PrinterTransport } from './types';

/** The part of a WebUSB `USBDevice` the link uses (plus usb v3's Linux-only kernel-driver detach). */
export type PrinterUsbDevice = Pick<
  USBDevice,
  'vendorId' | 'productId' | 'productName' | 'manufacturerName' | 'serialNumber' | 'opened' | 'configuration' | 'open' | 'close' | 'selectConfiguration' | 'claimInterface' | 'releaseInterface'
> & {
  transferIn(endpointNumber: number, length: number, timeout?: number): Promise<USBInTransferResult>;
  transferOut(endpointNumber: number, data: Uint8Array, timeout?: number): Promise<USBOutTransferResult>;
  detachKernelDriver?(interfaceNumber: number): Promise<void>;
};

export interface PrinterUsbEvent {
  device: PrinterUsbDevice;
}

export interface PrinterUsbHost {
  getDevices(): Promise<PrinterUsbDevice[]>;
  addEventListener(type: 'connect' | 'disconnect', listener: (event: PrinterUsbEvent) => void): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: (event: PrinterUsbEvent) => void): void;
}

export interface UsbLinkOptions {
  vendorId: number;
  productId: number;
  serialNumber?: string;
}

const PRINTER_CLASS = 7;
const VENDOR_CLASS = 0xff;
/** A bulk IN read that times out only means "nothing to say". */
const READ_TIMEOUT_MS = 1_000;
/** A receipt of a few kB takes well under a second at full speed; a stuck transfer is a lost link. */
const WRITE_TIMEOUT_MS = 10_000;

export class UsbPrinterTransport implements PrinterTransport {
  readonly kind = 'usb' as const;
  readonly defaultId: string;
  private lose: ((device: PrinterUsbDevice) => void) | undefined;

  constructor(
    private readonly options: UsbLinkOptions,
    private host?: PrinterUsbHost,
  ) {
    this.defaultId = `usb:${hex4(options.vendorId)}:${hex4(options.productId)}`;
  }

  async preflight(): Promise<string | undefined> {
    try {
      this.host ??= (await import('usb')).usb as unknown as PrinterUsbHost;
      // Listing once first: where USB is missing, usb v3's listener registration rejects unhandled.
      await this.host.getDevices();
      return undefined;
    } catch (error) {
      return `USB is not available on this machine: ${errorMessage(error)}`;
    }
  }

  watch(onMaybeBack: () => void): () => void {
    const host = this.host;
    if (!host) return () => undefined;
    const onConnect = (event: PrinterUsbEvent) => {
      if (this.matches(event.device)) onMaybeBack();
    };
    const onDisconnect = (event: PrinterUsbEvent) => this.lose?.(event.device);
    host.addEventListener('connect', onConnect);
    host.addEventListener('disconnect', onDisconnect);
    return () => {
      host.removeEventListener('connect', onConnect);
      host.removeEventListener('disconnect', onDisconnect);
    };
  }

  async open(handlers: LinkHandlers): Promise<PrinterLink> {
    const host = this.host;
    if (!host) throw new Error('USB host missing');
    const device = (await host.getDevices()).find((d) => this.matches(d));
    if (!device) throw new Error(`no USB printer ${this.defaultId.slice(4)}${this.options.serialNumber ? ` with serial number ${this.options.serialNumber}` : ''} (is it plugged in and switched on?)`);
    const claimed = await claimPrinterInterface(device);
    let closed = false;
    this.lose = (gone) => {
      if (gone === device && !closed) handlers.onLost('printer unplugged');
    };
    if (claimed.endpointIn !== undefined) {
      const endpointIn = claimed.endpointIn;
      void (async () => {
        while (!closed) {
          try {
            const result = await device.transferIn(endpointIn, 64, READ_TIMEOUT_MS);
            if (!closed && result.status === 'ok' && result.data && result.data.byteLength > 0) {
              handlers.onData(new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength));
            }
          } catch (error) {
            if (closed) return;
            if (/time(d)? ?out/i.test(errorMessage(error))) continue;
            handlers.onLost(`read failed: ${errorMessage(error)}`);
            return;
          }
        }
      })();
    }
    return {
      device: describeDevice(device),
      async write(bytes) {
        const result = await device.transferOut(claimed.endpointOut, bytes, WRITE_TIMEOUT_MS);
        if (result.status !== 'ok' || result.bytesWritten !== bytes.byteLength) {
          throw new Error(`USB transfer ${result.status}: ${result.bytesWritten} of ${bytes.byteLength} bytes sent`);
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        try {
          await device.releaseInterface(claimed.interfaceNumber);
        } catch {
          // An unplugged device cannot release; nothing to undo.
        }
        await closeQuietly(device);
      },
    };
  }

  private matches(device: PrinterUsbDevice): boolean {
    const { vendorId, productId, serialNumber } = this.options;
    return device.vendorId === vendorId && device.productId === productId && (serialNumber === undefined || device.serialNumber === serialNumber);
  }
}

interface ClaimedPrinter {
  interfaceNumber: number;
  endpointOut: number;
  endpointIn?: number;
}

async function claimPrinterInterface(device: PrinterUsbDevice): Promise<ClaimedPrinter> {
  try {
    if (!device.opened) await device.open();
    if (!device.configuration) await device.selectConfiguration(1);
    const interfaces = device.configuration?.interfaces ?? [];
    const candidates = [...interfaces.filter((i) => i.alternate.interfaceClass === PRINTER_CLASS), ...interfaces.filter((i) => i.alternate.interfaceClass === VENDOR_CLASS)];
    for (const usbInterface of candidates) {
      const endpoints = usbInterface.alternate.endpoints.filter((e) => e.type === 'bulk');
      const out = endpoints.find((e) => e.direction === 'out');
      if (!out) continue;
      const inbound = endpoints.find((e) => e.direction === 'in');
      if (device.detachKernelDriver) {
        try {
          await device.detachKernelDriver(usbInterface.interfaceNumber);
        } catch {
          // Not attached (or not Linux): claiming reports any real problem.
        }
      }
      await device.claimInterface(usbInterface.interfaceNumber);
      return { interfaceNumber: usbInterface.interfaceNumber, endpointOut: out.endpointNumber, ...(inbound ? { endpointIn: inbound.endpointNumber } : {}) };
    }
    throw new Error('the device has no printer interface with a bulk OUT endpoint');
  } catch (error) {
    await closeQuietly(device);
    throw error;
  }
}

function describeDevice(device: PrinterUsbDevice): PrinterDeviceInfo {
  const name = [device.manufacturerName, device.productName].filter(Boolean).join(' ') || 'USB printer';
  return {
    description: `${name} (${hex4(device.vendorId)}:${hex4(device.productId)})`,
    vendorId: device.vendorId,
    productId: device.productId,
    ...(device.serialNumber ? { serialNumber: device.serialNumber } : {}),
  };
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

async function closeQuietly(device: PrinterUsbDevice): Promise<void> {
  if (!device.opened) return;
  try {
    await device.close();
  } catch {
    // Closing a vanished device fails; it is closed for us anyway.
  }
}
