/**
 * Scanner source URIs (KIOSK_SCANNERS, comma-separated) → typed, validated configs → drivers.
 *
 *   serial:/dev/ttyACM0?baudRate=9600&terminator=CR      serial / USB-CDC scanner
 *   usb:hidpos[?vendorId=0x0c2e&productId=0x0b81]         USB HID POS scanner
 *   wedge[?minLength=6&terminators=Enter,Tab]             keyboard-wedge scanner (keys fed by the host)
 *   sim[?id=demo]                                         simulator (demo mode, tests)
 *
 * Query values are percent-decoded (`prefix=%02` is STX). Unknown parameters are errors.
 */
import { z } from 'zod';
import type { BackoffOptions } from './backoff';
import { serialOptionsSchema } from './serial/config';
import type { SerialOptions } from './serial/config';
import { SerialScannerDriver } from './serial/driver';
import type { SerialBinding } from './serial/driver';
import { SimulatorScannerDriver } from './simulator/driver';
import type { SimulatedScan } from './simulator/driver';
import type { Clock, ScannerDriver } from './types';
import { usbHidPosOptionsSchema } from './usb-hidpos/config';
import type { UsbHidPosOptions } from './usb-hidpos/config';
import { UsbHidPosScannerDriver } from './usb-hidpos/driver';
import type { UsbHost } from './usb-hidpos/driver';
import { wedgeOptionsSchema } from './wedge/config';
import type { WedgeDriverOptions } from './wedge/config';
import { WedgeScannerDriver } from './wedge/driver';
import { sourceIdParam } from './params';

export type ScannerSourceConfig =
  | { kind: 'serial'; uri: string; options: SerialOptions }
  | { kind: 'usb-hidpos'; uri: string; options: UsbHidPosOptions }
  | { kind: 'wedge'; uri: string; options: WedgeDriverOptions }
  | { kind: 'sim'; uri: string; options: { id?: string } };

export class ScannerUriError extends Error {
  constructor(
    readonly uri: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid scanner URI ${JSON.stringify(uri)}: ${problems.join('; ')}`);
    this.name = 'ScannerUriError';
  }
}

const simOptionsSchema = z.object({ id: sourceIdParam.optional() }).strict();

const URI_SHAPE = /^([a-z]+)(?::([^?]*))?(?:\?(.*))?$/i;

function queryToObject(uri: string, query: string | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  if (!query) return params;
  let search: URLSearchParams;
  try {
    search = new URLSearchParams(query);
  } catch {
    throw new ScannerUriError(uri, ['the query string cannot be decoded']);
  }
  for (const [key, value] of search) {
    if (key in params) throw new ScannerUriError(uri, [`parameter ${key} is given twice`]);
    params[key] = value;
  }
  return params;
}

function validate<T>(uri: string, schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ScannerUriError(
    uri,
    result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
      return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
    }),
  );
}

/** Parses and validates one scanner URI; throws ScannerUriError with every problem found. */
export function parseScannerUri(uri: string): ScannerSourceConfig {
  const trimmed = uri.trim();
  const match = URI_SHAPE.exec(trimmed);
  if (!match) throw new ScannerUriError(uri, ['expected serial:<path>, usb:hidpos, wedge or sim']);
  const scheme = (match[1] ?? '').toLowerCase();
  const rest = match[2];
  const params = queryToObject(uri, match[3]);
  switch (scheme) {
    case 'serial': {
      let path = rest ?? '';
      try {
        path = decodeURIComponent(path);
      } catch {
        throw new ScannerUriError(uri, ['the port path has a malformed %-escape']);
      }
      return { kind: 'serial', uri: trimmed, options: validate(uri, serialOptionsSchema, { ...params, path }) };
    }
    case 'usb': {
      if ((rest ?? '').toLowerCase() !== 'hidpos') throw new ScannerUriError(uri, ['only usb:hidpos is supported (keyboard-mode scanners are the "wedge" source)']);
      return { kind: 'usb-hidpos', uri: trimmed, options: validate(uri, usbHidPosOptionsSchema, params) };
    }
    case 'wedge':
    case 'sim': {
      if (rest !== undefined) throw new ScannerUriError(uri, [`${scheme} takes no path, only ?parameters`]);
      return scheme === 'wedge'
        ? { kind: 'wedge', uri: trimmed, options: validate(uri, wedgeOptionsSchema, params) }
        : { kind: 'sim', uri: trimmed, options: validate(uri, simOptionsSchema, params) };
    }
    default:
      throw new ScannerUriError(uri, [`unknown scanner type ${JSON.stringify(scheme)}; use serial:, usb:hidpos, wedge or sim`]);
  }
}

/** Splits a KIOSK_SCANNERS value (comma-separated URIs; commas inside a query belong to it). */
export function splitScannerList(value: string): string[] {
  return value
    .split(/,(?=\s*(?:serial:|usb:|wedge\b|sim\b))/i)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export interface DriverDeps {
  now?: Clock;
  reconnect?: BackoffOptions;
  /** For serial sources; default: serialport's native binding. */
  serialBinding?: SerialBinding;
  /** For usb:hidpos sources; default: the `usb` package's WebUSB object. */
  usb?: UsbHost;
  /** For sim sources. */
  simScript?: readonly SimulatedScan[];
}

/** Builds the driver for a URI (or an already parsed config). Throws ScannerUriError for a bad URI. */
export function createDriver(source: string | ScannerSourceConfig, deps: DriverDeps = {}): ScannerDriver {
  const config = typeof source === 'string' ? parseScannerUri(source) : source;
  switch (config.kind) {
    case 'serial':
      return new SerialScannerDriver(config.options, { binding: deps.serialBinding, now: deps.now, reconnect: deps.reconnect });
    case 'usb-hidpos':
      return new UsbHidPosScannerDriver(config.options, { usb: deps.usb, now: deps.now, reconnect: deps.reconnect });
    case 'wedge':
      return new WedgeScannerDriver({ ...config.options, now: deps.now });
    case 'sim':
      return new SimulatorScannerDriver({ id: config.options.id, now: deps.now, script: deps.simScript });
  }
}
