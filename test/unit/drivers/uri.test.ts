import { describe, expect, it } from 'vitest';
import { createDriver, parseScannerUri, ScannerUriError, splitScannerList } from '../../../drivers/uri';

function problems(uri: string): string {
  try {
    parseScannerUri(uri);
  } catch (error) {
    expect(error).toBeInstanceOf(ScannerUriError);
    return (error as ScannerUriError).message;
  }
  throw new Error(`${uri} was accepted`);
}

describe('scanner URIs', () => {
  it('serial: defaults 9600 8N1, CR, latin1, 4 kB lines', () => {
    expect(parseScannerUri('serial:/dev/ttyACM0')).toEqual({
      kind: 'serial',
      uri: 'serial:/dev/ttyACM0',
      options: { path: '/dev/ttyACM0', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, terminator: 'CR', idleMs: 50, prefix: '', suffix: '', aim: false, maxLength: 4096, encoding: 'latin1' },
    });
  });

  it('serial: every option, percent-decoded', () => {
    const config = parseScannerUri('serial:/dev/serial/by-id/usb-Honeywell%20Scanner?baudRate=115200&dataBits=7&parity=even&stopBits=2&terminator=crlf&idleMs=80&prefix=%02&suffix=%03&aim=1&maxLength=1024&encoding=utf8&id=counter-1');
    expect(config).toMatchObject({
      kind: 'serial',
      options: { path: '/dev/serial/by-id/usb-Honeywell Scanner', baudRate: 115200, dataBits: 7, parity: 'even', stopBits: 2, terminator: 'CRLF', idleMs: 80, prefix: '\u0002', suffix: '\u0003', aim: true, maxLength: 1024, encoding: 'utf8', id: 'counter-1' },
    });
    expect(parseScannerUri('serial:COM3?terminator=idle')).toMatchObject({ options: { path: 'COM3', terminator: 'idle' } });
  });

  it('serial: clear errors', () => {
    expect(problems('serial:')).toContain('a serial port path is required');
    expect(problems('serial:/dev/ttyS0?baudRate=fast')).toContain('baudRate: must be a whole number');
    expect(problems('serial:/dev/ttyS0?terminator=ETX')).toContain('terminator must be CR, LF, CRLF or idle');
    expect(problems('serial:/dev/ttyS0?parity=maybe')).toContain('parity must be');
    expect(problems('serial:/dev/ttyS0?baud=9600')).toContain('unknown parameter baud');
    expect(problems('serial:/dev/ttyS0?aim=2')).toContain('aim: must be 1, 0');
    expect(problems('serial:/dev/ttyS0?aim=1&aim=0')).toContain('parameter aim is given twice');
  });

  it('usb:hidpos with ids, profiles and errors', () => {
    expect(parseScannerUri('usb:hidpos')).toEqual({ kind: 'usb-hidpos', uri: 'usb:hidpos', options: { maxLength: 4096 } });
    expect(parseScannerUri('usb:hidpos?vendorId=0x0c2e&productId=2945')).toMatchObject({ options: { vendorId: 0x0c2e, productId: 0x0b81 } });
    expect(parseScannerUri('usb:hidpos?profile=newland-em30xx-hidpos')).toMatchObject({ options: { vendorId: 0x1eab, productId: 0x1310 } });
    expect(problems('usb:hidpos?productId=1')).toContain('productId needs a vendorId');
    expect(problems('usb:hidpos?vendorId=0x10000')).toContain('vendorId');
    expect(problems('usb:hidpos?profile=zebra-keyboard')).toContain('not a known HID POS profile');
    expect(problems('usb:keyboard')).toContain('only usb:hidpos is supported');
  });

  it('wedge and sim', () => {
    expect(parseScannerUri('wedge')).toMatchObject({ kind: 'wedge', options: { maxInterKeyMs: 35, minLength: 6, terminatorKeys: ['Enter', 'Tab'], endOnIdle: false } });
    expect(parseScannerUri('wedge?terminators=Enter&minLength=8&prefix=%23')).toMatchObject({ options: { terminatorKeys: ['Enter'], minLength: 8, prefix: '#' } });
    expect(problems('wedge?maxInterKeyMs=60')).toContain('maxInterKeyMs');
    expect(problems('wedge?terminators=none')).toContain('set endOnIdle=1');
    expect(problems('wedge?requirePrefix=1')).toContain('requirePrefix needs a prefix');
    expect(parseScannerUri('sim?id=demo')).toEqual({ kind: 'sim', uri: 'sim?id=demo', options: { id: 'demo' } });
    expect(problems('sim:/x')).toContain('sim takes no path');
    expect(problems('bluetooth:aa')).toContain('unknown scanner type "bluetooth"');
    expect(problems('')).toContain('expected serial:<path>');
  });

  it('splits KIOSK_SCANNERS, keeping commas inside a query', () => {
    expect(splitScannerList('serial:/dev/ttyACM0?baudRate=9600, usb:hidpos,wedge?terminators=Enter,Tab,sim')).toEqual([
      'serial:/dev/ttyACM0?baudRate=9600',
      'usb:hidpos',
      'wedge?terminators=Enter,Tab',
      'sim',
    ]);
  });

  it('createDriver builds the right driver with its source id', () => {
    const cases: Array<[string, string, string]> = [
      ['serial:/dev/ttyACM0', 'serial', 'serial:/dev/ttyACM0'],
      ['usb:hidpos?vendorId=0x0c2e', 'usb-hidpos', 'usb:hidpos:0c2e'],
      ['wedge?id=front', 'wedge', 'front'],
      ['sim', 'sim', 'sim'],
    ];
    for (const [uri, kind, sourceId] of cases) {
      const driver = createDriver(uri);
      expect(driver.kind).toBe(kind);
      expect(driver.sourceId).toBe(sourceId);
      expect(driver.status).toEqual({ state: 'stopped' });
    }
  });
});
