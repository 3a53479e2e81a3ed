import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, RULE_SET_VERSION } from '../../../src/shared/barcode/rule-set';
import type { RuleSet } from '../../../src/shared/barcode/rule-set';
import { classifyScan, compileRuleSet } from '../../../src/shared/barcode/scan-rules';
import { formatIssues } from '../../../src/shared/config/issues';
import { DEFAULT_SETTINGS } from '../../../src/shared/config/settings';
import type { KioskConfiguration } from '../../../src/shared/config/setup-file';
import { exportSetupFile, importSetupFile, previewSetupFile, SETUP_FILE_VERSION } from '../../../src/shared/config/setup-file';

const NOW = new Date('2026-12-01T01:00:00Z');
const META = { now: NOW, appVersion: '0.1.0' };

const mod16Rules: RuleSet = {
  ...DEFAULT_RULE_SET,
  rules: [
    ...DEFAULT_RULE_SET.rules,
    {
      id: 'member-card-nw7-mod16',
      name: 'NW-7 mod 16',
      kind: 'memberCard',
      symbologies: [']F'],
      startStop: { transmitted: 'kept', start: 'ABCD', stop: 'ABCD', same: false },
      prefixes: [],
      length: null,
      characters: 'digits',
      pattern: null,
      checkDigit: { scheme: 'mod16', over: 'symbol' },
      number: { from: 'afterPrefix', dropCheckDigit: true, start: 0, length: null, padTo: 0 },
      modes: null,
      ignoreReason: 'unrecognised',
    },
  ],
};

/** The first kiosk, configured by its admin. */
const source: KioskConfiguration = {
  settings: {
    ...DEFAULT_SETTINGS,
    store: { name: '生協ストア 北店', receiptAddress: '東京都杉並区和田 3-30-22', timeZone: 'Asia/Tokyo' },
    offline: { ...DEFAULT_SETTINGS.offline, paymentMax: 1000 },
    scanners: { uris: ['serial:/dev/ttyACM0?baudRate=9600'] },
  },
  nomenclature: mod16Rules,
  catalog: { universities: [{ name: '生協大学', faculties: ['工学部 情報工学科', '文学部'] }] },
};

/** A second kiosk, fresh: defaults. */
const fresh: KioskConfiguration = {
  settings: DEFAULT_SETTINGS,
  nomenclature: DEFAULT_RULE_SET,
  catalog: { universities: [{ name: '生協大学', faculties: ['文学部', '法学部'] }, { name: '生協大学大学院', faculties: ['法学研究科'] }] },
};

function imported(text: string) {
  const result = importSetupFile(text);
  if (!result.ok) throw new Error(formatIssues(result.issues, 'en'));
  return result.value;
}

