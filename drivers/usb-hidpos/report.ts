/**
 * HID POS barcode scanner reports.
 *
 * Usage page 0x8C is "Bar Code Scanner" in the USB HID Point of Sale Usage Tables (v1.02): usage 0x02
 * Bar Code Scanner, 0xFB–0xFD Symbology Identifier 1–3, 0xFE Decoded Data, 0xFF Decode Data Continued.
 * Scanners in HID POS mode (Honeywell "USB HID POS", Newland "HID POS", Zebra "HID POS") send the
 * decoded-data input report laid out as in /work/shared/REFERENCE.md (Scanners):
 *
 *   byte 0      report id (2)
 *   byte 1      number of data bytes in this report (0–56)
 *   bytes 2–4   AIM symbology id, `]` + 2 characters
 *   bytes 5–60  data, zero-padded
 *   bytes 61–62 vendor (Honeywell: its own code id and 0)
 *   byte 63     bit 0 set: more data follows in the next report (Decode Data Continued)
 *
 * Real Honeywell captures with this layout (REVINF reply, 7 reports) are in
 * HenkVanAsselt/python_hon_usbhid's README; the unit tests replay them.
 */

export const HIDPOS_USAGE_PAGE = 0x8c;
export const HIDPOS_DECODED_DATA_REPORT_ID = 2;
export const HIDPOS_REPORT_SIZE = 64;
const LENGTH_OFFSET = 1;
const AIM_OFFSET = 2;
const DATA_OFFSET = 5;
const MAX_DATA_PER_REPORT = 56;
const FLAGS_OFFSET = 63;

export type AssemblerResult =
  | { kind: 'scan'; bytes: Uint8Array; symbology?: string; totalLength: number; truncated: boolean; firstReportAt: number }
  | { kind: 'partial' }
  | { kind: 'ignored'; reason: string };

/** Joins decoded-data reports (and their continuations) into whole scans, holding at most `maxLength` bytes. */
export class HidPosReportAssembler {
  private readonly buffer: Uint8Array;
  private length = 0;
  private totalLength = 0;
  private symbology: string | undefined;
  private firstReportAt = 0;

  constructor(
    private readonly maxLength = 4096,
    private readonly reportId = HIDPOS_DECODED_DATA_REPORT_ID,
  ) {
    this.buffer = new Uint8Array(maxLength);
  }

  get bufferedBytes(): number {
    return this.length;
  }

  push(report: Uint8Array, at: number): AssemblerResult {
    if (report.length < DATA_OFFSET) return { kind: 'ignored', reason: `report of ${report.length} bytes is too short` };
    if (report[0] !== this.reportId) return { kind: 'ignored', reason: `report id ${report[0]} is not decoded data` };
    const dataLength = report[LENGTH_OFFSET] ?? 0;
    const available = Math.min(MAX_DATA_PER_REPORT, report.length - DATA_OFFSET);
    if (dataLength > available) {
      this.reset();
      return { kind: 'ignored', reason: `report claims ${dataLength} data bytes, holds at most ${available}` };
    }
    if (this.totalLength === 0) {
      this.firstReportAt = at;
      this.symbology = aimId(report);
    }
    const data = report.subarray(DATA_OFFSET, DATA_OFFSET + dataLength);
    const room = this.buffer.length - this.length;
    this.buffer.set(data.subarray(0, room), this.length);
    this.length += Math.min(room, data.length);
    this.totalLength += data.length;
    const moreFollows = report.length > FLAGS_OFFSET && ((report[FLAGS_OFFSET] ?? 0) & 0x01) === 1;
    if (moreFollows) return { kind: 'partial' };
    const result: AssemblerResult = {
      kind: 'scan',
      bytes: this.buffer.slice(0, this.length),
      ...(this.symbology ? { symbology: this.symbology } : {}),
      totalLength: this.totalLength,
      truncated: this.totalLength > this.length,
      firstReportAt: this.firstReportAt,
    };
    this.reset();
    return result;
  }

  reset(): void {
    this.length = 0;
    this.totalLength = 0;
    this.symbology = undefined;
  }
}

function aimId(report: Uint8Array): string | undefined {
  const [a, b, c] = [report[AIM_OFFSET] ?? 0, report[AIM_OFFSET + 1] ?? 0, report[AIM_OFFSET + 2] ?? 0];
  if (a !== 0x5d || b < 0x21 || b > 0x7e || c < 0x21 || c > 0x7e) return undefined; // scanners with AIM ids off send zeros
  return String.fromCharCode(a, b, c);
}

/** Builds a decoded-data report the way a scanner does (for tests, fixtures and the simulator). */
export function buildHidPosReports(data: Uint8Array, symbology = ']C0'): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (let offset = 0; offset === 0 || offset < data.length; offset += MAX_DATA_PER_REPORT) {
    const chunk = data.subarray(offset, offset + MAX_DATA_PER_REPORT);
    const report = new Uint8Array(HIDPOS_REPORT_SIZE);
    report[0] = HIDPOS_DECODED_DATA_REPORT_ID;
    report[LENGTH_OFFSET] = chunk.length;
    for (let i = 0; i < 3; i++) report[AIM_OFFSET + i] = symbology.charCodeAt(i) & 0xff;
    report.set(chunk, DATA_OFFSET);
    report[FLAGS_OFFSET] = offset + MAX_DATA_PER_REPORT < data.length ? 1 : 0;
    reports.push(report);
  }
  return reports;
}

/**
 * Usage pages declared by a HID report descriptor (HID 1.11 §6.2.2: short items; Usage Page is the
 * global item with tag 0, prefix 0x05/0x06/0x07). Long items are skipped. Never throws.
 */
export function reportDescriptorUsagePages(descriptor: Uint8Array): Set<number> {
  const pages = new Set<number>();
  let i = 0;
  while (i < descriptor.length) {
    const prefix = descriptor[i] ?? 0;
    if (prefix === 0xfe) {
      const size = descriptor[i + 1] ?? 0;
      i += 3 + size;
      continue;
    }
    const sizeCode = prefix & 0x03;
    const size = sizeCode === 3 ? 4 : sizeCode;
    const type = (prefix >> 2) & 0x03;
    const tag = prefix >> 4;
    if (type === 1 && tag === 0 && size > 0) {
      let value = 0;
      for (let k = 0; k < size; k++) value |= (descriptor[i + 1 + k] ?? 0) << (8 * k);
      pages.add(size === 4 ? (value >>> 0) & 0xffff : value);
    }
    i += 1 + size;
  }
  return pages;
}
