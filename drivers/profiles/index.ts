/**
 * Device profiles for common scanners. USB ids are from the usb.ids database (linux-usb.org,
 * version 2025.07.26, Debian package `usb.ids`); `verified: false` marks ids that database does not
 * list for that product and mode — examples to be checked with `lsusb` on the real device.
 *
 * `mode` is the USB personality the ids belong to: most scanners change their product id with the
 * interface mode (keyboard wedge, USB-CDC serial, HID POS), configured by scanning a setup barcode.
 */

export type ScannerMode = 'hidpos' | 'cdc-serial' | 'keyboard';

export interface ScannerProfile {
  id: string;
  vendor: string;
  product: string;
  vendorId: number;
  /** Absent: any product of the vendor in this mode (matched by the HID POS usage page). */
  productId?: number;
  mode: ScannerMode;
  /** Whether usb.ids lists this vendor/product for this mode. */
  verified: boolean;
  /** Suggested source URI. */
  uri: string;
  notes?: string;
}

export const SCANNER_PROFILES: readonly ScannerProfile[] = [
  // Honeywell scanners enumerate under the Metrologic vendor id 0c2e.
  { id: 'honeywell-voyager-1400g', vendor: 'Honeywell', product: 'Voyager 1400g', vendorId: 0x0c2e, productId: 0x0b81, mode: 'hidpos', verified: false, uri: 'usb:hidpos?vendorId=0x0c2e&productId=0x0b81', notes: 'usb.ids lists 0b81 as "Voyager 1400g Series" without the interface mode; Honeywell ships HID POS as a separate product id per model.' },
  { id: 'honeywell-hidpos', vendor: 'Honeywell', product: 'any scanner in USB HID POS mode', vendorId: 0x0c2e, mode: 'hidpos', verified: true, uri: 'usb:hidpos?vendorId=0x0c2e' },
  { id: 'metrologic-ms7120-serial', vendor: 'Honeywell (Metrologic)', product: 'MS7120 Orbit (serial mode)', vendorId: 0x0c2e, productId: 0x0700, mode: 'cdc-serial', verified: true, uri: 'serial:/dev/ttyACM0?terminator=CR' },
  { id: 'metrologic-ms7120-keyboard', vendor: 'Honeywell (Metrologic)', product: 'MS7120 Orbit (keyboard mode)', vendorId: 0x0c2e, productId: 0x0204, mode: 'keyboard', verified: true, uri: 'wedge' },
  { id: 'zebra-cdc', vendor: 'Zebra (Symbol)', product: 'Bar Code Scanner (CDC)', vendorId: 0x05e0, productId: 0x1701, mode: 'cdc-serial', verified: true, uri: 'serial:/dev/ttyACM0?terminator=CR' },
  { id: 'zebra-keyboard', vendor: 'Zebra (Symbol)', product: 'Bar Code Scanner (HID keyboard)', vendorId: 0x05e0, productId: 0x1200, mode: 'keyboard', verified: true, uri: 'wedge' },
  { id: 'zebra-hidpos', vendor: 'Zebra (Symbol)', product: 'any scanner in HID POS mode', vendorId: 0x05e0, mode: 'hidpos', verified: false, uri: 'usb:hidpos?vendorId=0x05e0' },
  { id: 'datalogic-gryphon-rs232', vendor: 'Datalogic', product: 'Gryphon (USB-COM / RS-232 emulation)', vendorId: 0x05f9, productId: 0x4204, mode: 'cdc-serial', verified: true, uri: 'serial:/dev/ttyACM0?terminator=CR' },
  { id: 'datalogic-gryphon-keyboard', vendor: 'Datalogic', product: 'Gryphon (keyboard emulation)', vendorId: 0x05f9, productId: 0x2206, mode: 'keyboard', verified: true, uri: 'wedge' },
  { id: 'datalogic-pos-handheld', vendor: 'Datalogic', product: 'Point of Sale Handheld Scanner', vendorId: 0x05f9, productId: 0x2202, mode: 'hidpos', verified: false, uri: 'usb:hidpos?vendorId=0x05f9&productId=0x2202', notes: 'usb.ids names it a POS handheld; whether it is HID POS or IBM OEM is not stated.' },
  { id: 'newland-hr200-hidpos', vendor: 'Newland', product: 'HR200 engine (HID POS)', vendorId: 0x1eab, productId: 0x0110, mode: 'hidpos', verified: true, uri: 'usb:hidpos?vendorId=0x1eab&productId=0x0110' },
  { id: 'newland-em30xx-hidpos', vendor: 'Newland', product: 'EM30xx / HR3260 corded (HID POS)', vendorId: 0x1eab, productId: 0x1310, mode: 'hidpos', verified: true, uri: 'usb:hidpos?vendorId=0x1eab&productId=0x1310' },
  { id: 'newland-em30xx-cdc', vendor: 'Newland', product: 'EM30xx / HR3260 corded (USB serial CDC)', vendorId: 0x1eab, productId: 0x1306, mode: 'cdc-serial', verified: true, uri: 'serial:/dev/ttyACM0?terminator=CR' },
  { id: 'opticon-nlv1001-serial', vendor: 'Opticon (Japan)', product: 'NLV-1001 (serial mode)', vendorId: 0x065a, productId: 0x0009, mode: 'cdc-serial', verified: true, uri: 'serial:/dev/ttyACM0?terminator=CR' },
  { id: 'opticon-keyboard', vendor: 'Opticon (Japan)', product: 'OPR-2001 / NLV-1001 (keyboard mode)', vendorId: 0x065a, productId: 0x0001, mode: 'keyboard', verified: true, uri: 'wedge' },
  { id: 'denso-wave-hidpos', vendor: 'Denso Wave (Japan)', product: 'any scanner in HID POS mode', vendorId: 0x076d, mode: 'hidpos', verified: false, uri: 'usb:hidpos?vendorId=0x076d', notes: 'usb.ids lists 076d as "Denso Corp." with no products; Denso Wave scanners are expected there — check with lsusb.' },
];

export function findProfile(id: string): ScannerProfile | undefined {
  return SCANNER_PROFILES.find((profile) => profile.id === id);
}

/** HID POS profiles matching a device, most specific (with product id) first. */
export function hidPosProfilesFor(vendorId: number, productId: number): ScannerProfile[] {
  return SCANNER_PROFILES.filter((p) => p.mode === 'hidpos' && p.vendorId === vendorId && (p.productId === undefined || p.productId === productId)).sort(
    (a, b) => Number(b.productId !== undefined) - Number(a.productId !== undefined),
  );
}
