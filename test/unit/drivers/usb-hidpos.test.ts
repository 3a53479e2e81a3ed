/**
 * USB HID POS driver against a WebUSB-shaped fake device. Byte layouts: USB HID Point of Sale Usage
 * Tables v1.02 (usage page 0x8C, Decoded Data 0xFE) and the 64-byte report in REFERENCE.md; the
 * multi-report capture is a real Honeywell reply published in HenkVanAsselt/python_hon_usbhid.
 */
import { describe, expect, it } from 'vitest';
import { UsbHidPosScannerDriver } from '../../../drivers/usb-hidpos/driver';
import type { HidPosUsbDevice, UsbConnectionEventLike, UsbHost } from '../../../drivers/usb-hidpos/driver';
import { buildHidPosReports, HidPosReportAssembler, reportDescriptorUsagePages } from '../../../drivers/usb-hidpos/report';
import { usbHidPosOptionsSchema } from '../../../drivers/usb-hidpos/config';
import type { RawScan, ScannerWarning } from '../../../drivers/types';

/** Honeywell Voyager 1602g REVINF reply: 6 reports of report id 2, AIM ]X0, byte 63 = 1 on all but the last. */
const HONEYWELL_REVINF: number[][] = [
  [2, 56, 93, 88, 48, 80, 114, 111, 100, 117, 99, 116, 32, 78, 97, 109, 101, 58, 32, 86, 111, 121, 97, 103, 101, 114, 32, 49, 54, 48, 50, 103, 13, 10, 66, 111, 111, 116, 32, 82, 101, 118, 105, 115, 105, 111, 110, 58, 32, 58, 32, 56, 57, 57, 50, 13, 10, 83, 111, 102, 116, 63, 0, 1],
  [2, 56, 93, 88, 48, 119, 97, 114, 101, 32, 80, 97, 114, 116, 32, 78, 117, 109, 98, 101, 114, 58, 32, 67, 87, 48, 48, 48, 48, 56, 50, 66, 66, 65, 13, 10, 83, 111, 102, 116, 119, 97, 114, 101, 32, 82, 101, 118, 105, 115, 105, 111, 110, 58, 32, 36, 80, 114, 111, 106, 101, 63, 0, 1],
  [2, 56, 93, 88, 48, 99, 116, 82, 101, 118, 105, 115, 105, 111, 110, 58, 32, 49, 54, 51, 52, 53, 32, 13, 10, 83, 101, 114, 105, 97, 108, 32, 78, 117, 109, 98, 101, 114, 58, 32, 49, 53, 50, 51, 50, 66, 49, 70, 48, 67, 13, 10, 83, 117, 112, 112, 111, 114, 116, 101, 100, 63, 0, 1],
  [2, 56, 93, 88, 48, 32, 73, 70, 58, 32, 66, 108, 117, 101, 116, 111, 111, 116, 104, 13, 10, 80, 67, 66, 32, 65, 115, 115, 101, 109, 98, 108, 121, 32, 73, 68, 58, 32, 48, 48, 48, 48, 48, 48, 13, 10, 69, 110, 103, 105, 110, 101, 32, 70, 105, 114, 109, 119, 97, 114, 101, 63, 0, 1],
  [2, 56, 93, 88, 48, 32, 84, 121, 112, 101, 58, 32, 78, 47, 65, 32, 32, 32, 82, 101, 118, 105, 115, 105, 111, 110, 58, 32, 78, 47, 65, 32, 32, 32, 83, 101, 114, 105, 97, 108, 32, 78, 117, 109, 98, 101, 114, 58, 32, 78, 47, 65, 32, 32, 32, 67, 104, 101, 99, 107, 115, 63, 0, 1],
  [2, 9, 93, 88, 48, 117, 109, 58, 32, 78, 47, 65, 13, 10, ...new Array<number>(47).fill(0), 63, 0, 0],
];
/** The same capture's final report: AIM ]Z6, 8 data bytes "REVINF" + ACK + ".". */
const HONEYWELL_ACK = [2, 8, 93, 90, 54, 82, 69, 86, 73, 78, 70, 6, 46, ...new Array<number>(48).fill(0), 54, 0, 0];

