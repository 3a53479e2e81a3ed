/**
 * USB HID POS scanner driver on `usb` v3 (WebUSB API). It finds the scanner's HID interface that
 * declares usage page 0x8C (or one a profile vouches for), detaches the kernel's usbhid driver on
 * Linux, claims it and reads input reports from the interrupt IN endpoint in a loop.
 * Hot-plug: the WebUSB `connect`/`disconnect` events trigger an immediate retry / a clean release;
 * missed events are covered by the capped-backoff retry of DriverBase.
 */
import { DriverBase, errorMessage } from '../base';
import type { BackoffOptions } from '../backoff';
import { hidPosProfilesFor } from '../profiles';
import type { Clock, ScannerDeviceInfo } from '../types';
import type { UsbHidPosOptions } from './config';
import { HIDPOS_REPORT_SIZE, HIDPOS_USAGE_PAGE, HidPosReportAssembler, reportDescriptorUsagePages } from './report';

/** The part of a WebUSB `USBDevice` the driver uses (plus usb v3's Linux-only kernel-driver detach). */
export type HidPosUsbDevice = Pick<
  USBDevice,
  'vendorId' | 'productId' | 'productName' | 'manufacturerName' | 'serialNumber' | 'opened' | 'configuration' | 'open' | 'close' | 'selectConfiguration' | 'claimInterface' | 'releaseInterface' | 'controlTransferIn' | 'clearHalt'
> & {
  transferIn(endpointNumber: number, length: number, timeout?: number): Promise<USBInTransferResult>;
  detachKernelDriver?(interfaceNumber: number): Promise<void>;
};

export interface UsbConnectionEventLike {
  device: HidPosUsbDevice;
}

/** The part of a WebUSB `USB` object the driver uses (usb v3's `usb` export fits). */
export interface UsbHost {
  getDevices(): Promise<HidPosUsbDevice[]>;
  addEventListener(type: 'connect' | 'disconnect', listener: (event: UsbConnectionEventLike) => void): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: (event: UsbConnectionEventLike) => void): void;
}

export interface UsbHidPosDriverDeps {
  /** Defaults to `usb`'s WebUSB object, loaded on start. */
  usb?: UsbHost;
  now?: Clock;
  reconnect?: BackoffOptions;
}

const HID_CLASS = 3;
const GET_DESCRIPTOR = 0x06;
const REPORT_DESCRIPTOR = 0x22;
/** usb v3 transfers time out (default 1 s); a timeout only means "no scan yet". */
const READ_TIMEOUT_MS = 1000;
/** Consecutive failed reads (stalls, babble) before the device is treated as gone. */
const MAX_CONSECUTIVE_READ_FAILURES = 10;
const TRUNCATED_HEAD = 64;

interface ClaimedScanner {
  device: HidPosUsbDevice;
  interfaceNumber: number;
  endpointNumber: number;
  packetSize: number;
}

export class UsbHidPosScannerDriver extends DriverBase {
  readonly kind = 'usb-hidpos' as const;
  private host: UsbHost | undefined;
  private claimed: ClaimedScanner | undefined;
  private readonly assembler: HidPosReportAssembler;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  private readonly onConnect = (event: UsbConnectionEventLike): void => {
    if (this.matchesFilter(event.device)) this.retryNow();
  };

  private readonly onDisconnect = (event: UsbConnectionEventLike): void => {
    if (this.claimed?.device === event.device) void this.lost('device unplugged');
  };

  constructor(
    readonly options: UsbHidPosOptions,
    deps: UsbHidPosDriverDeps = {},
  ) {
    super({ sourceId: options.id ?? defaultSourceId(options), now: deps.now, reconnect: deps.reconnect });
    this.host = deps.usb;
    this.assembler = new HidPosReportAssembler(options.maxLength);
  }

  get bufferedBytes(): number {
    return this.assembler.bufferedBytes;
  }

