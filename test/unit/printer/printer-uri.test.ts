import { describe, expect, it } from 'vitest';
import { parsePrinterUri, PrinterUriError } from '../../../drivers/printer/uri';

function problems(uri: string): string[] {
  try {
    parsePrinterUri(uri);
  } catch (error) {
    if (error instanceof PrinterUriError) return [...error.problems];
    throw error;
  }
  throw new Error(`${uri} parsed`);
}

describe('printer URIs', () => {
  it('parses serial, tcp and usb printers with their defaults', () => {
    expect(parsePrinterUri('serial:/dev/ttyUSB0?baudRate=38400')).toMatchObject({
      kind: 'serial',
      options: { path: '/dev/ttyUSB0', baudRate: 38_400, dataBits: 8, parity: 'none', stopBits: 1, rtscts: false, status: 'dle-eot', drawerPin: 2, pollMs: 2_000 },
    });
    expect(parsePrinterUri('serial:/dev/serial/by-id/usb-EPSON%20TM?rtscts=1&drawerPin=5')).toMatchObject({ options: { path: '/dev/serial/by-id/usb-EPSON TM', rtscts: true, drawerPin: 5 } });
    expect(parsePrinterUri('tcp:192.0.2.10:9100')).toMatchObject({ kind: 'tcp', options: { host: '192.0.2.10', port: 9100 } });
    expect(parsePrinterUri('tcp:printer.local')).toMatchObject({ options: { host: 'printer.local', port: 9100 } });
    expect(parsePrinterUri('tcp:[2001:db8::10]:9101?status=none')).toMatchObject({ options: { host: '2001:db8::10', port: 9101, status: 'none' } });
    expect(parsePrinterUri('usb:04b8:0202')).toMatchObject({ kind: 'usb', options: { vendorId: 0x04b8, productId: 0x0202 } });
    expect(parsePrinterUri('USB:04B8:0E28?serialNumber=X123&id=counter-1')).toMatchObject({ options: { vendorId: 0x04b8, productId: 0x0e28, serialNumber: 'X123', id: 'counter-1' } });
  });

  it('names every problem in words that say what to write instead', () => {
    expect(problems('lpt:1')).toEqual(['unknown printer type "lpt"; use serial:, tcp: or usb:']);
    expect(problems('/dev/ttyUSB0')).toEqual(['expected serial:<path>, tcp:<host>[:port] or usb:<vendor>:<product>']);
    expect(problems('serial:?baudRate=38400')[0]).toContain('a serial port path is required');
    expect(problems('serial:/dev/ttyUSB0?baudRate=fast&parity=weird')).toEqual(['baudRate: must be a whole number (decimal or 0x hex)', 'parity: parity must be none, even or odd']);
    expect(problems('serial:/dev/ttyUSB0?terminator=CR')).toEqual(['unknown parameter terminator']);
    expect(problems('serial:/dev/ttyUSB0?baudRate=9600&baudRate=38400')).toEqual(['parameter baudRate is given twice']);
    expect(problems('tcp:192.0.2.10:99999')[0]).toMatch(/^port:/);
    expect(problems('tcp:bad_host!:9100')).toEqual(['host: not an IP address or host name']);
    expect(problems('usb:04b8')[0]).toContain('usb:<vendor>:<product>');
    expect(problems('usb:hidpos')[0]).toContain('e.g. usb:04b8:0202');
    expect(problems('tcp:192.0.2.10?drawerPin=3')).toEqual(['drawerPin: drawerPin must be 2 or 5']);
  });
});
