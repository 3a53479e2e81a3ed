/**
 * Serial driver against real pseudo-terminals: `socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B`.
 * The driver opens A with serialport's native binding; the test writes into B with fs. Killing socat
 * is an unplug (the links vanish, reads fail); starting it again with the same links is a replug.
 * socat is required (Debian package socat; CI installs it): the suite fails loudly without it.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDriver } from '../../../drivers/uri';
import type { SerialScannerDriver } from '../../../drivers/serial/driver';
import { ScannerHub } from '../../../src/main/scanner/hub';
import type { ScanEvent } from '../../../src/main/scanner/hub';
import { formatMemberCardCodabar, formatMemberCardCode128 } from '../../../src/shared/barcode/formats';
import type { ScannerStatus } from '../../../drivers/types';

let dir: string;
let driverEnd: string;
let testEnd: string;
let socat: ChildProcess | undefined;
let hub: ScannerHub | undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  for (let waited = 0; waited < limitMs; waited += 10) {
    if (condition()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function startSocat(): Promise<void> {
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${driverEnd}`, `pty,raw,echo=0,link=${testEnd}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.resume();
  socat = child;
  await until(() => existsSync(driverEnd) && existsSync(testEnd), 'socat links');
}

async function stopSocat(): Promise<void> {
  const child = socat;
  socat = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Writes into the far end of the PTY pair, the way a scanner's bytes arrive. */
function writeScanner(data: string | Buffer): void {
  const fd = openSync(testEnd, 'w');
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  } finally {
    closeSync(fd);
  }
}

async function startHub(query = ''): Promise<{ driver: SerialScannerDriver; scans: ScanEvent[]; statuses: ScannerStatus[] }> {
  const driver = createDriver(`serial:${driverEnd}?id=pty${query}`, { reconnect: { initialMs: 20, maxMs: 100 } }) as SerialScannerDriver;
  const statuses: ScannerStatus[] = [];
  driver.on('status', (s) => statuses.push(s));
  hub = new ScannerHub([driver], { dedupeWindowMs: 0, logSize: 50 });
  const scans: ScanEvent[] = [];
  hub.on('scan', (e) => scans.push(e));
  await hub.start();
  await until(() => driver.status.state === 'connected', 'driver connected');
  return { driver, scans, statuses };
}

beforeAll(() => {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
  } catch {
    throw new Error('socat is required for the serial PTY tests: apt-get install -y socat');
  }
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-pty-'));
  driverEnd = join(dir, 'scanner');
  testEnd = join(dir, 'wire');
  await startSocat();
});

afterEach(async () => {
  await hub?.stop();
  hub = undefined;
  await stopSocat();
  rmSync(dir, { recursive: true, force: true });
});

afterAll(async () => {
  await stopSocat();
});

describe('serial driver on a socat PTY pair', () => {
  it('reads scans, in fragments and with CR, LF and CRLF', async () => {
    const { scans } = await startHub('&terminator=CRLF');
    writeScanner(`${formatMemberCardCodabar('0012345678')}\r\n`);
    await until(() => scans.length === 1, 'first scan');
    // Fragments, the CRLF split across writes.
    writeScanner('CM00123');
    await sleep(20);
    writeScanner('456784\r');
    await sleep(20);
    writeScanner('\n');
    writeScanner('lf-only\n');
    await until(() => scans.length === 3, 'fragmented scans');
    expect(scans.map((s) => s.data)).toEqual(['A00123456782A', 'CM00123456784', 'lf-only']);
    expect(scans[0]?.classification).toMatchObject({ kind: 'memberCard', memberNo: '0012345678' });
    expect(scans[1]?.classification).toMatchObject({ kind: 'memberCard', ruleId: 'member-card-code128' });
    expect(scans[2]?.classification).toEqual({ kind: 'unknown', reason: 'unrecognised' });
  });

  it('reconnects by itself after unplug (socat killed) and replug (socat restarted)', async () => {
    const { driver, scans, statuses } = await startHub();
    writeScanner('BEFORE-1\r');
    await until(() => scans.length === 1, 'scan before unplug');
    await stopSocat();
    await until(() => driver.status.state === 'disconnected', 'disconnected');
    await until(() => statuses.filter((s) => s.state === 'disconnected').length >= 2, 'a failed retry while unplugged');
    await startSocat();
    await until(() => driver.status.state === 'connected', 'reconnected');
    writeScanner('AFTER-1\r');
    await until(() => scans.length === 2, 'scan after replug');
    expect(scans.map((s) => s.data)).toEqual(['BEFORE-1', 'AFTER-1']);
    expect(hub?.statuses()[0]).toMatchObject({ connected: true, scanCount: 2 });
    expect(hub?.statuses()[0]?.errorCount).toBeGreaterThanOrEqual(2);
  });

  it('survives random bytes, a 10 kB line and non-ASCII, and calls garbage "not a member card"', async () => {
    const { driver, scans } = await startHub();
    let seed = 12345;
    const random = Buffer.alloc(2000);
    for (let i = 0; i < random.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      random[i] = seed >>> 24;
    }
    writeScanner(random);
    writeScanner('\r');
    writeScanner(Buffer.concat([Buffer.alloc(10_240, 0x35), Buffer.from('\r')]));
    writeScanner(Buffer.concat([Buffer.from('会員証', 'utf8'), Buffer.from([0xff, 0x0d])]));
    writeScanner('FINAL-1\r');
    await until(() => scans.at(-1)?.data === 'FINAL-1', 'final scan');
    expect(driver.bufferedBytes).toBeLessThanOrEqual(4096);
    const garbage = scans.slice(0, -1);
    expect(garbage.length).toBeGreaterThan(0);
    for (const scan of garbage) {
      expect(scan.classification.kind).toBe('unknown');
      // At most 64 shown characters, each escaped to at most 8 characters, plus the cut marker.
      expect(scan.data.length).toBeLessThanOrEqual(64 * 8 + 16);
    }
    expect(garbage.some((s) => s.classification.kind === 'unknown' && s.classification.reason === 'too_long')).toBe(true);
    expect(garbage.some((s) => s.classification.kind === 'unknown' && s.classification.reason === 'not_printable')).toBe(true);
    expect(hub?.statuses()[0]?.lastError?.message).toContain('10240 bytes exceeds maxLength 4096');
  });

  it('keeps up with 100 scans per second for 300 scans, memory bounded', async () => {
    const { driver, scans } = await startHub();
    const codes = Array.from({ length: 300 }, (_, i) => formatMemberCardCode128(String(i).padStart(10, '0')));
    for (let i = 0; i < codes.length; i++) {
      writeScanner(`${codes[i]}\r`);
      if (i % 10 === 9) await sleep(100);
      expect(driver.bufferedBytes).toBeLessThanOrEqual(4096);
    }
    await until(() => scans.length === codes.length, 'all scans');
    expect(scans.map((s) => s.data)).toEqual(codes);
    expect(scans.every((s) => s.classification.kind === 'memberCard')).toBe(true);
    expect(hub?.recentScans()).toHaveLength(50);
    expect(hub?.dedupeTableSize).toBeLessThanOrEqual(codes.length);
  });
});