  override async start(): Promise<void> {
    if (!this.host) {
      try {
        this.host = (await import('usb')).usb as unknown as UsbHost;
      } catch (error) {
        this.running = true;
        this.fail(`USB support is not available: ${errorMessage(error)}`);
        return;
      }
    }
    // Ask for the device list once before registering hot-plug listeners: where USB is missing
    // (a container without /sys/bus/usb), usb v3's listener registration rejects in the background
    // and that unhandled rejection would take the whole kiosk down.
    try {
      await this.host.getDevices();
    } catch (error) {
      this.running = true;
      this.fail(`USB is not available on this machine: ${errorMessage(error)}`);
      return;
    }
    this.host.addEventListener('connect', this.onConnect);
    this.host.addEventListener('disconnect', this.onDisconnect);
    await super.start();
  }

  override async stop(): Promise<void> {
    this.host?.removeEventListener('connect', this.onConnect);
    this.host?.removeEventListener('disconnect', this.onDisconnect);
    await super.stop();
  }

  protected async connect(): Promise<ScannerDeviceInfo> {
    const host = this.host;
    if (!host) throw new Error('USB host missing');
    const devices = (await host.getDevices()).filter((device) => this.matchesFilter(device));
    if (devices.length === 0) throw new Error(this.options.vendorId === undefined ? 'no USB device found' : `no USB device ${describeIds(this.options.vendorId, this.options.productId)}`);
    const problems: string[] = [];
    for (const device of devices) {
      try {
        const claimed = await this.claim(device);
        if (!claimed) continue;
        this.claimed = claimed;
        this.assembler.reset();
        void this.readLoop(claimed);
        return describeDevice(device);
      } catch (error) {
        problems.push(`${describeIds(device.vendorId, device.productId)}: ${errorMessage(error)}`);
        await closeQuietly(device);
      }
    }
    throw new Error(problems.length > 0 ? problems.join('; ') : 'no HID POS scanner found (no interface with usage page 0x8C)');
  }

  protected async disconnect(): Promise<void> {
    const claimed = this.claimed;
    this.claimed = undefined;
    this.assembler.reset();
    if (!claimed) return;
    try {
      await claimed.device.releaseInterface(claimed.interfaceNumber);
    } catch {
      // Unplugged devices cannot release; nothing to undo.
    }
    await closeQuietly(claimed.device);
  }

  private matchesFilter(device: HidPosUsbDevice): boolean {
    const { vendorId, productId, serialNumber } = this.options;
    if (vendorId !== undefined && device.vendorId !== vendorId) return false;
    if (productId !== undefined && device.productId !== productId) return false;
    if (serialNumber !== undefined && device.serialNumber !== serialNumber) return false;
    return true;
  }

  /** Opens `device` and claims its HID POS interface; undefined (device closed again) when it has none. */
  private async claim(device: HidPosUsbDevice): Promise<ClaimedScanner | undefined> {
    if (!device.opened) await device.open();
    if (!device.configuration) await device.selectConfiguration(1);
    const configuration = device.configuration;
    if (!configuration) throw new Error('device has no configuration');
    const vouchedByProfile = this.options.vendorId !== undefined || hidPosProfilesFor(device.vendorId, device.productId).length > 0;
    for (const usbInterface of configuration.interfaces) {
      const alternate = usbInterface.alternate;
      if (alternate.interfaceClass !== HID_CLASS) continue;
      // Boot keyboards/mice (subclass 1) are never POS scanners; leave them to the OS.
      if (alternate.interfaceSubclass === 1) continue;
      const endpoint = alternate.endpoints.find((e) => e.direction === 'in' && e.type === 'interrupt');
      if (!endpoint) continue;
      const pages = await this.usagePages(device, usbInterface.interfaceNumber);
      if (pages ? !pages.has(HIDPOS_USAGE_PAGE) : !vouchedByProfile) continue;
      if (device.detachKernelDriver) {
        try {
          await device.detachKernelDriver(usbInterface.interfaceNumber);
        } catch {
          // Not attached (or not Linux): claiming below reports any real problem.
        }
      }
      await device.claimInterface(usbInterface.interfaceNumber);
      return { device, interfaceNumber: usbInterface.interfaceNumber, endpointNumber: endpoint.endpointNumber, packetSize: Math.max(HIDPOS_REPORT_SIZE, endpoint.packetSize) };
    }
    await closeQuietly(device);
    return undefined;
  }