/** Report descriptor of a HID POS scanner: Usage Page (Bar Code Scanner 0x8C), Usage (Bar Code Scanner 2), Collection ... */
const HIDPOS_DESCRIPTOR = [0x05, 0x8c, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x02, 0x09, 0xfe, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95, 0x3f, 0x82, 0x02, 0x01, 0xc0];
/** A plain keyboard's descriptor: Usage Page (Generic Desktop), Usage (Keyboard), ... Usage Page (Keyboard 0x07). */
const KEYBOARD_DESCRIPTOR = [0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x81, 0x02, 0xc0];

describe('HID POS reports', () => {
  it('reassembles the Honeywell multi-report capture', () => {
    const assembler = new HidPosReportAssembler();
    const results = HONEYWELL_REVINF.map((report, i) => assembler.push(Uint8Array.from(report), i));
    expect(results.slice(0, 5).every((r) => r.kind === 'partial')).toBe(true);
    const last = results[5];
    expect(last?.kind).toBe('scan');
    if (last?.kind !== 'scan') return;
    const text = new TextDecoder().decode(last.bytes);
    expect(last.symbology).toBe(']X0');
    expect(last.totalLength).toBe(5 * 56 + 9);
    expect(text.startsWith('Product Name: Voyager 1602g\r\nBoot Revision: : 8992\r\nSoftware Part Number: CW000082BBA')).toBe(true);
    expect(text.endsWith('Checksum: N/A\r\n')).toBe(true);
    const ack = assembler.push(Uint8Array.from(HONEYWELL_ACK), 7);
    expect(ack).toMatchObject({ kind: 'scan', symbology: ']Z6' });
    if (ack.kind === 'scan') expect(String.fromCharCode(...ack.bytes)).toBe('REVINF\u0006.');
  });

  it('ignores other report ids and rejects impossible lengths', () => {
    const assembler = new HidPosReportAssembler();
    expect(assembler.push(Uint8Array.from([1, 0, 0, 0, 0, 0]), 0)).toMatchObject({ kind: 'ignored' });
    expect(assembler.push(Uint8Array.from([2, 57, ...new Array<number>(62).fill(0x41)]), 0)).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('57 data bytes') });
    expect(assembler.push(Uint8Array.from([2]), 0)).toMatchObject({ kind: 'ignored' });
  });

  it('bounds long continuations: maxLength kept, the rest counted', () => {
    const assembler = new HidPosReportAssembler(128);
    const reports = buildHidPosReports(new Uint8Array(10_240).fill(0x31));
    const results = reports.map((r, i) => assembler.push(r, i));
    expect(assembler.bufferedBytes).toBe(0);
    expect(results.at(-1)).toMatchObject({ kind: 'scan', totalLength: 10_240, truncated: true });
  });

  it('finds usage page 0x8C in a report descriptor', () => {
    expect(reportDescriptorUsagePages(Uint8Array.from(HIDPOS_DESCRIPTOR)).has(0x8c)).toBe(true);
    expect(reportDescriptorUsagePages(Uint8Array.from(KEYBOARD_DESCRIPTOR))).toEqual(new Set([0x01, 0x07]));
    expect(reportDescriptorUsagePages(Uint8Array.from([0x06, 0x8c, 0x00, 0xfe, 0x02, 0x00, 0x05, 0x8c, 0x00]))).toEqual(new Set([0x8c]));
  });
});

/** A WebUSB-shaped fake: one configuration, one HID interface, interrupt IN endpoint 1; reports queued by the test. */
class FakeHidDevice {
  opened = false;
  claimed = new Set<number>();
  detached: number[] = [];
  unplugged = false;
  private queue: Uint8Array[] = [];
  private waiter: (() => void) | undefined;
  readonly configuration: USBConfiguration;

