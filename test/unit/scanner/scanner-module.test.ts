import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { joinScannerEntries } from '../../../src/main/scanner/scanner-module';
import type { KioskEventEnvelope } from '../../../src/shared/kiosk-api';
import type { ScanView, ScannerOverview, ScannerSourceStatus } from '../../../src/shared/api/scanner';
import { formatAppToken, formatMemberCardCodabar, formatMemberCardCode128 } from '../../../src/shared/barcode/formats';
import { startTestCore } from '../../helpers/core';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore | undefined;
let events: KioskEventEnvelope[];

beforeEach(() => {
  temp = makeTempDir();
  events = [];
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  temp.cleanup();
});

async function start(scanners: string[]): Promise<KioskCore> {
  core = await startTestCore(temp.dir, { env: { KIOSK_SCANNERS: scanners.join(',') } });
  core.onEvent((envelope) => events.push(envelope));
  return core;
}

async function ok<T>(promise: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`call failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function signIn(kiosk: KioskCore, pin = '1111'): Promise<void> {
  const staffNo = { '1111': '1001', '2222': '2001', '3333': '3001' }[pin] ?? '1001';
  await ok(kiosk.call('staffSignIn', { staffNo, pin }));
}

const scanEvents = () => events.filter((e) => e.event === 'scan').map((e) => e.payload as ScanView);

describe('scanner module: sources from KIOSK_SCANNERS', () => {
  it('starts the default simulator and shows it connected', async () => {
    const kiosk = await start(['sim']);
    await signIn(kiosk);
    const overview = await ok<ScannerOverview>(kiosk.call('getScannerOverview', {}));
    expect(overview.sources).toHaveLength(1);
    expect(overview.sources[0]).toMatchObject({ sourceId: 'sim', kind: 'sim', uri: 'sim', connected: true, status: { state: 'connected' }, scanCount: 0, lastScanAt: null });
    expect(overview.simulator).toBe('sim');
    expect(overview.wedge).toBeNull();
    // Epoch times, not the drivers' monotonic clock.
    const status = overview.sources[0]?.status;
    expect(status?.state === 'connected' && Math.abs(status.since - Date.now()) < 60_000).toBe(true);
  });

  it('turns bad entries into error sources with the message instead of failing the start', async () => {
    const kiosk = await start(['sim', 'barcode:/dev/ttyS0', 'serial:/dev/ttyS9?baudRate=12', 'sim', 'usb:keyboard']);
    await signIn(kiosk);
    const { sources } = await ok<ScannerOverview>(kiosk.call('getScannerOverview', {}));
    expect(sources.map((s) => [s.sourceId, s.kind, s.status.state])).toEqual([
      ['sim', 'sim', 'connected'],
      ['source-2', 'invalid', 'error'],
      ['source-3', 'invalid', 'error'],
      ['source-4', 'invalid', 'error'],
      ['source-5', 'invalid', 'error'],
    ]);
    const messages = sources.slice(1).map((s) => (s.status.state === 'error' ? s.status.message : ''));
    expect(messages[0]).toContain('unknown scanner type "barcode"');
    expect(messages[1]).toContain('baudRate');
    expect(messages[2]).toContain('used twice');
    expect(messages[3]).toContain('only usb:hidpos');
    expect(sources[1]).toMatchObject({ uri: 'barcode:/dev/ttyS0', errorCount: 1, lastError: { message: messages[0] } });
    // The kiosk keeps serving.
    expect((await kiosk.call('getKioskState', {})).ok).toBe(true);
  });

  it('keeps commas inside a query with their source', () => {
    expect(joinScannerEntries(['wedge?terminators=Enter', 'Tab', 'sim', 'serial:/dev/ttyACM0?terminator=CR', 'oops:x'])).toEqual([
      'wedge?terminators=Enter,Tab',
      'sim',
      'serial:/dev/ttyACM0?terminator=CR',
      'oops:x',
    ]);
  });

  it('emits scannerStatus events when a source changes', async () => {
    // Connecting happens inside KioskCore.create, before anyone listens; stopping is seen.
    await start(['sim']);
    expect(events.filter((e) => e.event === 'scannerStatus')).toEqual([]);
    await core?.close();
    const after = events.filter((e) => e.event === 'scannerStatus').map((e) => e.payload as ScannerSourceStatus);
    expect(after.at(-1)).toMatchObject({ sourceId: 'sim', connected: false, status: { state: 'stopped' } });
    core = undefined;
  });
});

describe('scanner module: scans', () => {
  it('classifies simulated scans, drops double reads, masks app tokens and keeps a log', async () => {
    const kiosk = await start(['sim']);
    await signIn(kiosk);
    const card = formatMemberCardCodabar('0012345678');
    const first = await ok<{ scan: ScanView | null }>(kiosk.call('injectSimulatedScan', { data: card, symbology: ']F0' }));
    expect(first.scan).toMatchObject({ sourceId: 'sim', data: card, symbology: ']F0', meaning: { kind: 'memberCard', memberNo: '0012345678', ruleId: 'member-card-nw7' } });
    // The same card again at once is a double read: no event.
    expect(await ok<{ scan: ScanView | null }>(kiosk.call('injectSimulatedScan', { data: card }))).toEqual({ scan: null });

    const token = formatAppToken('charge', new Uint8Array(13).fill(7));
    const tokenScan = await ok<{ scan: ScanView | null }>(kiosk.call('injectSimulatedScan', { data: token }));
    expect(tokenScan.scan?.meaning).toMatchObject({ kind: 'appToken', mode: 'charge' });
    expect(JSON.stringify(tokenScan)).not.toContain(token);
    expect(tokenScan.scan?.data).toBe(`${token.slice(0, 4)}…${token.slice(-2)}`);

    await ok(kiosk.call('injectSimulatedScan', { data: '4901234567894' }));
    await ok(kiosk.call('injectSimulatedScan', { data: 'garbage here' }));
    expect(scanEvents().map((s) => s.meaning.kind === 'unknown' ? s.meaning.reason : s.meaning.kind)).toEqual(['memberCard', 'appToken', 'product_code', 'unrecognised']);
    expect(JSON.stringify(events)).not.toContain(token);

    const overview = await ok<ScannerOverview>(kiosk.call('getScannerOverview', {}));
    expect(overview.recent.map((s) => s.seq)).toEqual([1, 2, 3, 4]);
    expect(overview.sources[0]).toMatchObject({ scanCount: 4, duplicatesDropped: 1 });
    expect(overview.sources[0]?.lastScanAt).toBeTypeOf('number');
  });

  it('lists a test barcode per rule with the expected classification', async () => {
    const kiosk = await start(['sim']);
    await signIn(kiosk);
    const { testBarcodes } = await ok<ScannerOverview>(kiosk.call('getScannerOverview', {}));
    expect(testBarcodes.map((b) => [b.format, b.expected.kind])).toEqual([
      ['codabar', 'memberCard'],
      ['CODE128', 'memberCard'],
      ['CODE128', 'appToken'],
      ['CODE128', 'appToken'],
      ['CODE128', 'appToken'],
      ['CODE128', 'staffCard'],
      ['EAN13', 'unknown'],
      ['codabar', 'unknown'],
    ]);
    expect(testBarcodes[5]?.expected).toMatchObject({ kind: 'staffCard', staffNo: '1001' });
    expect(testBarcodes[6]?.expected).toMatchObject({ reason: 'product_code' });
  });

  it('takes finished wedge scans into the same stream, with settings for the host that detects them', async () => {
    const kiosk = await start(['wedge?minLength=8&terminators=Enter,Tab&aim=1', 'sim']);
    const settings = await ok<Record<string, unknown>>(kiosk.call('getWedgeSettings', {}));
    expect(settings).toEqual({
      sourceId: 'wedge',
      runsIn: 'renderer',
      maxInterKeyMs: 35,
      minLength: 8,
      terminatorKeys: ['Enter', 'Tab'],
      endOnIdle: false,
      prefix: '',
      suffix: '',
      requirePrefix: false,
      ignoreTextFields: false,
      aim: true,
      maxLength: 256,
    });
    // No staff needed: a student's card scanned on a wedge scanner must work.
    const result = await ok<{ scan: ScanView | null }>(kiosk.call('submitWedgeScan', { data: formatMemberCardCode128('0012345678'), symbology: ']C0' }));
    expect(result.scan).toMatchObject({ sourceId: 'wedge', meaning: { kind: 'memberCard', ruleId: 'member-card-code128', symbology: ']C0' } });
    const truncated = await ok<{ scan: ScanView | null }>(kiosk.call('submitWedgeScan', { data: 'A'.repeat(40), truncatedLength: 900 }));
    expect(truncated.scan?.meaning).toEqual({ kind: 'unknown', reason: 'too_long' });
    expect(scanEvents().map((s) => s.sourceId)).toEqual(['wedge', 'wedge']);
  });

  it('refuses wedge scans when no wedge is configured, and the simulator without staff or without a sim source', async () => {
    const kiosk = await start(['sim']);
    expect(await kiosk.call('getWedgeSettings', {})).toEqual({ ok: true, value: null });
    expect(await kiosk.call('submitWedgeScan', { data: 'A00123456782A' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await kiosk.call('injectSimulatedScan', { data: 'A00123456782A' })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await kiosk.call('getScannerOverview', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(scanEvents()).toEqual([]);
    await kiosk.close();

    core = await startTestCore(temp.dir, { env: { KIOSK_SCANNERS: 'wedge' } });
    await signIn(core);
    expect(await core.call('injectSimulatedScan', { data: 'A00123456782A' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it.each([
    ['empty data', 'submitWedgeScan', { data: '' }],
    ['data with a control character', 'submitWedgeScan', { data: 'A0012\r3456782A' }],
    ['data too long', 'submitWedgeScan', { data: 'x'.repeat(513) }],
    ['a malformed AIM id', 'submitWedgeScan', { data: 'A00123456782A', symbology: 'F0' }],
    ['unknown fields', 'submitWedgeScan', { data: 'A00123456782A', keyTimings: [1, 2] }],
    ['a negative truncated length', 'submitWedgeScan', { data: 'A00123456782A', truncatedLength: -1 }],
    ['a number as data', 'injectSimulatedScan', { data: 12345678 }],
    ['a source id (not choosable)', 'injectSimulatedScan', { data: 'A00123456782A', sourceId: 'serial:/dev/ttyS0' }],
    ['a short member number', 'lookupMember', { memberNo: '12345' }],
    ['input on a no-input method', 'getScannerOverview', { all: true }],
  ])('refuses %s as invalid_input', async (_what, method, input) => {
    const kiosk = await start(['wedge', 'sim']);
    await signIn(kiosk);
    expect(await kiosk.call(method, input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(scanEvents()).toEqual([]);
  });

  it('looks members up in the local roster (staff only), or answers null', async () => {
    const kiosk = await start(['sim']);
    expect(await kiosk.call('lookupMember', { memberNo: '0012345678' })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    await signIn(kiosk);
    expect(await kiosk.call('lookupMember', { memberNo: '0012345678' })).toEqual({ ok: true, value: null });
    // The roster as a pull leaves it (names sealed with the kiosk's key).
    kiosk.services()?.sync.roster.store.applyPage(
      [{ memberNo: '0012345678', cardBarcode: 'A00123456782A', name: '生協 太郎', nameKana: 'セイキョウ タロウ', status: 'active', maskedEmail: 't***@example.ac.jp', portalRegistered: true, balance: 1200, version: 1 }],
      'c-1',
      1700000000000,
      1700000000000,
    );
    const found = await ok<Record<string, unknown>>(kiosk.call('lookupMember', { memberNo: '0012345678' }));
    expect(found).toEqual({ memberNo: '0012345678', name: '生協 太郎', nameKana: 'セイキョウ タロウ', status: 'active', portalRegistered: true, asOf: 1700000000000 });
    // No e-mail, no balance on the member panel.
    expect(JSON.stringify(found)).not.toMatch(/example|1200/);
  });
});
