/**
 * Device addresses kept in the settings. Scanners: the drivers' URIs (`serial:`, `usb:hidpos`,
 * `wedge`, `sim`); only their shape is checked here, the core adds the drivers' own check.
 * Receipt printers: `serial:<path>?baudRate=<n>`, `tcp:<host>:<port>`, `usb:<vendor>:<product>`.
 */
import type { Checked, ConfigIssue } from './issues';
import { issue } from './issues';
import { SETTINGS_MESSAGES } from './settings-messages';

const SCANNER_SHAPE = /^(serial:[^?\s]+|usb:hidpos|wedge|sim)(\?[^\s]*)?$/i;

/** The shape problems of one scanner URI (none: the drivers still check its parameters). */
export function scannerUriIssues(uri: string, path: string): ConfigIssue[] {
  return SCANNER_SHAPE.test(uri.trim()) ? [] : [issue(path, 'settings.scannerUri', SETTINGS_MESSAGES, { uri })];
}

/**
 * Splits a KIOSK_SCANNERS value: a comma starts a new URI when the piece names a scheme or the
 * previous URI has no query; otherwise it belongs to the previous URI's query (`wedge?terminators=Enter,Tab`).
 */
export function splitScannerUris(value: string): string[] {
  const sources: string[] = [];
  for (const raw of value.split(',')) {
    const piece = raw.trim();
    if (piece === '') continue;
    const previous = sources.at(-1);
    const startsSource = /^[a-z][a-z0-9+.-]*:/i.test(piece) || /^(wedge|sim)(\?|$)/i.test(piece) || previous === undefined || !previous.includes('?');
    if (startsSource) sources.push(piece);
    else sources[sources.length - 1] = `${previous},${piece}`;
  }
  return sources;
}

export const PRINTER_BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;

export type PrinterTarget =
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'usb'; vendorId: number; productId: number };

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/;

/** Reads a printer URI, or says what to fix. The TCP port defaults to 9100 (raw printing). */
export function parsePrinterUri(uri: string, path = ''): Checked<PrinterTarget> {
  const text = uri.trim();
  const refuse = (key: keyof typeof SETTINGS_MESSAGES, params: Record<string, unknown> = {}): Checked<PrinterTarget> => ({
    ok: false,
    issues: [issue(path, key, SETTINGS_MESSAGES, { uri, ...params })],
  });
  // The driver's options after `?` (id, status, drawerPin, pollMs…) are checked by the driver's
  // own parser, which the core adds (SettingsCheckOptions.printerUriProblems).
  const [address = '', query] = text.split(/\?(.*)/s, 2);
  const baudParam = query === undefined ? undefined : new URLSearchParams(query).get('baudRate');
  const serial = /^serial:(\/[^?\s]+|COM[0-9]{1,3})$/i.exec(address);
  if (serial) {
    const baudRate = baudParam === null || baudParam === undefined ? 9600 : /^[0-9]+$/.test(baudParam) ? Number(baudParam) : NaN;
    if (!(PRINTER_BAUD_RATES as readonly number[]).includes(baudRate)) return refuse('settings.printerBaud', { rates: PRINTER_BAUD_RATES.join(', ') });
    return { ok: true, value: { kind: 'serial', path: serial[1] ?? '', baudRate } };
  }
  const tcp = /^tcp:(.+?)(?::([0-9]{1,5}))?$/i.exec(address);
  if (tcp && HOST.test(tcp[1] ?? '')) {
    const port = tcp[2] === undefined ? 9100 : Number(tcp[2]);
    if (port < 1 || port > 65_535) return refuse('settings.printerPort');
    return { ok: true, value: { kind: 'tcp', host: tcp[1] ?? '', port } };
  }
  const usb = /^usb:([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(address);
  if (usb) return { ok: true, value: { kind: 'usb', vendorId: parseInt(usb[1] ?? '', 16), productId: parseInt(usb[2] ?? '', 16) } };
  return refuse('settings.printerUri');
}
