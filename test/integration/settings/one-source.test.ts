/**
 * One source for the store's configuration (issues 14, 15, 16): the cashier and the student's
 * hand-off read the settings room, never the environment directly. An admin's change through the
 * settings API applies to the very next receipt (store header; a printer added on the screen is
 * opened at once), CSV row and business day (time zone), payment policy (typed member numbers) and
 * hand-off QR (guide URLs) without a restart; a value the environment sets stays as it is.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { businessDay } from '../../../src/main/cashier/sales';
import { startPortalServer, type PortalServerHandle } from '../../../src/portal/server';
import { tempDir, waitFor } from '../../fixtures/portal/harness';
import type { FakeEscPosPrinter } from '../../helpers/fake-escpos-printer';
import { startTcpPrinter, type TcpPrinter } from '../../helpers/tcp-printer';
import { until } from '../../helpers/printer-fixtures';
import { newId, ok, refused } from '../../helpers/register';

const MEMBER = '3700000077';

let dir: ReturnType<typeof tempDir>;
let portal: PortalServerHandle;
let printer: TcpPrinter;
let printerUri: string;
let fake: FakeEscPosPrinter;
let core: KioskCore | null = null;

async function startCore(name: string, env: Record<string, string> = {}): Promise<KioskCore> {
  const config = loadConfig({ KIOSK_DATA_DIR: join(dir.path, name), KIOSK_HEALTH_INTERVAL_SECONDS: '60', ...env });
  core = await KioskCore.create({ config, hostMode: 'web', version: '0.0.0-test', portal: { url: portal.url, embedded: false }, demo: true, log: () => undefined });
  const kiosk = core;
  await waitFor(() => kiosk.services()?.sync.connectivity.state === 'online', 'kiosk online');
  return kiosk;
}

function csvRows(base64: string): string[][] {
  const text = Buffer.from(base64, 'base64').toString('utf8').replace(/^\ufeff/, '');
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
}

beforeAll(async () => {
  dir = tempDir('coop-one-source-');
  printer = await startTcpPrinter();
  fake = printer.fake;
  printerUri = printer.uri;
  portal = await startPortalServer({ port: 0, dbPath: join(dir.path, 'portal.sqlite'), mode: 'demo' });
  portal.service.upsertMembers([{ memberNo: MEMBER, name: '設定 太郎', nameKana: 'セッテイ タロウ', birthDate: '2005-01-01', balance: 5_000 }]);
});

afterEach(async () => {
  await core?.close();
  core = null;
});

afterAll(async () => {
  await portal?.close();
  await printer?.stop();
  dir?.remove();
});

describe('the settings room is the one source', () => {
  it('a printer and a store name set on the admin screen are on the very next receipt, no restart', { timeout: 60_000 }, async () => {
    const kiosk = await startCore('register');
    await ok(kiosk, 'staffSignIn', { staffNo: '3001', pin: '3333' });
    // The printer driver's own check runs on the screen's edits: an option it refuses never lands.
    const bad = await refused(kiosk, 'updateSettings', { edits: { 'printers.uris': [`${printerUri.split('?')[0]}?pollMs=5`] } });
    expect(bad).toMatchObject({ code: 'config_invalid', details: { issues: [{ path: 'printers.uris.0', key: 'settings.printerDetail' }] } });
    const { changes, view } = await ok(kiosk, 'updateSettings', { edits: { 'printers.uris': [printerUri], 'store.name': '生協 設定テスト店', 'store.receiptAddress': '東京都杉並区' } });
    expect(changes.map((change) => [change.key, change.restart])).toEqual([
      ['store.name', false],
      ['store.receiptAddress', false],
      ['printers.uris', false],
    ]);
    expect(view.pendingRestart).toEqual([]);
    await until(() => fake.statusQueries > 0, 'the printer added on the screen is polled');

    const topup = async () => {
      await ok(kiosk, 'registerOpenMember', { memberNo: MEMBER });
      await ok(kiosk, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: MEMBER, amount: 1_000, cashReceived: 1_000 });
    };
    await topup();
    await until(() => fake.code128().length === 1, 'the receipt on the printer added at once');
    expect(fake.text()).toContain('生協 設定テスト店');
    expect(fake.text()).toContain('東京都杉並区');

    fake.clear();
    await ok(kiosk, 'updateSettings', { edits: { 'store.name': '生協 新しい名前' } });
    await topup();
    await until(() => fake.code128().length === 1, 'the next receipt');
    expect(fake.text()).toContain('生協 新しい名前');
    expect(fake.text()).not.toContain('設定テスト店');

    // Removed on the screen: the printer is closed at once and nothing more is sent to it.
    await ok(kiosk, 'updateSettings', { edits: { 'printers.uris': [] } });
    expect((await ok(kiosk, 'getRegisterState', {})).printers).toEqual([]);
  });

  it('the time zone moves the business day, the CSV times and the staff screens\' times at once; the typed-payment policy applies to the next payment', { timeout: 30_000 }, async () => {
    // The same kiosk (data folder) as above: one demo device, one transaction sequence at the portal.
    const kiosk = await startCore('register');
    await ok(kiosk, 'staffSignIn', { staffNo: '3001', pin: '3333' });
    // Kiritimati (UTC+14) and Pago Pago (UTC−11) are never on the same date.
    await ok(kiosk, 'updateSettings', { edits: { 'store.timeZone': 'Pacific/Kiritimati', 'register.typedPayments': 'allow' } });
    expect((await ok(kiosk, 'getRegisterState', {})).today).toBe(businessDay(Date.now(), 'Pacific/Kiritimati'));
    // Staff screens show ledger times in the store's zone: the kiosk state carries it.
    expect((await ok(kiosk, 'getKioskState', {})).timeZone).toBe('Pacific/Kiritimati');
    await ok(kiosk, 'registerOpenMember', { memberNo: MEMBER });
    const paid = await ok(kiosk, 'registerConfirm', { clientRequestId: newId(), kind: 'payment', memberNo: MEMBER, amount: 300 });
    expect(paid.transaction.supervisorName ?? null).toBeNull();
    const day = (await ok(kiosk, 'getRegisterState', {})).today;
    const before = csvRows((await ok(kiosk, 'registerExportCsv', { day, language: 'en', encoding: 'utf8-bom' })).base64);
    const createdAt = before[0]?.indexOf('created_at') ?? -1;
    expect(before[1]?.[createdAt]).toMatch(/\+14:00$/);

    await ok(kiosk, 'updateSettings', { edits: { 'store.timeZone': 'Pacific/Pago_Pago', 'register.typedPayments': 'refuse' } });
    const state = await ok(kiosk, 'getRegisterState', {});
    expect(state.today).toBe(businessDay(Date.now(), 'Pacific/Pago_Pago'));
    expect(state.today).not.toBe(day);
    expect(state.typedPayments).toBe('refuse');
    expect((await ok(kiosk, 'getKioskState', {})).timeZone).toBe('Pacific/Pago_Pago');
    const after = csvRows((await ok(kiosk, 'registerExportCsv', { day, language: 'en', encoding: 'utf8-bom' })).base64);
    expect(after[1]?.[createdAt]).toMatch(/-11:00$/);
    await ok(kiosk, 'registerOpenMember', { memberNo: MEMBER });
    expect((await refused(kiosk, 'registerConfirm', { clientRequestId: newId(), kind: 'payment', memberNo: MEMBER, amount: 300 })).code).toBe('typed_number_refused');
  });

  it('the hand-off links follow the screen at once: the done screen’s QR and the e-mail change form', { timeout: 30_000 }, async () => {
    const kiosk = await startCore('links');
    expect((await ok(kiosk, 'getKioskState', {})).guides).toEqual({
      passwordGuideUrl: 'https://apps.univ.coop/mobileapp/flow-student/',
      emailChangeFormUrl: 'https://apps.univ.coop/mobileapp/flow-student/',
    });
    await ok(kiosk, 'staffSignIn', { staffNo: '3001', pin: '3333' });
    await ok(kiosk, 'updateSettings', { edits: { 'links.passwordGuideUrl': 'https://vsign.jp/', 'links.emailChangeFormUrl': null } });
    expect((await ok(kiosk, 'getKioskState', {})).guides).toEqual({ passwordGuideUrl: 'https://vsign.jp/', emailChangeFormUrl: null });
  });

  it('values the environment sets are locked: refused on the screen, and the register keeps using them', { timeout: 30_000 }, async () => {
    const kiosk = await startCore('locked', { KIOSK_STORE_NAME: '環境の店', KIOSK_TYPED_PAYMENTS: 'refuse', KIOSK_TIME_ZONE: 'UTC', KIOSK_PASSWORD_GUIDE_URL: 'https://vsign.jp/' });
    await ok(kiosk, 'staffSignIn', { staffNo: '3001', pin: '3333' });
    const view = await ok(kiosk, 'getSettings', {});
    expect(view.locks).toMatchObject({ 'store.name': 'KIOSK_STORE_NAME', 'register.typedPayments': 'KIOSK_TYPED_PAYMENTS', 'store.timeZone': 'KIOSK_TIME_ZONE', 'links.passwordGuideUrl': 'KIOSK_PASSWORD_GUIDE_URL' });
    for (const [key, value, variable] of [
      ['store.name', '画面の店', 'KIOSK_STORE_NAME'],
      ['register.typedPayments', 'allow', 'KIOSK_TYPED_PAYMENTS'],
      ['store.timeZone', 'Asia/Tokyo', 'KIOSK_TIME_ZONE'],
      ['links.passwordGuideUrl', 'https://apps.univ.coop/', 'KIOSK_PASSWORD_GUIDE_URL'],
    ] as const) {
      const locked = await refused(kiosk, 'updateSettings', { edits: { [key]: value } });
      expect(locked.code).toBe('config_invalid');
      expect(JSON.stringify(locked.details)).toContain(variable);
    }
    const state = await ok(kiosk, 'getRegisterState', {});
    expect(state).toMatchObject({ typedPayments: 'refuse', today: businessDay(Date.now(), 'UTC') });
    expect((await ok(kiosk, 'getKioskState', {})).guides.passwordGuideUrl).toBe('https://vsign.jp/');
  });
});
