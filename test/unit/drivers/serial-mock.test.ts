/**
 * Serial driver against @serialport/binding-mock, where the exact chunking of reads is under test control.
 * The mock binding is taken from serialport's `SerialPortMock.binding` (the same @serialport/binding-mock
 * object): binding-mock's package exports carry no types for ESM resolution.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPortMock } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseScannerUri } from '../../../drivers/uri';
import { SerialScannerDriver } from '../../../drivers/serial/driver';
import type { SerialBinding, SerialOpenOptions, SerialPortHandle } from '../../../drivers/serial/driver';
import type { RawScan, ScannerStatus, ScannerWarning } from '../../../drivers/types';

const PATH = '/dev/ROBOT';

/** What the tests use of binding-mock's MockBinding and its ports. */
interface MockPortBinding extends SerialPortHandle {
  emitData(data: Buffer | string): void;
  read: SerialPortHandle['read'];
}
const MockBinding = SerialPortMock.binding as unknown as {
  createPort(path: string, options: { echo: boolean; record: boolean }): void;
  open(options: SerialOpenOptions): Promise<MockPortBinding>;
  reset(): void;
};

/** Wraps MockBinding to hand the test each opened port, and to fail opens on demand. */
function recordingBinding() {
  const opened: MockPortBinding[] = [];
  const state = { refuse: false };
  const binding: SerialBinding = {
    async open(options: SerialOpenOptions) {
      if (state.refuse) throw new Error(`ENOENT: no such file ${options.path}`);
      const port = await MockBinding.open({ ...options });
      opened.push(port);
      return port;
    },
  };
  return { binding, opened, state };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function driverFor(uri: string, binding: SerialBinding) {
  const config = parseScannerUri(uri);
  if (config.kind !== 'serial') throw new Error('not serial');
  const driver = new SerialScannerDriver(config.options, { binding, reconnect: { initialMs: 5, maxMs: 20 } });
  const scans: RawScan[] = [];
  const statuses: ScannerStatus[] = [];
  const warnings: ScannerWarning[] = [];
  driver.on('scan', (s) => scans.push(s));
  driver.on('status', (s) => statuses.push(s));
  driver.on('warning', (w) => warnings.push(w));
  return { driver, scans, statuses, warnings };
}

describe('serial driver on binding-mock', () => {
  beforeEach(() => MockBinding.createPort(PATH, { echo: false, record: false }));
  afterEach(() => MockBinding.reset());

  it('reads scans byte by byte and in odd chunks, CRLF split across reads', async () => {
    const { binding, opened } = recordingBinding();
    const { driver, scans } = driverFor(`serial:${PATH}?terminator=CRLF`, binding);
    await driver.start();
    expect(driver.status).toMatchObject({ state: 'connected', device: { description: `${PATH} (9600 8N1)` } });
    const port = opened[0] as MockPortBinding;
    for (const byte of 'A00123456782A\r') port.emitData(Buffer.from(byte, 'latin1'));
    await until(() => scans.length === 1, 'first scan');
    port.emitData(Buffer.from('\nCM001234', 'latin1'));
    port.emitData(Buffer.from('56784\r', 'latin1'));
    port.emitData(Buffer.from('\n', 'latin1'));
    port.emitData(Buffer.from('\r\n', 'latin1'));
    await until(() => scans.length === 2, 'second scan');
    await driver.stop();
    expect(scans.map((s) => s.data)).toEqual(['A00123456782A', 'CM00123456784']);
    expect(scans.every((s) => s.sourceId === `serial:${PATH}` && typeof s.receivedAt === 'number')).toBe(true);
    expect(driver.status).toEqual({ state: 'stopped' });
  });

  it('strips prefix and suffix, then splits the AIM id', async () => {
    const { binding, opened } = recordingBinding();
    const { driver, scans } = driverFor(`serial:${PATH}?prefix=%02&suffix=%03&aim=1`, binding);
    await driver.start();
    (opened[0] as MockPortBinding).emitData(Buffer.from('\u0002]F0A00123456782A\u0003\r\u0002]E04901234567894\u0003\r', 'latin1'));
    await until(() => scans.length === 2, 'two scans');
    await driver.stop();
    expect(scans.map((s) => [s.symbology, s.data])).toEqual([
      [']F0', 'A00123456782A'],
      [']E0', '4901234567894'],
    ]);
  });

  it('turns a line over maxLength into one truncated scan and a warning, buffer bounded', async () => {
    const { binding, opened } = recordingBinding();
    const { driver, scans, warnings } = driverFor(`serial:${PATH}?maxLength=1024`, binding);
    await driver.start();
    const port = opened[0] as MockPortBinding;
    for (let i = 0; i < 10; i++) port.emitData(Buffer.alloc(1024, 0x39));
    await until(() => driver.bufferedBytes === 1024, 'buffer full');
    port.emitData(Buffer.from('\rOK1234\r', 'latin1'));
    await until(() => scans.length === 2, 'truncated scan and the next one');
    await driver.stop();
    expect(scans[0]).toMatchObject({ truncated: { totalLength: 10_240 } });
    expect(scans[0]?.data.length).toBeLessThanOrEqual(64);
    expect(scans[1]?.data).toBe('OK1234');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('10240 bytes exceeds maxLength 1024');
  });

  it('decodes latin1 byte for byte and utf8 when asked', async () => {
    const latin = recordingBinding();
    const a = driverFor(`serial:${PATH}`, latin.binding);
    await a.driver.start();
    (latin.opened[0] as MockPortBinding).emitData(Buffer.from([0x41, 0xe9, 0x80, 0xff, 0x0d]));
    await until(() => a.scans.length === 1, 'latin1 scan');
    await a.driver.stop();
    expect(a.scans[0]?.data).toBe('A\u00e9\u0080\u00ff');

    const utf = recordingBinding();
    const b = driverFor(`serial:${PATH}?encoding=utf8`, utf.binding);
    await b.driver.start();
    const port = utf.opened[0] as MockPortBinding;
    const bytes = Buffer.from('会員', 'utf8');
    port.emitData(bytes.subarray(0, 2)); // split inside a multi-byte character
    port.emitData(Buffer.concat([bytes.subarray(2), Buffer.from([0xff, 0x0d])]));
    await until(() => b.scans.length === 1, 'utf8 scan');
    await b.driver.stop();
    expect(b.scans[0]?.data).toBe('会員\ufffd');
  });

  it('idle terminator ends a scan after the quiet gap', async () => {
    const { binding, opened } = recordingBinding();
    const { driver, scans } = driverFor(`serial:${PATH}?terminator=idle&idleMs=20`, binding);
    await driver.start();
    const port = opened[0] as MockPortBinding;
    port.emitData(Buffer.from('49012345', 'latin1'));
    port.emitData(Buffer.from('67894', 'latin1'));
    await until(() => scans.length === 1, 'idle scan');
    await driver.stop();
    expect(scans[0]?.data).toBe('4901234567894');
  });

  it('reconnects with backoff after the port fails, and retries while it is missing', async () => {
    const { binding, opened, state } = recordingBinding();
    const { driver, scans, statuses } = driverFor(`serial:${PATH}`, binding);
    await driver.start();
    const first = opened[0] as MockPortBinding;
    // Unplug: the next read fails the way bindings-cpp fails (not a cancel), and opens fail for a while.
    state.refuse = true;
    first.read = async () => {
      throw new Error('EIO: i/o error, read');
    };
    first.emitData(Buffer.from('x'));
    await until(() => statuses.filter((s) => s.state === 'disconnected').length >= 3, 'several failed reconnects');
    const disconnected = statuses.filter((s) => s.state === 'disconnected');
    expect(disconnected[0]).toMatchObject({ reason: 'read failed: EIO: i/o error, read', retryInMs: 5 });
    expect(disconnected.map((s) => (s.state === 'disconnected' ? s.retryInMs : 0)).slice(0, 3)).toEqual([5, 10, 20]);
    expect(disconnected[1]).toMatchObject({ reason: `ENOENT: no such file ${PATH}` });
    // Replug.
    state.refuse = false;
    await until(() => driver.status.state === 'connected' && opened.length === 2, 'reconnected');
    (opened[1] as MockPortBinding).emitData(Buffer.from('AFTER123\r', 'latin1'));
    await until(() => scans.length === 1, 'scan after reconnect');
    await driver.stop();
    expect(scans[0]?.data).toBe('AFTER123');
  });

  it('starts disconnected when the port is not there, and stop cancels the retries', async () => {
    const { binding, state } = recordingBinding();
    state.refuse = true;
    const { driver, statuses } = driverFor(`serial:${PATH}`, binding);
    await driver.start();
    expect(driver.status).toMatchObject({ state: 'disconnected', attempt: 1 });
    await driver.stop();
    const count = statuses.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(statuses.length).toBe(count);
    expect(driver.status).toEqual({ state: 'stopped' });
  });
});

describe('serial driver: the device node goes away while the read says nothing', () => {
  afterEach(() => MockBinding.reset());

  it('is noticed by the node watch: disconnected with the reason, then retried', async () => {
    // A real file stands for /dev/ttyACM0: the mock's read never fails, only the node vanishes.
    const dir = mkdtempSync(join(tmpdir(), 'serial-node-'));
    const node = join(dir, 'ttyACM0');
    writeFileSync(node, '');
    MockBinding.createPort(node, { echo: false, record: false });
    const { binding } = recordingBinding();
    const { driver, statuses } = driverFor(`serial:${node}`, binding);
    const gone = () => statuses.find((s) => s.state === 'disconnected');
    try {
      await driver.start();
      expect(driver.status.state).toBe('connected');
      rmSync(node);
      for (let i = 0; i < 60 && !gone(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(gone()).toMatchObject({ state: 'disconnected', reason: `${node} is gone (unplugged)` });
      // The retry comes by itself (the mock opens any path, so it reconnects at once).
      await until(() => driver.status.state === 'connected', 'reconnected');
    } finally {
      await driver.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
