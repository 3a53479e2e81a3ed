/**
 * Receipt printer URIs → validated configs → drivers, like the scanner URIs:
 *
 *   serial:/dev/ttyUSB0?baudRate=38400[&rtscts=1]     RS-232 / USB-serial printer
 *   tcp:192.0.2.10[:9100]                             network printer (raw port 9100)
 *   usb:04b8:0202[?serialNumber=...]                  USB printer class, vendor:product in hex
 *
 * Every kind also takes id=, status=dle-eot|none, drawerPin=2|5, pollMs=. Query values are
 * percent-decoded; unknown parameters are errors.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import type { BackoffOptions } from '../backoff';
import { booleanParam, integerParam, sourceIdParam } from '../params';
import type { Clock } from '../types';
import { EscPosPrinterDriver } from './driver';
import { SerialPrinterTransport } from './serial';
import type { SerialPrinterBinding } from './serial';
import { TcpPrinterTransport } from './tcp';
import type { PrinterTransport } from './types';
import { UsbPrinterTransport } from './usb';
import type { PrinterUsbHost } from './usb';

const commonShape = {
  id: sourceIdParam.optional(),
  status: z.enum(['dle-eot', 'none'], { error: 'status must be dle-eot (the printer answers DLE EOT) or none (no return path)' }).default('dle-eot'),
  drawerPin: z.enum(['2', '5'], { error: 'drawerPin must be 2 or 5' }).transform((v) => Number(v) as 2 | 5).default(2),
  pollMs: integerParam(200, 60_000).default(2_000),
};

const serialSchema = z
  .object({
    ...commonShape,
    path: z.string().min(1, 'a serial port path is required, e.g. serial:/dev/ttyUSB0?baudRate=38400'),
    baudRate: integerParam(1200, 921_600).default(38_400),
    dataBits: z.enum(['7', '8'], { error: 'dataBits must be 7 or 8' }).transform((v) => Number(v) as 7 | 8).default(8),
    parity: z.enum(['none', 'even', 'odd'], { error: 'parity must be none, even or odd' }).default('none'),
    stopBits: z.enum(['1', '2'], { error: 'stopBits must be 1 or 2' }).transform((v) => Number(v) as 1 | 2).default(1),
    rtscts: booleanParam.default(false),
  })
  .strict();

const tcpSchema = z
  .object({
    ...commonShape,
    host: z.string().min(1, 'a host is required, e.g. tcp:192.0.2.10:9100').refine((h) => isIP(h) !== 0 || /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(h), 'not an IP address or host name'),
    port: integerParam(1, 65_535).default(9100),
  })
  .strict();

const usbSchema = z
  .object({
    ...commonShape,
    vendorId: integerParam(0, 0xffff),
    productId: integerParam(0, 0xffff),
    serialNumber: z.string().min(1).max(128).optional(),
  })
  .strict();

export type PrinterConfig =
  | { kind: 'serial'; uri: string; options: z.output<typeof serialSchema> }
  | { kind: 'tcp'; uri: string; options: z.output<typeof tcpSchema> }
  | { kind: 'usb'; uri: string; options: z.output<typeof usbSchema> };

export class PrinterUriError extends Error {
  constructor(
    readonly uri: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid printer URI ${JSON.stringify(uri)}: ${problems.join('; ')}`);
    this.name = 'PrinterUriError';
  }
}

const URI_SHAPE = /^([a-z]+):([^?]*)(?:\?(.*))?$/i;
const TCP_TARGET = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::([^:]*))?$/i;
const USB_TARGET = /^([0-9a-f]{4}):([0-9a-f]{4})$/i;

/** Parses and validates one printer URI; throws PrinterUriError naming every problem. */
export function parsePrinterUri(uri: string): PrinterConfig {
  const trimmed = uri.trim();
  const match = URI_SHAPE.exec(trimmed);
  if (!match) throw new PrinterUriError(uri, ['expected serial:<path>, tcp:<host>[:port] or usb:<vendor>:<product>']);
  const scheme = (match[1] ?? '').toLowerCase();
  const rest = decode(uri, match[2] ?? '');
  const params = queryToObject(uri, match[3]);
  switch (scheme) {
    case 'serial':
      return { kind: 'serial', uri: trimmed, options: validate(uri, serialSchema, { ...params, path: rest }) };
    case 'tcp': {
      const target = TCP_TARGET.exec(rest);
      if (!target) throw new PrinterUriError(uri, ['expected tcp:<host>[:port], e.g. tcp:192.0.2.10:9100 (IPv6 in brackets)']);
      const port = target[3];
      return { kind: 'tcp', uri: trimmed, options: validate(uri, tcpSchema, { ...params, host: target[1] ?? target[2], ...(port === undefined ? {} : { port }) }) };
    }
    case 'usb': {
      const target = USB_TARGET.exec(rest);
      if (!target) throw new PrinterUriError(uri, ['expected usb:<vendor>:<product> as 4 hex digits each, e.g. usb:04b8:0202 (see lsusb)']);
      return { kind: 'usb', uri: trimmed, options: validate(uri, usbSchema, { ...params, vendorId: `0x${target[1]}`, productId: `0x${target[2]}` }) };
    }
    default:
      throw new PrinterUriError(uri, [`unknown printer type ${JSON.stringify(scheme)}; use serial:, tcp: or usb:`]);
  }
}

export interface PrinterDeps {
  now?: Clock;
  reconnect?: BackoffOptions;
  replyTimeoutMs?: number;
  serialBinding?: SerialPrinterBinding;
  usb?: PrinterUsbHost;
}

/** Builds the driver for a URI (or a parsed config). Throws PrinterUriError for a bad URI. */
export function createPrinter(source: string | PrinterConfig, deps: PrinterDeps = {}): EscPosPrinterDriver {
  const config = typeof source === 'string' ? parsePrinterUri(source) : source;
  let transport: PrinterTransport;
  switch (config.kind) {
    case 'serial':
      transport = new SerialPrinterTransport(config.options, deps.serialBinding);
      break;
    case 'tcp':
      transport = new TcpPrinterTransport({ host: config.options.host, port: config.options.port });
      break;
    case 'usb':
      transport = new UsbPrinterTransport(config.options, deps.usb);
      break;
  }
  const { id, status, drawerPin, pollMs } = config.options;
  return new EscPosPrinterDriver(transport, { id, statusMode: status, drawerPin, pollMs, now: deps.now, reconnect: deps.reconnect, replyTimeoutMs: deps.replyTimeoutMs });
}

function decode(uri: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new PrinterUriError(uri, ['the address has a malformed %-escape']);
  }
}

function queryToObject(uri: string, query: string | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  if (!query) return params;
  for (const [key, value] of new URLSearchParams(query)) {
    if (key in params) throw new PrinterUriError(uri, [`parameter ${key} is given twice`]);
    params[key] = value;
  }
  return params;
}

function validate<T>(uri: string, schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new PrinterUriError(
    uri,
    result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
      return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
    }),
  );
}
