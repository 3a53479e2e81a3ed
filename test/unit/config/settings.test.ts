import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashierSettingsOf } from '../../../src/main/core/settings-views';
import { parsePrinterUri, splitScannerUris } from '../../../src/shared/config/device-uris';
import { formatIssues } from '../../../src/shared/config/issues';
import {
  checkSettings,
  DEFAULT_SETTINGS,
  diffSettings,
  RESTART_KEYS,
  SETTING_KEY_LABELS,
  SETTING_KEYS,
  updateSettings,
} from '../../../src/shared/config/settings';
import { ENV_SETTING_KEYS, resolveSettings, settingsFromEnvironment } from '../../../src/shared/config/settings-env';

function resolved(env: Record<string, string>, stored: unknown = null) {
  const result = resolveSettings(stored, env);
  if (!result.ok) throw new Error(formatIssues(result.issues, 'en'));
  return result.value;
}

describe('defaults are the documented ones (README, environment table)', () => {
  it('register, store, session, scanners, printers and links', () => {
    expect(cashierSettingsOf(DEFAULT_SETTINGS)).toEqual({
      topupPresets: [1000, 2000, 3000, 5000, 10000],
      topupMax: 50_000,
      balanceMax: 100_000,
      offline: { payments: true, perTransaction: 3_000, perMember: 5_000, kioskTotal: 30_000, maxAgeMs: 72 * 3_600_000 },
      onlineWaitMs: 8_000,
      drawerFloat: 0,
      nameRetentionMs: 14 * 86_400_000,
      timeZone: 'Asia/Tokyo',
      typedPayments: 'approve',
      printers: [],
      drawerPrinters: [],
      storeName: '大学生協',
      storeAddress: '',
      receiptMemberName: false,
    });
    expect(DEFAULT_SETTINGS.session).toEqual({ language: 'ja', idleSeconds: 90, idleWarningSeconds: 20, staffIdleSeconds: 300 });
    expect(DEFAULT_SETTINGS.scanners.uris).toEqual(['sim']);
    expect(DEFAULT_SETTINGS.links).toEqual({ passwordGuideUrl: 'https://apps.univ.coop/mobileapp/flow-student/', emailChangeFormUrl: 'https://apps.univ.coop/mobileapp/flow-student/' });
  });

  it('every mapped variable names a real setting, and every setting key is listed once', () => {
    for (const { key } of Object.values(ENV_SETTING_KEYS)) expect(SETTING_KEYS).toContain(key);
    expect(new Set(SETTING_KEYS).size).toBe(SETTING_KEYS.length);
    expect(Object.keys(SETTING_KEY_LABELS).sort()).toEqual([...SETTING_KEYS].sort());
    // The time zone and the printers apply at once (the register reopens its printers); scanners wait.
    expect([...RESTART_KEYS]).toEqual(['scanners.uris']);
  });
});

