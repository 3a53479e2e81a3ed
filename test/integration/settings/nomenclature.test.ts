import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { DEFAULT_RULE_SET } from '../../../src/shared/barcode/rule-set';
import { readAudit } from '../../../src/main/staff';
import { makeTempDir } from '../../helpers/temp-dir';
import { ok, refused } from '../../helpers/register';

/** The worked NW-7 modulus 16 card A37859+B, its number padded to the portal's 10 digits. */
const MOD16_RULE = {
  id: 'member-card-nw7-mod16',
  name: 'Member card, NW-7 modulus 16',
  kind: 'memberCard',
  symbologies: [']F'],
  startStop: { transmitted: 'kept' },
  characters: 'digits',
  checkDigit: { scheme: 'mod16', over: 'symbol' },
  number: { padTo: 10 },
};

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore | null = null;

async function startCore(): Promise<KioskCore> {
  const config = loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_HEALTH_INTERVAL_SECONDS: '60', KIOSK_SCANNERS: 'sim' });
  core = await KioskCore.create({ config, hostMode: 'web', version: '0.0.0-test', portal: { url: 'http://127.0.0.1:9', embedded: false }, demo: true, log: () => undefined });
  await ok(core, 'staffSignIn', { staffNo: '3001', pin: '3333' });
  return core;
}

const audit = (kiosk: KioskCore) => readAudit(kiosk.services()!.db).filter((row) => row.action.startsWith('nomenclature.'));

beforeEach(() => (temp = makeTempDir('nomenclature-')));
afterEach(async () => {
  await core?.close();
  core = null;
  temp.cleanup();
});

describe('nomenclature in the settings room', () => {
  it('scans are classified with the stored rules: a mod 16 card is refused before the rule and read after it, across a restart', async () => {
    const kiosk = await startCore();
    expect((await ok(kiosk, 'injectSimulatedScan', { data: 'A37859+B' })).scan?.meaning).toEqual({ kind: 'unknown', reason: 'unrecognised' });
    const { ruleSet } = await ok(kiosk, 'getNomenclature', {});
    const saved = await ok(kiosk, 'saveNomenclature', { ruleSet: { ...ruleSet, rules: [MOD16_RULE, ...ruleSet.rules] } });
    expect(saved.changes.map((change) => change.key)).toEqual(['nomenclature.member-card-nw7-mod16']);
    // Scan again after the hub's double-read window.
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect((await ok(kiosk, 'injectSimulatedScan', { data: 'A37859+B' })).scan?.meaning).toEqual({ kind: 'memberCard', memberNo: '0000037859', ruleId: 'member-card-nw7-mod16' });
    const tested = await ok(kiosk, 'testScan', { code: 'A37859+B', symbology: ']F0' });
    expect(tested).toMatchObject({ matchedRuleId: 'member-card-nw7-mod16', number: '0000037859', checkDigit: { scheme: 'mod16', expected: '+', found: '+', ok: true } });
    expect(tested.rules.slice(1).map((rule) => rule.status)).toEqual(['shadowed', 'shadowed', 'shadowed', 'shadowed', 'shadowed']);
    expect(audit(kiosk)).toHaveLength(1);
    expect(audit(kiosk)[0]?.detail).toMatchObject({ changes: [{ key: 'nomenclature.member-card-nw7-mod16', old: null, new: { id: 'member-card-nw7-mod16' } }] });

    await kiosk.close();
    const again = await startCore();
    expect((await ok(again, 'getNomenclature', {})).ruleSet.rules[0]?.id).toBe('member-card-nw7-mod16');
    const reset = await ok(again, 'resetNomenclature', {});
    expect(reset.ruleSet).toEqual(DEFAULT_RULE_SET);
    expect(audit(again).map((row) => row.action)).toEqual(['nomenclature.reset', 'nomenclature.update']);
  });

  it('refuses an invalid pattern and a file from a newer kiosk with what to fix; the rules in force stay', async () => {
    const kiosk = await startCore();
    const badPattern = await refused(kiosk, 'saveNomenclature', { ruleSet: { version: 1, rules: [{ ...MOD16_RULE, pattern: '(unclosed' }] } });
    expect(badPattern.code).toBe('config_invalid');
    expect(JSON.stringify(badPattern.details)).toContain('rules.0.pattern');
    const newer = await refused(kiosk, 'importNomenclature', { text: JSON.stringify({ version: 99, rules: [] }) });
    expect(newer.code).toBe('config_invalid');
    expect(JSON.stringify(newer.details)).toContain('version');
    const notJson = await refused(kiosk, 'importNomenclature', { text: '{ not json' });
    expect(notJson.code).toBe('config_invalid');
    expect((await ok(kiosk, 'getNomenclature', {})).ruleSet).toEqual(DEFAULT_RULE_SET);
    expect(audit(kiosk)).toEqual([]);
  });

  it('exports the rules as a file that imports back; the tester masks app tokens', async () => {
    const kiosk = await startCore();
    const exported = await ok(kiosk, 'exportNomenclature', {});
    expect(exported.filename).toBe('barcode-rules.json');
    expect((await ok(kiosk, 'importNomenclature', { text: exported.text })).ruleSet).toEqual(DEFAULT_RULE_SET);
    const token = `P${'0'.repeat(20)}`;
    const tested = await ok(kiosk, 'testScan', { code: token });
    expect(JSON.stringify(tested.result)).not.toContain(token);
  });
});
