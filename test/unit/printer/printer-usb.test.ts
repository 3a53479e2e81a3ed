/**
 * The USB printer link against a WebUSB-shaped fake: a printer-class interface (class 7,
 * bidirectional protocol 2) with bulk OUT endpoint 1 for the receipt and bulk IN endpoint 2 for
 * the DLE EOT replies, played by a FakeEscPosPrinter; hot-plug through the host's events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPrinter } from '../../../drivers/printer/uri';
import type { EscPosPrinterDriver } from '../../../drivers/printer/driver';
import { PrinterNotReadyError } from '../../../drivers/printer/types';
import type { PrinterUsbDevice, PrinterUsbEvent, PrinterUsbHost } from '../../../drivers/printer/usb';
import { FakeEscPosPrinter } from '../../helpers/fake-escpos-printer';
import { until } from '../../helpers/printer-fixtures';

class FakeUsbPrinter implements PrinterUsbDevice {
  readonly vendorId = 0x04b8;
  readonly productId = 0x0202;
  readonly productName = 'TM-T88V';
  readonly manufacturerName = 'EPSON';
  readonly serialNumber = 'X5TEST0001';
  opened = false;
  configuration: USBConfiguration | null = null;
  claimed: number[] = [];
  detached: number[] = [];
  unplugged = false;
  readonly printer: FakeEscPosPrinter;
  private replies: number[] = [];
  private readonly configurationDescriptor: USBConfiguration;

  constructor(interfaceClass = 7) {
    this.printer = new FakeEscPosPrinter((bytes) => this.replies.push(...bytes));
    const endpoints = [
      { endpointNumber: 1, direction: 'out', type: 'bulk', packetSize: 64 },
      { endpointNumber: 2, direction: 'in', type: 'bulk', packetSize: 64 },
    ] as USBEndpoint[];
    const alternate = { alternateSetting: 0, interfaceClass, interfaceSubclass: 1, interfaceProtocol: 2, interfaceName: null, endpoints } as USBAlternateInterface;
    this.configurationDescriptor = { configurationValue: 1, configurationName: null, interfaces: [{ interfaceNumber: 0, alternate, alternates: [alternate], claimed: false }] } as USBConfiguration;
  }

  async open(): Promise<void> {
    if (this.unplugged) throw new Error('LIBUSB_ERROR_NO_DEVICE');
    this.opened = true;
  }
  async close(): Promise<void> {
    this.opened = false;
  }
  async selectConfiguration(): Promise<void> {
    this.configuration = this.configurationDescriptor;
  }
  async claimInterface(n: number): Promise<void> {
    this.claimed.push(n);
  }
  async releaseInterface(n: number): Promise<void> {
    this.claimed = this.claimed.filter((c) => c !== n);
  }
  async detachKernelDriver(n: number): Promise<void> {
    this.detached.push(n);
  }
  async transferOut(endpointNumber: number, data: Uint8Array): Promise<USBOutTransferResult> {
    if (this.unplugged) throw new Error('LIBUSB_ERROR_NO_DEVICE');
    expect(endpointNumber).toBe(1);
    this.printer.feed(data);
    return { status: 'ok', bytesWritten: data.byteLength } as USBOutTransferResult;
  }
  async transferIn(endpointNumber: number, _length: number, timeout = 1000): Promise<USBInTransferResult> {
    expect(endpointNumber).toBe(2);
    for (let waited = 0; waited < timeout; waited += 5) {
      if (this.unplugged) throw new Error('LIBUSB_ERROR_NO_DEVICE');
      if (this.replies.length > 0) {
        const bytes = Uint8Array.from(this.replies.splice(0));
        return { status: 'ok', data: new DataView(bytes.buffer) } as USBInTransferResult;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('LIBUSB_TRANSFER_TIMED_OUT');
  }
}

class FakeUsbHost implements PrinterUsbHost {
  devices: PrinterUsbDevice[] = [];
  private listeners = { connect: new Set<(e: PrinterUsbEvent) => void>(), disconnect: new Set<(e: PrinterUsbEvent) => void>() };
  async getDevices(): Promise<PrinterUsbDevice[]> {
    return [...this.devices];
  }
  addEventListener(type: 'connect' | 'disconnect', listener: (e: PrinterUsbEvent) => void): void {
    this.listeners[type].add(listener);
  }
  removeEventListener(type: 'connect' | 'disconnect', listener: (e: PrinterUsbEvent) => void): void {
    this.listeners[type].delete(listener);
  }
  plug(device: FakeUsbPrinter): void {
    device.unplugged = false;
    this.devices.push(device);
    for (const listener of this.listeners.connect) listener({ device });
  }
  unplug(device: FakeUsbPrinter): void {
    device.unplugged = true;
    this.devices = this.devices.filter((d) => d !== device);
    for (const listener of this.listeners.disconnect) listener({ device });
  }
}

let printer: EscPosPrinterDriver | undefined;
afterEach(async () => {
  await printer?.stop();
  printer = undefined;
});

async function start(host: FakeUsbHost, uri = 'usb:04b8:0202'): Promise<EscPosPrinterDriver> {
  // Slow retries: a replug must be noticed through the host's connect event, not the backoff.
  printer = createPrinter(uri, { usb: host, reconnect: { initialMs: 60_000, maxMs: 60_000 }, replyTimeoutMs: 100 });
  await printer.start();
  return printer;
}

describe('USB printer class link', () => {
  it('claims the printer interface (usblp detached), prints on bulk OUT and reads DLE EOT replies on bulk IN', async () => {
    const host = new FakeUsbHost();
    const device = new FakeUsbPrinter();
    host.devices.push(device);
    const driver = await start(host);
    expect(driver.status).toMatchObject({ state: 'connected', device: { description: 'EPSON TM-T88V (04b8:0202)', serialNumber: 'X5TEST0001' }, condition: { kind: 'ready' } });
    expect(device.detached).toEqual([0]);
    expect(device.claimed).toEqual([0]);
    await driver.print(Uint8Array.of(0x41, 0x42, 0x1d, 0x56, 0), { kickDrawer: true });
    expect([...device.printer.received]).toEqual([0x41, 0x42, 0x1d, 0x56, 0, 0x1b, 0x70, 0, 25, 250]);
  });

  it('refuses to send while the printer reports paper out, and prints once paper is back', async () => {
    const host = new FakeUsbHost();
    const device = new FakeUsbPrinter();
    host.devices.push(device);
    const driver = await start(host);
    device.printer.condition = { kind: 'paper-out', coverOpen: false };
    await expect(driver.print(Uint8Array.of(0x41))).rejects.toBeInstanceOf(PrinterNotReadyError);
    expect(driver.status).toMatchObject({ state: 'connected', condition: { kind: 'paper-out' } });
    device.printer.condition = { kind: 'ready', paperNearEnd: true };
    await driver.print(Uint8Array.of(0x41));
    expect([...device.printer.received]).toEqual([0x41]);
  });

  it('takes Epson vendor-class interfaces, and filters by serial number', async () => {
    const host = new FakeUsbHost();
    const other = new FakeUsbPrinter(0xff);
    host.devices.push(other);
    await expect(start(host, 'usb:04b8:0202?serialNumber=OTHER')).resolves.toMatchObject({ status: { state: 'disconnected', reason: 'no USB printer 04b8:0202 with serial number OTHER (is it plugged in and switched on?)' } });
    await printer?.stop();
    const driver = await start(host, 'usb:04b8:0202?serialNumber=X5TEST0001');
    expect(driver.status.state).toBe('connected');
  });

  it('notices an unplug and reconnects on the replug event', async () => {
    const host = new FakeUsbHost();
    const device = new FakeUsbPrinter();
    host.devices.push(device);
    const driver = await start(host);
    host.unplug(device);
    await until(() => driver.status.state === 'disconnected', 'disconnected');
    expect(device.opened).toBe(false);
    host.plug(device);
    await until(() => driver.status.state === 'connected', 'reconnected by the connect event');
    await driver.print(Uint8Array.of(0x42));
    expect([...device.printer.received]).toEqual([0x42]);
  });

  it('is a permanent error, not a crash, where USB is missing', async () => {
    const host = new FakeUsbHost();
    host.getDevices = () => Promise.reject(new Error('LIBUSB_ERROR_OTHER'));
    const driver = await start(host);
    expect(driver.status).toEqual({ state: 'error', message: 'USB is not available on this machine: LIBUSB_ERROR_OTHER' });
  });
});