  constructor(
    readonly vendorId: number,
    readonly productId: number,
    private readonly descriptor: number[],
    interfaceSubclass = 0,
  ) {
    const endpoint = { endpointNumber: 1, direction: 'in', type: 'interrupt', packetSize: 64 } as USBEndpoint;
    const alternate = { alternateSetting: 0, interfaceClass: 3, interfaceSubclass, interfaceProtocol: 0, interfaceName: null, endpoints: [endpoint] } as USBAlternateInterface;
    this.configuration = { configurationValue: 1, configurationName: null, interfaces: [{ interfaceNumber: 0, alternate, alternates: [alternate], claimed: false }] } as USBConfiguration;
  }
  readonly productName = 'Fake Scanner';
  readonly manufacturerName = 'Test';
  readonly serialNumber = 'SN1';
  async open() {
    if (this.unplugged) throw new Error('LIBUSB_ERROR_NO_DEVICE');
    this.opened = true;
  }
  async close() {
    this.opened = false;
    this.waiter?.();
  }
  async selectConfiguration() {}
  async claimInterface(n: number) {
    this.claimed.add(n);
  }
  async releaseInterface(n: number) {
    this.claimed.delete(n);
  }
  async detachKernelDriver(n: number) {
    this.detached.push(n);
  }
  async clearHalt() {}
  async controlTransferIn(setup: USBControlTransferParameters): Promise<USBInTransferResult> {
    expect(setup).toMatchObject({ requestType: 'standard', recipient: 'interface', request: 6, value: 0x2200 });
    return { status: 'ok', data: new DataView(Uint8Array.from(this.descriptor).buffer) };
  }
  async transferIn(endpointNumber: number): Promise<USBInTransferResult> {
    expect(endpointNumber).toBe(1);
    for (;;) {
      if (this.unplugged || !this.opened) throw new Error('LIBUSB_ERROR_NO_DEVICE');
      const next = this.queue.shift();
      if (next) return { status: 'ok', data: new DataView(next.buffer, next.byteOffset, next.byteLength) };
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
    }
  }
  send(...reports: Uint8Array[]) {
    this.queue.push(...reports);
    this.waiter?.();
  }
  unplug() {
    this.unplugged = true;
    this.waiter?.();
  }
}