  /** Usage pages of an interface's HID report descriptor, or undefined when it cannot be read. */
  private async usagePages(device: HidPosUsbDevice, interfaceNumber: number): Promise<Set<number> | undefined> {
    try {
      const result = await device.controlTransferIn(
        { requestType: 'standard', recipient: 'interface', request: GET_DESCRIPTOR, value: REPORT_DESCRIPTOR << 8, index: interfaceNumber },
        4096,
      );
      if (result.status !== 'ok' || !result.data) return undefined;
      return reportDescriptorUsagePages(new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength));
    } catch {
      return undefined;
    }
  }

  private async readLoop(claimed: ClaimedScanner): Promise<void> {
    let failures = 0;
    while (this.claimed === claimed && this.running) {
      let result: USBInTransferResult;
      try {
        result = await claimed.device.transferIn(claimed.endpointNumber, claimed.packetSize, READ_TIMEOUT_MS);
      } catch (error) {
        if (this.claimed !== claimed || !this.running) return;
        if (/time(d)? ?out/i.test(errorMessage(error))) continue;
        await this.lost(`read failed: ${errorMessage(error)}`);
        return;
      }
      if (this.claimed !== claimed) return;
      if (result.status !== 'ok' || !result.data) {
        failures++;
        if (failures >= MAX_CONSECUTIVE_READ_FAILURES) {
          await this.lost(`endpoint keeps failing (${result.status})`);
          return;
        }
        if (result.status === 'stall') {
          try {
            await claimed.device.clearHalt('in', claimed.endpointNumber);
          } catch {
            // A halt that cannot be cleared shows up as the next failure.
          }
        }
        continue;
      }
      failures = 0;
      this.handleReport(new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength));
    }
  }

  private handleReport(report: Uint8Array): void {
    const at = this.now();
    const outcome = this.assembler.push(report, at);
    if (outcome.kind === 'ignored') {
      this.warn(outcome.reason);
      return;
    }
    if (outcome.kind === 'partial') return;
    const text = this.decoder.decode(outcome.bytes);
    if (outcome.truncated) {
      this.warn(`scan of ${outcome.totalLength} bytes exceeds maxLength ${this.options.maxLength}; discarded`);
      this.emitScan({ data: text.slice(0, TRUNCATED_HEAD), receivedAt: at, terminatorAt: at, truncated: { totalLength: outcome.totalLength }, ...(outcome.symbology ? { symbology: outcome.symbology } : {}) });
      return;
    }
    if (text.length === 0) return;
    // HID POS has no terminator byte: the last report of a scan plays that role.
    this.emitScan({ data: text, ...(outcome.symbology ? { symbology: outcome.symbology } : {}), receivedAt: at, terminatorAt: at });
  }
}

function defaultSourceId(options: UsbHidPosOptions): string {
  if (options.vendorId === undefined) return 'usb:hidpos';
  return `usb:hidpos:${describeIds(options.vendorId, options.productId)}`;
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

function describeIds(vendorId: number, productId: number | undefined): string {
  return productId === undefined ? hex4(vendorId) : `${hex4(vendorId)}:${hex4(productId)}`;
}

function describeDevice(device: HidPosUsbDevice): ScannerDeviceInfo {
  const name = [device.manufacturerName, device.productName].filter(Boolean).join(' ') || 'HID POS scanner';
  return {
    description: `${name} (${describeIds(device.vendorId, device.productId)})`,
    vendorId: device.vendorId,
    productId: device.productId,
    ...(device.serialNumber ? { serialNumber: device.serialNumber } : {}),
  };
}

async function closeQuietly(device: HidPosUsbDevice): Promise<void> {
  if (!device.opened) return;
  try {
    await device.close();
  } catch {
    // Closing a vanished device fails; it is closed for us anyway.
  }
}
