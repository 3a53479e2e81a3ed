import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { readAudit } from '../../../src/main/staff';
import { makeTempDir } from '../../helpers/temp-dir';
import { newId, ok, refused } from '../../helpers/register';

const MEMBER = { memberNo: '2024000092', cardBarcode: 'A2024000092B', name: 'Setta Limitson', nameKana: 'セッタ', status: 'active' as const, maskedEmail: null, portalRegistered: true, balance: 5000, version: 1 };

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore | null = null;

async function startCore(env: Record<string, string> = {}): Promise<KioskCore> {
  const config = loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_HEALTH_INTERVAL_SECONDS: '60', ...env });
  // A closed port: the kiosk is offline, so the offline limits apply.
  core = await KioskCore.create({ config, hostMode: 'web', version: '0.0.0-test', portal: { url: 'http://127.0.0.1:9', embedded: false }, demo: true, log: () => undefined });
  return core;
}

function settingsAudit(kiosk: KioskCore) {
  const services = kiosk.services();
  if (!services) throw new Error('database not open');
  return readAudit(services.db)
    .filter((row) => row.action === 'settings.update')
    .map((row) => row.detail);
}

beforeEach(() => (temp = makeTempDir('settings-room-')));
afterEach(async () => {
  await core?.close();
  core = null;
  temp.cleanup();
});

describe('settings room', () => {
  it('is for admins only', async () => {
    const kiosk = await startCore();
    await ok(kiosk, 'staffSignIn', { staffNo: '1001', pin: '1111' });
    expect((await refused(kiosk, 'getSettings', {})).code).toBe('forbidden');
    expect((await refused(kiosk, 'updateSettings', { edits: { 'offline.paymentMax': 1000 } })).code).toBe('forbidden');
  });

  it('a lower offline payment limit applies to the register at once, is audited old → new and survives a restart', async () => {
    const kiosk = await startCore();
    kiosk.services()?.sync.roster.store.applyPage([MEMBER], 'c-1', Date.now(), Date.now());
    await ok(kiosk, 'staffSignIn', { staffNo: '3001', pin: '3333' });
    expect((await ok(kiosk, 'getSettings', {})).settings.offline.paymentMax).toBe(3000);

    const payment = (amount: number) => ({ clientRequestId: newId(), kind: 'payment' as const, memberNo: MEMBER.memberNo, amount });
    expect(await ok(kiosk, 'registerConfirm', payment(2000))).toMatchObject({ outcome: 'queued' });

    const { changes, view } = await ok(kiosk, 'updateSettings', { edits: { 'offline.paymentMax': 1000, 'session.idleSeconds': 120 } });
    expect(changes.map(({ key, old, new: next }) => [key, old, next])).toEqual([
      ['offline.paymentMax', 3000, 1000],
      ['session.idleSeconds', 90, 120],
    ]);
    expect(view.pendingRestart).toEqual([]);
    expect((await ok(kiosk, 'getRegisterState', {})).limits.offline.perTransaction).toBe(1000);
    expect(await refused(kiosk, 'registerConfirm', payment(1500))).toMatchObject({ code: 'offline_limit_transaction', details: { limit: 1000 } });
    expect((await ok(kiosk, 'getKioskState', {})).idleTimeoutSeconds).toBe(120);

    expect(settingsAudit(kiosk)).toEqual([
      {
        changes: [
          { key: 'offline.paymentMax', old: 3000, new: 1000 },
          { key: 'session.idleSeconds', old: 90, new: 120 },
        ],
      },
    ]);

    await kiosk.close();
    const again = await startCore();
    await ok(again, 'staffSignIn', { staffNo: '3001', pin: '3333' });
    expect((await ok(again, 'getSettings', {})).settings.offline.paymentMax).toBe(1000);
  });

  it('refuses a negative limit and an invalid value with what to fix; the settings in force stay', async () => {
    const kiosk = await startCore();
    await ok(kiosk, 'staffSignIn', { staffNo: '3001', pin: '3333' });
    const negative = await refused(kiosk, 'updateSettings', { edits: { 'offline.paymentMax': -500, 'store.name': 'Coop Store' } });
    expect(negative.code).toBe('config_invalid');
    const issues = (negative.details as { issues: Array<{ path: string; message: { ja: string; en: string } }> }).issues;
    expect(issues[0]).toMatchObject({ path: 'offline.paymentMax' });
    expect(issues[0]?.message.en).toMatch(/yen/i);
    expect(issues[0]?.message.ja.length).toBeGreaterThan(0);
    const idle = await refused(kiosk, 'updateSettings', { edits: { 'session.idleWarningSeconds': 200 } });
    expect(idle.code).toBe('config_invalid');
    const settings = (await ok(kiosk, 'getSettings', {})).settings;
    expect(settings.offline.paymentMax).toBe(3000);
    expect(settings.store.name).toBe('大学生協');
    expect(settingsAudit(kiosk)).toEqual([]);
  });

  it('a value the environment sets is locked: shown with its variable, not changeable; the scanner list waits for a restart', async () => {
    const kiosk = await startCore({ KIOSK_OFFLINE_PAYMENT_MAX: '2500' });
    await ok(kiosk, 'staffSignIn', { staffNo: '3001', pin: '3333' });
    const view = await ok(kiosk, 'getSettings', {});
    expect(view.settings.offline.paymentMax).toBe(2500);
    expect(view.locks).toEqual({ 'offline.paymentMax': 'KIOSK_OFFLINE_PAYMENT_MAX' });
    const locked = await refused(kiosk, 'updateSettings', { edits: { 'offline.paymentMax': 1000 } });
    expect(locked.code).toBe('config_invalid');
    expect(JSON.stringify(locked.details)).toContain('KIOSK_OFFLINE_PAYMENT_MAX');
    const zone = await ok(kiosk, 'updateSettings', { edits: { 'store.timeZone': 'UTC' } });
    expect(zone.changes).toEqual([{ key: 'store.timeZone', old: 'Asia/Tokyo', new: 'UTC', restart: false }]);
    const scanners = await ok(kiosk, 'updateSettings', { edits: { 'scanners.uris': ['sim', 'wedge'] } });
    expect(scanners.changes).toEqual([{ key: 'scanners.uris', old: ['sim'], new: ['sim', 'wedge'], restart: true }]);
    expect(scanners.view.pendingRestart).toEqual(['scanners.uris']);
  });
});