describe('store set-up file', () => {
  it('carries settings, nomenclature and catalog to a second kiosk unchanged', () => {
    const file = imported(exportSetupFile(source, META));
    expect(file).toMatchObject({ format: 'coop-counter-kiosk-setup', version: SETUP_FILE_VERSION, exportedAt: NOW.toISOString() });
    const preview = previewSetupFile(fresh, file);
    expect(preview.issues).toEqual([]);
    expect(preview.result).toEqual(source);
    // The second kiosk now reads the mod 16 card and refuses offline payments over 1000 yen.
    expect(classifyScan('A37859+B', ']F0', compileRuleSet(preview.result.nomenclature))).toMatchObject({ kind: 'memberCard', memberNo: '37859' });
    expect(preview.result.settings.offline.paymentMax).toBe(1000);
  });

  it('previews what will change, key by key, old → new', () => {
    const preview = previewSetupFile(fresh, imported(exportSetupFile(source, META)));
    expect(preview.changes).toEqual([
      { area: 'settings', key: 'store.name', old: '大学生協', new: '生協ストア 北店', restart: false },
      { area: 'settings', key: 'store.receiptAddress', old: '', new: '東京都杉並区和田 3-30-22', restart: false },
      { area: 'settings', key: 'offline.paymentMax', old: 3000, new: 1000, restart: false },
      { area: 'settings', key: 'scanners.uris', old: ['sim'], new: ['serial:/dev/ttyACM0?baudRate=9600'], restart: true },
      { area: 'nomenclature', key: 'member-card-nw7-mod16', change: 'added', old: null, new: mod16Rules.rules.at(-1) },
      { area: 'catalog', key: '生協大学', change: 'changed', old: ['文学部', '法学部'], new: ['工学部 情報工学科', '文学部'] },
      { area: 'catalog', key: '生協大学大学院', change: 'removed', old: ['法学研究科'], new: null },
    ]);
    expect(preview.restartNeeded).toBe(true);
    expect(previewSetupFile(source, imported(exportSetupFile(source, META))).changes).toEqual([]);
  });

  it('keeps settings the environment locks on this kiosk, and says so', () => {
    const preview = previewSetupFile(fresh, imported(exportSetupFile(source, META)), { 'scanners.uris': 'KIOSK_SCANNERS' });
    expect(preview.changes.find((change) => change.key === 'scanners.uris')).toMatchObject({ lockedBy: 'KIOSK_SCANNERS', restart: false });
    expect(preview.result.settings.scanners.uris).toEqual(['sim']);
    expect(preview.restartNeeded).toBe(false);
  });

  it('reports a locked value that no longer fits the imported ones instead of applying it', () => {
    const lowMax = { ...fresh, settings: { ...DEFAULT_SETTINGS, register: { ...DEFAULT_SETTINGS.register, topupMax: 8_000, topupPresets: [1000] } } };
    const preview = previewSetupFile(lowMax, imported(exportSetupFile(source, META)), { 'register.topupMax': 'KIOSK_TOPUP_MAX' });
    expect(preview.issues.map((item) => item.path)).toEqual(['settings.register.topupPresets.4']);
  });

  it('refuses a file from a newer kiosk with a message in both languages', () => {
    const newer = { ...JSON.parse(exportSetupFile(source, META)), version: SETUP_FILE_VERSION + 1, somethingNew: true };
    const result = importSetupFile(JSON.stringify(newer));
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: 'version',
          key: 'setup.tooNew',
          message: {
            en: `This set-up file was made by a newer kiosk (format ${SETUP_FILE_VERSION + 1}; this kiosk reads up to ${SETUP_FILE_VERSION}). Update this kiosk first, then import it again.`,
            ja: `この設定ファイルは新しいバージョンの端末で作られています（形式 ${SETUP_FILE_VERSION + 1}、この端末は ${SETUP_FILE_VERSION} まで）。先にこの端末を更新してから、もう一度取り込んでください。`,
          },
        },
      ],
    });
    const newerRules = { ...JSON.parse(exportSetupFile(source, META)) };
    newerRules.nomenclature.version = RULE_SET_VERSION + 1;
    expect(importSetupFile(JSON.stringify(newerRules))).toMatchObject({ ok: false, issues: [{ path: 'nomenclature.version', key: 'ruleSet.tooNew' }] });
  });

  it('refuses bad files as a whole, each problem with its place', () => {
    expect(importSetupFile('not json')).toMatchObject({ ok: false, issues: [{ key: 'setup.json' }] });
    expect(importSetupFile('{"rules": []}')).toMatchObject({ ok: false, issues: [{ key: 'setup.format' }] });
    const file = JSON.parse(exportSetupFile(source, META));
    file.deviceSecret = 'do-not-carry';
    file.settings.offline.paymentMax = -1;
    file.nomenclature.rules[4].pattern = '(';
    file.catalog.universities[0].faculties = [];
    const result = importSetupFile(JSON.stringify(file));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((item) => [item.path, item.key])).toEqual([
      ['settings.offline.paymentMax', 'settings.yen'],
      ['nomenclature.rules.4.pattern', 'rule.pattern.invalid'],
      ['catalog.universities.0.faculties', 'generic.min.array'],
      ['', 'generic.unknownKeys'],
    ]);
    expect(result.issues[3]?.message).toEqual({ en: 'Remove the unknown field deviceSecret.', ja: '不明な項目 deviceSecret を削除してください。' });
  });
});
