import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { readAudit } from '../../../src/main/staff';
import { makeTempDir } from '../../helpers/temp-dir';
import { ok, refused } from '../../helpers/register';

const MOD16_RULE = { id: 'nw7-mod16', kind: 'memberCard', startStop: { transmitted: 'kept' }, characters: 'digits', checkDigit: { scheme: 'mod16', over: 'symbol' }, number: { padTo: 10 } };
const CATALOG = { universities: [{ name: '北辰大学', faculties: ['工学部', '文学部'] }] };

let temp: ReturnType<typeof makeTempDir>;
const cores: KioskCore[] = [];

async function startCore(name: string, env: Record<string, string> = {}): Promise<KioskCore> {
  const config = loadConfig({ KIOSK_DATA_DIR: join(temp.dir, name), KIOSK_HEALTH_INTERVAL_SECONDS: '60', ...env });
  const core = await KioskCore.create({ config, hostMode: 'web', version: '0.0.0-test', portal: { url: 'http://127.0.0.1:9', embedded: false }, demo: true, log: () => undefined });
  cores.push(core);
  await ok(core, 'staffSignIn', { staffNo: '3001', pin: '3333' });
  return core;
}

beforeEach(() => (temp = makeTempDir('setup-file-')));
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  temp.cleanup();
});

describe('store set-up file', () => {
  it('exported from one kiosk and imported into a second gives the same rules, limits and catalog; locked values stay', async () => {
    const first = await startCore('first');
    await ok(first, 'updateSettings', { edits: { 'offline.paymentMax': 1200, 'store.name': '北辰生協', 'session.language': 'en' } });
    const { ruleSet } = await ok(first, 'getNomenclature', {});
    await ok(first, 'saveNomenclature', { ruleSet: { ...ruleSet, rules: [...ruleSet.rules, MOD16_RULE] } });
    await ok(first, 'saveCatalog', { catalog: CATALOG });
    const exported = await ok(first, 'exportSetupFile', {});
    expect(exported.filename).toMatch(/^kiosk-setup-\d{4}-\d{2}-\d{2}\.json$/);
    expect(exported.text).not.toMatch(/secret|pin/i);

    const second = await startCore('second', { KIOSK_LANG: 'ja' });
    const preview = await ok(second, 'previewSetupFile', { text: exported.text });
    expect(preview.issues).toEqual([]);
    expect(preview.changes.map((change) => [change.area, change.key, change.lockedBy ?? null])).toEqual([
      ['settings', 'store.name', null],
      ['settings', 'offline.paymentMax', null],
      ['settings', 'session.language', 'KIOSK_LANG'],
      ['nomenclature', 'nw7-mod16', null],
      ['catalog', '北辰大学', null],
      ['catalog', '生協大学', null],
      ['catalog', '生協大学大学院', null],
    ]);
    // A preview applies nothing.
    expect((await ok(second, 'getSettings', {})).settings.offline.paymentMax).toBe(3000);

    expect(await ok(second, 'applySetupFile', { text: exported.text })).toEqual({ changes: 6, restartNeeded: false });
    const settings = (await ok(second, 'getSettings', {})).settings;
    expect(settings.offline.paymentMax).toBe(1200);
    expect(settings.store.name).toBe('北辰生協');
    expect(settings.session.language).toBe('ja');
    expect((await ok(second, 'getNomenclature', {})).ruleSet).toEqual((await ok(first, 'getNomenclature', {})).ruleSet);
    expect(await ok(second, 'getRegistrationCatalog', {})).toEqual(CATALOG);
    expect(readAudit(second.services()!.db).map((row) => row.action).slice(0, 3)).toEqual(['catalog.update', 'nomenclature.import', 'settings.update']);
  });

  it('refuses a file from a newer kiosk, and one with a bad rule, saying what to fix; nothing changes', async () => {
    const first = await startCore('first');
    const { text } = await ok(first, 'exportSetupFile', {});
    const newer = await refused(first, 'previewSetupFile', { text: text.replace('"version": 1', '"version": 7') });
    expect(newer.code).toBe('config_invalid');
    expect(JSON.stringify(newer.details)).toContain('newer');
    const file = JSON.parse(text) as { nomenclature: { rules: Array<Record<string, unknown>> }; settings: { offline: { paymentMax: number } } };
    file.settings.offline.paymentMax = 900;
    file.nomenclature.rules[0] = { ...file.nomenclature.rules[0], pattern: '(a+)+' };
    const bad = await refused(first, 'applySetupFile', { text: JSON.stringify(file) });
    expect(bad.code).toBe('config_invalid');
    expect(JSON.stringify(bad.details)).toContain('nomenclature.rules.0.pattern');
    expect((await ok(first, 'getSettings', {})).settings.offline.paymentMax).toBe(3000);
    expect(readAudit(first.services()!.db).filter((row) => row.action !== 'staff.sign_in' && !row.action.startsWith('staff.'))).toEqual([]);
  });
});
