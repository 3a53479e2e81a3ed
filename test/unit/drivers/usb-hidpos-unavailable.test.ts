import { describe, expect, it } from 'vitest';
import { UsbHidPosScannerDriver } from '../../../drivers/usb-hidpos/driver';
import type { HidPosUsbDevice, UsbHost } from '../../../drivers/usb-hidpos/driver';
import { usbHidPosOptionsSchema } from '../../../drivers/usb-hidpos/config';
import type { ScannerStatus } from '../../../drivers/types';

/** A machine without USB (a container without /sys/bus/usb): usb v3's getDevices rejects. */
class MissingUsb implements UsbHost {
  listeners = 0;
  async getDevices(): Promise<HidPosUsbDevice[]> {
    throw new Error('getDevices error: /sys/bus/usb/devices/ not found (errno 2)');
  }
  addEventListener(): void {
    this.listeners++;
  }
  removeEventListener(): void {
    this.listeners--;
  }
}

describe('USB HID POS driver without USB on the machine', () => {
  it('reports a permanent error and registers no hot-plug listeners (their background rejection would crash the kiosk)', async () => {
    const usb = new MissingUsb();
    const driver = new UsbHidPosScannerDriver(usbHidPosOptionsSchema.parse({}), { usb });
    const statuses: ScannerStatus[] = [];
    driver.on('status', (status) => statuses.push(status));
    await driver.start();
    expect(driver.status).toEqual({ state: 'error', message: 'USB is not available on this machine: getDevices error: /sys/bus/usb/devices/ not found (errno 2)' });
    expect(statuses.map((s) => s.state)).toEqual(['error']);
    expect(usb.listeners).toBe(0);
    await driver.stop();
    expect(driver.status.state).toBe('stopped');
  });
});