class FakeUsb implements UsbHost {
  devices: FakeHidDevice[] = [];
  private listeners = { connect: new Set<(e: UsbConnectionEventLike) => void>(), disconnect: new Set<(e: UsbConnectionEventLike) => void>() };
  async getDevices() {
    return this.devices.filter((d) => !d.unplugged) as unknown as HidPosUsbDevice[];
  }
  addEventListener(type: 'connect' | 'disconnect', listener: (e: UsbConnectionEventLike) => void) {
    this.listeners[type].add(listener);
  }
  removeEventListener(type: 'connect' | 'disconnect', listener: (e: UsbConnectionEventLike) => void) {
    this.listeners[type].delete(listener);
  }
  plug(device: FakeHidDevice) {
    this.devices.push(device);
    for (const l of this.listeners.connect) l({ device: device as unknown as HidPosUsbDevice });
  }
  unplug(device: FakeHidDevice) {
    device.unplug();
    this.devices = this.devices.filter((d) => d !== device);
    for (const l of this.listeners.disconnect) l({ device: device as unknown as HidPosUsbDevice });
  }
  get listenerCount() {
    return this.listeners.connect.size + this.listeners.disconnect.size;
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function makeDriver(usb: FakeUsb, query: Record<string, string> = {}) {
  const driver = new UsbHidPosScannerDriver(usbHidPosOptionsSchema.parse(query), { usb, reconnect: { initialMs: 5, maxMs: 20 } });
  const scans: RawScan[] = [];
  const warnings: ScannerWarning[] = [];
  driver.on('scan', (s) => scans.push(s));
  driver.on('warning', (w) => warnings.push(w));
  return { driver, scans, warnings };
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('USB HID POS driver', () => {
  it('finds the scanner by usage page 0x8C, skipping a keyboard, and reads scans with their AIM id', async () => {
    const usb = new FakeUsb();
    const keyboard = new FakeHidDevice(0x1234, 0x0001, KEYBOARD_DESCRIPTOR);
    const scanner = new FakeHidDevice(0x0c2e, 0x0b81, HIDPOS_DESCRIPTOR);
    usb.devices.push(keyboard, scanner);
    const { driver, scans } = makeDriver(usb);
    await driver.start();
    expect(driver.status).toMatchObject({ state: 'connected', device: { description: 'Test Fake Scanner (0c2e:0b81)', vendorId: 0x0c2e, serialNumber: 'SN1' } });
    expect(keyboard.claimed.size).toBe(0);
    expect(keyboard.opened).toBe(false);
    expect(scanner.detached).toEqual([0]);
    scanner.send(...buildHidPosReports(ascii('A00123456782A'), ']F0'));
    scanner.send(...buildHidPosReports(ascii(`Lot-${'9'.repeat(120)}`), ']C0'));
    await until(() => scans.length === 2, 'two scans');
    await driver.stop();
    expect(scans[0]).toMatchObject({ sourceId: 'usb:hidpos', data: 'A00123456782A', symbology: ']F0' });
    expect(scans[1]).toMatchObject({ data: `Lot-${'9'.repeat(120)}`, symbology: ']C0' });
    expect(scanner.claimed.size).toBe(0);
    expect(scanner.opened).toBe(false);
    expect(usb.listenerCount).toBe(0);
  });

  it('replays the Honeywell capture through the driver as one scan', async () => {
    const usb = new FakeUsb();
    const scanner = new FakeHidDevice(0x0c2e, 0x0b81, HIDPOS_DESCRIPTOR);
    usb.devices.push(scanner);
    const { driver, scans } = makeDriver(usb, { vendorId: '0x0c2e' });
    await driver.start();
    scanner.send(...HONEYWELL_REVINF.map((r) => Uint8Array.from(r)));
    await until(() => scans.length === 1, 'capture scan');
    await driver.stop();
    expect(scans[0]?.symbology).toBe(']X0');
    expect(scans[0]?.data).toContain('Serial Number: 15232B1F0C');
  });

  it('waits for the scanner, then follows unplug and replug', async () => {
    const usb = new FakeUsb();
    const { driver, scans } = makeDriver(usb, { vendorId: '0x0c2e', productId: '0x0b81' });
    await driver.start();
    expect(driver.status).toMatchObject({ state: 'disconnected', reason: 'no USB device 0c2e:0b81' });
    const first = new FakeHidDevice(0x0c2e, 0x0b81, HIDPOS_DESCRIPTOR);
    usb.plug(first);
    await until(() => driver.status.state === 'connected', 'connected after plug');
    usb.unplug(first);
    await until(() => driver.status.state === 'disconnected', 'disconnected after unplug');
    const second = new FakeHidDevice(0x0c2e, 0x0b81, HIDPOS_DESCRIPTOR);
    usb.plug(second);
    await until(() => driver.status.state === 'connected', 'connected after replug');
    second.send(...buildHidPosReports(ascii('CM00123456784'), ']C0'));
    await until(() => scans.length === 1, 'scan after replug');
    await driver.stop();
    expect(scans[0]?.data).toBe('CM00123456784');
  });

  it('warns about reports that are not decoded data and keeps reading', async () => {
    const usb = new FakeUsb();
    const scanner = new FakeHidDevice(0x1eab, 0x1310, HIDPOS_DESCRIPTOR);
    usb.devices.push(scanner);
    const { driver, scans, warnings } = makeDriver(usb);
    await driver.start();
    scanner.send(Uint8Array.from([4, 1, 2, 3, 4, 5, 6]), ...buildHidPosReports(ascii('4901234567894'), ']E0'));
    await until(() => scans.length === 1, 'scan after a foreign report');
    await driver.stop();
    expect(warnings[0]?.message).toBe('report id 4 is not decoded data');
    expect(scans[0]).toMatchObject({ data: '4901234567894', symbology: ']E0' });
  });

  it('ignores HID devices without the POS usage page unless a profile vouches for them', async () => {
    const usb = new FakeUsb();
    usb.devices.push(new FakeHidDevice(0x1234, 0x0002, KEYBOARD_DESCRIPTOR));
    const { driver } = makeDriver(usb);
    await driver.start();
    expect(driver.status).toMatchObject({ state: 'disconnected', reason: expect.stringContaining('no HID POS scanner found') });
    await driver.stop();
  });
});
