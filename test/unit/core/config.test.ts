import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/main/config';
import { guidesOf } from '../../../src/main/core/settings-views';
import { settingsForEnv } from '../../helpers/settings';

describe('loadConfig', () => {
  it('has safe defaults: demo with the embedded portal; no setting taken from the environment', () => {
    const config = loadConfig({}, '/data');
    expect(config).toMatchObject({
      dataDir: '/data',
      databaseFile: resolve('/data', 'kiosk.sqlite'),
      kioskPort: 5780,
      portalUrl: null,
      portalPort: 5790,
      demo: true,
      settingsEnvironment: {},
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORTAL_URL: '', KIOSK_LANG: '' }, '/data')).toMatchObject({ portalUrl: null, settingsEnvironment: {} });
  });

  it('hands the variables that are settings to the settings room (first-start values and locks), nothing else', () => {
    expect(loadConfig({ KIOSK_STORE_NAME: '北辰生協', KIOSK_TIME_ZONE: 'UTC', KIOSK_PORT: '1' }, '/data').settingsEnvironment).toEqual({ KIOSK_STORE_NAME: '北辰生協', KIOSK_TIME_ZONE: 'UTC' });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ KIOSK_PORT: 'eighty' }, '/d')).toThrow(/KIOSK_PORT/);
    expect(() => loadConfig({ KIOSK_LANG: 'fr' }, '/d')).toThrow(/KIOSK_LANG/);
    expect(() => loadConfig({ KIOSK_IDLE_SECONDS: '10', KIOSK_IDLE_WARNING_SECONDS: '20' }, '/d')).toThrow(/KIOSK_IDLE_WARNING_SECONDS.*shorter than the idle time/);
  });

  it('accepts https portals and plain http only on this machine', () => {
    expect(loadConfig({ PORTAL_URL: 'https://portal.univ.coop/' }, '/d')).toMatchObject({ portalUrl: 'https://portal.univ.coop/', demo: false });
    expect(loadConfig({ PORTAL_URL: 'http://127.0.0.1:5790' }, '/d').portalUrl).toBe('http://127.0.0.1:5790');
    expect(loadConfig({ PORTAL_URL: 'http://localhost:5790' }, '/d').portalUrl).toBe('http://localhost:5790');
    expect(() => loadConfig({ PORTAL_URL: 'http://portal.univ.coop/' }, '/d')).toThrow(ConfigError);
    expect(() => loadConfig({ PORTAL_URL: 'ftp://portal.univ.coop/' }, '/d')).toThrow(/PORTAL_URL/);
  });

  it("hands the student the guides' pages: the co-op app guidance site by default, a region's own (vsign.jp) when set, https only", () => {
    expect(guidesOf(settingsForEnv())).toEqual({
      passwordGuideUrl: 'https://apps.univ.coop/mobileapp/flow-student/',
      emailChangeFormUrl: 'https://apps.univ.coop/mobileapp/flow-student/',
    });
    expect(guidesOf(settingsForEnv({ KIOSK_PASSWORD_GUIDE_URL: 'https://vsign.jp/', KIOSK_EMAIL_CHANGE_FORM_URL: 'https://vsign.jp/' }))).toEqual({
      passwordGuideUrl: 'https://vsign.jp/',
      emailChangeFormUrl: 'https://vsign.jp/',
    });
    expect(() => loadConfig({ KIOSK_PASSWORD_GUIDE_URL: 'http://vsign.jp/' }, '/d')).toThrow(/KIOSK_PASSWORD_GUIDE_URL/);
    expect(() => loadConfig({ KIOSK_EMAIL_CHANGE_FORM_URL: 'not a url' }, '/d')).toThrow(/KIOSK_EMAIL_CHANGE_FORM_URL/);
  });
});