describe('the environment: first-start values and locks', () => {
  it('gives the register the values any valid environment names', () => {
    const yen = fc.integer({ min: 1, max: 10_000_000 }).map(String);
    fc.assert(
      fc.property(
        fc.record(
          {
            KIOSK_TOPUP_PRESETS: fc.array(fc.integer({ min: 1, max: 200_000 }), { minLength: 1, maxLength: 8 }).map((list) => list.join(',')),
            KIOSK_TOPUP_MAX: yen,
            KIOSK_BALANCE_MAX: yen,
            KIOSK_OFFLINE_PAYMENTS: fc.constantFrom('0', '1'),
            KIOSK_OFFLINE_PAYMENT_MAX: yen,
            KIOSK_OFFLINE_MEMBER_MAX: yen,
            KIOSK_OFFLINE_KIOSK_MAX: yen,
            KIOSK_OFFLINE_MAX_AGE_HOURS: fc.integer({ min: 1, max: 72 }).map(String),
            KIOSK_REGISTER_WAIT_SECONDS: fc.integer({ min: 1, max: 60 }).map(String),
            KIOSK_DRAWER_FLOAT: fc.integer({ min: 0, max: 10_000_000 }).map(String),
            KIOSK_NAME_RETENTION_DAYS: fc.integer({ min: 1, max: 365 }).map(String),
          },
          { requiredKeys: [] },
        ),
        (env) => {
          const max = Number(env.KIOSK_TOPUP_MAX ?? 50_000);
          const presets = (env.KIOSK_TOPUP_PRESETS ?? '1000,2000,3000,5000,10000').split(',').map(Number).filter((preset) => preset <= max);
          // A preset list left empty by the limit is refused (the settings need one preset).
          fc.pre(presets.length > 0);
          const register = cashierSettingsOf(resolved(env).settings);
          expect(register).toMatchObject({
            topupPresets: presets,
            topupMax: max,
            balanceMax: Number(env.KIOSK_BALANCE_MAX ?? 100_000),
            offline: {
              payments: (env.KIOSK_OFFLINE_PAYMENTS ?? '1') === '1',
              perTransaction: Number(env.KIOSK_OFFLINE_PAYMENT_MAX ?? 3_000),
              perMember: Number(env.KIOSK_OFFLINE_MEMBER_MAX ?? 5_000),
              kioskTotal: Number(env.KIOSK_OFFLINE_KIOSK_MAX ?? 30_000),
              maxAgeMs: Number(env.KIOSK_OFFLINE_MAX_AGE_HOURS ?? 72) * 3_600_000,
            },
            onlineWaitMs: Number(env.KIOSK_REGISTER_WAIT_SECONDS ?? 8) * 1000,
            drawerFloat: Number(env.KIOSK_DRAWER_FLOAT ?? 0),
            nameRetentionMs: Number(env.KIOSK_NAME_RETENTION_DAYS ?? 14) * 86_400_000,
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('locks every key the environment sets, naming the variable', () => {
    const { settings, locks } = resolved({ KIOSK_OFFLINE_PAYMENT_MAX: '2000', KIOSK_LANG: 'en', KIOSK_SCANNERS: 'serial:/dev/ttyACM0?baudRate=9600&terminator=CR,wedge?terminators=Enter,Tab', KIOSK_PORT: '1' });
    expect(settings.offline.paymentMax).toBe(2000);
    expect(settings.session.language).toBe('en');
    expect(settings.scanners.uris).toEqual(['serial:/dev/ttyACM0?baudRate=9600&terminator=CR', 'wedge?terminators=Enter,Tab']);
    expect(locks).toEqual({ 'offline.paymentMax': 'KIOSK_OFFLINE_PAYMENT_MAX', 'session.language': 'KIOSK_LANG', 'scanners.uris': 'KIOSK_SCANNERS' });
    expect(settingsFromEnvironment({ KIOSK_LANG: '' }).locks).toEqual({});
  });

  it('the environment wins over stored settings; a stored value that no longer fits gives way and is reported', () => {
    const stored = { ...DEFAULT_SETTINGS, offline: { ...DEFAULT_SETTINGS.offline, paymentMax: 1500 }, session: { ...DEFAULT_SETTINGS.session, idleWarningSeconds: 50 } };
    const { settings, storedIssues } = resolved({ KIOSK_IDLE_SECONDS: '40' }, stored);
    expect(settings.offline.paymentMax).toBe(1500);
    expect(settings.session).toMatchObject({ idleSeconds: 40, idleWarningSeconds: 20 });
    expect(storedIssues.map((item) => item.key)).toEqual(['settings.idleWarning']);
  });

  it('refuses a bad variable with a message naming it, in both languages', () => {
    const result = resolveSettings(null, { KIOSK_OFFLINE_PAYMENT_MAX: '-5', KIOSK_TIME_ZONE: 'Mars/Olympus' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((item) => item.path)).toEqual(['store.timeZone', 'offline.paymentMax']);
    expect(result.issues[1]?.message.en).toBe('The environment variable KIOSK_OFFLINE_PAYMENT_MAX is not valid: offline.paymentMax: Enter whole yen from 1 to 10,000,000.');
    expect(result.issues[1]?.message.ja).toContain('環境変数 KIOSK_OFFLINE_PAYMENT_MAX の値が正しくありません');
    expect(result.issues[0]?.message.ja).toContain('Asia/Tokyo');
  });
});

describe('changes on the admin screen', () => {
  it('lowering the offline payment limit is one change, applied at once', () => {
    const result = updateSettings(DEFAULT_SETTINGS, { 'offline.paymentMax': 1000 });
    expect(result).toEqual({ ok: true, value: { settings: expect.anything(), changes: [{ key: 'offline.paymentMax', old: 3000, new: 1000, restart: false }] } });
    if (result.ok) expect(cashierSettingsOf(result.value.settings).offline.perTransaction).toBe(1000);
  });

  it('a scanner change needs a restart', () => {
    const result = updateSettings(DEFAULT_SETTINGS, { 'scanners.uris': ['sim', 'serial:/dev/ttyACM0'] });
    expect(result.ok && result.value.changes).toEqual([{ key: 'scanners.uris', old: ['sim'], new: ['sim', 'serial:/dev/ttyACM0'], restart: true }]);
  });

  it('refuses a negative limit, a locked key, an unknown key and a preset above the limit, saying what to fix', () => {
    const negative = updateSettings(DEFAULT_SETTINGS, { 'offline.paymentMax': -100 });
    expect(!negative.ok && negative.issues).toEqual([
      { path: 'offline.paymentMax', key: 'settings.yen', message: { en: 'Enter whole yen from 1 to 10,000,000.', ja: '1〜10,000,000 円の整数で入力してください。' } },
    ]);
    const locked = updateSettings(DEFAULT_SETTINGS, { 'offline.paymentMax': 1000 }, { 'offline.paymentMax': 'KIOSK_OFFLINE_PAYMENT_MAX' });
    expect(!locked.ok && locked.issues[0]?.message.en).toContain('set by the environment variable KIOSK_OFFLINE_PAYMENT_MAX');
    const unknown = updateSettings(DEFAULT_SETTINGS, { 'offline.tip': 5 });
    expect(!unknown.ok && unknown.issues[0]?.key).toBe('settings.unknownKey');
    const preset = updateSettings(DEFAULT_SETTINGS, { 'register.topupMax': 4000 });
    expect(!preset.ok && preset.issues.map((item) => item.path)).toEqual(['register.topupPresets.3', 'register.topupPresets.4']);
    expect(!preset.ok && preset.issues[0]?.message.en).toBe('The preset 5000 yen is above the top-up limit (4000 yen): lower the preset or raise the limit.');
  });

  it('validates the store’s time zone, links, scanners (with the drivers’ check) and printers', () => {
    const bad = checkSettings({
      store: { timeZone: 'Tokyo' },
      links: { passwordGuideUrl: 'http://example.com/' },
      scanners: { uris: ['com1', 'serial:/dev/ttyACM0'] },
      printers: { uris: ['lpt1'] },
    });
    expect(!bad.ok && bad.issues.map((item) => [item.path, item.key])).toEqual([
      ['store.timeZone', 'settings.timeZone'],
      ['links.passwordGuideUrl', 'settings.httpsUrl'],
    ]);
    const devices = checkSettings({ scanners: { uris: ['com1'] }, printers: { uris: ['lpt1'] } });
    expect(!devices.ok && devices.issues.map((item) => [item.path, item.key])).toEqual([
      ['scanners.uris.0', 'settings.scannerUri'],
      ['printers.uris.0', 'settings.printerUri'],
    ]);
    const deep = checkSettings({ scanners: { uris: ['serial:/dev/ttyACM0?baud=9600'] } }, { scannerUriProblems: () => ['unknown parameter baud'] });
    expect(!deep.ok && deep.issues[0]?.message.en).toBe('Scanner “serial:/dev/ttyACM0?baud=9600”: unknown parameter baud. Fix the address or remove it.');
    expect(checkSettings({ store: { name: '生協ストア', timeZone: 'UTC' } }).ok).toBe(true);
  });

  it('diffs two settings key by key', () => {
    const after = { ...DEFAULT_SETTINGS, store: { ...DEFAULT_SETTINGS.store, name: '生協ストア' } };
    expect(diffSettings(DEFAULT_SETTINGS, after)).toEqual([{ key: 'store.name', old: '大学生協', new: '生協ストア', restart: false }]);
    expect(diffSettings(DEFAULT_SETTINGS, structuredClone(DEFAULT_SETTINGS))).toEqual([]);
  });
});

describe('device addresses', () => {
  it('reads the three printer forms', () => {
    expect(parsePrinterUri('serial:/dev/ttyUSB0?baudRate=38400')).toEqual({ ok: true, value: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 38400 } });
    expect(parsePrinterUri('tcp:printer.local:9100')).toEqual({ ok: true, value: { kind: 'tcp', host: 'printer.local', port: 9100 } });
    expect(parsePrinterUri('tcp:192.168.0.20')).toEqual({ ok: true, value: { kind: 'tcp', host: '192.168.0.20', port: 9100 } });
    expect(parsePrinterUri('usb:04b8:0202')).toEqual({ ok: true, value: { kind: 'usb', vendorId: 0x04b8, productId: 0x0202 } });
  });

  it('takes the driver’s options after ? (the driver checks them), as KIOSK_PRINTERS always could', () => {
    expect(parsePrinterUri('tcp:127.0.0.1:9100?pollMs=200')).toEqual({ ok: true, value: { kind: 'tcp', host: '127.0.0.1', port: 9100 } });
    expect(parsePrinterUri('serial:/dev/ttyUSB0?drawerPin=5&baudRate=19200')).toEqual({ ok: true, value: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 19200 } });
    expect(parsePrinterUri('usb:04b8:0202?status=none').ok).toBe(true);
    expect(checkSettings({ printers: { uris: ['tcp:127.0.0.1:9100?pollMs=200'] } }).ok).toBe(true);
    // The core adds the driver's own check: a bad option is refused, naming the printer and the problem.
    const refused = checkSettings({ printers: { uris: ['tcp:127.0.0.1:9100?pollMs=5'] } }, { printerUriProblems: (uri) => (uri.includes('pollMs=5') ? ['pollMs must be at least 200'] : []) });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues[0]).toMatchObject({ path: 'printers.uris.0', key: 'settings.printerDetail' });
  });

  it('refuses other printer addresses with what to write instead', () => {
    for (const uri of ['serial:/dev/ttyUSB0?baudRate=12345', 'tcp:printer:70000', 'usb:4b8:202', 'tcp:bad host:9100', 'ipp://printer']) {
      const result = parsePrinterUri(uri, 'printers.uris.0');
      expect(result.ok, uri).toBe(false);
      if (!result.ok) expect(result.issues[0]?.message.en).toContain(`Printer “${uri}”`);
    }
  });

  it('splits a scanner list like the core does (commas inside a query stay)', () => {
    expect(splitScannerUris('sim, wedge?terminators=Enter,Tab,usb:hidpos')).toEqual(['sim', 'wedge?terminators=Enter,Tab', 'usb:hidpos']);
  });
});
