import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, checkRuleSet } from '../../../src/shared/barcode/rule-set';
import type { RuleSet } from '../../../src/shared/barcode/rule-set';
import { importRuleSet } from '../../../src/shared/barcode/rule-set-io';
import { classifyScan, compileRuleSet, explainScan } from '../../../src/shared/barcode/scan-rules';
import { checkSettings, updateSettings, DEFAULT_SETTINGS } from '../../../src/shared/config/settings';
import { resolveSettings } from '../../../src/shared/config/settings-env';
import { importSetupFile } from '../../../src/shared/config/setup-file';
import { importCatalogCsv } from '../../../src/shared/registration/catalog-csv';
import { CATALOG_MESSAGES } from '../../../src/shared/registration/catalog-messages';
import { RULE_MESSAGES } from '../../../src/shared/barcode/rule-messages';
import { GENERIC_MESSAGES } from '../../../src/shared/config/issues';
import { SETTINGS_MESSAGES } from '../../../src/shared/config/settings-messages';
import { SETUP_MESSAGES } from '../../../src/shared/config/setup-file';

const PLACEHOLDER_NAMES = [GENERIC_MESSAGES, RULE_MESSAGES, SETTINGS_MESSAGES, SETUP_MESSAGES, CATALOG_MESSAGES]
  .flatMap((catalog) => Object.values(catalog))
  .flatMap((message: { en: string }) => [...message.en.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));
/** A template placeholder left unfilled (input may hold braces of its own; these names it will not). */
const UNFILLED = new RegExp(`\\{(${[...new Set(PLACEHOLDER_NAMES)].join('|')})\\}`);

/** Whatever comes in, the answer is a value or a list of issues, each in both languages. */
function expectChecked(result: { ok: boolean; issues?: Array<{ message: { ja: string; en: string } }> }): void {
  if (result.ok) return;
  expect(result.issues?.length).toBeGreaterThan(0);
  for (const item of result.issues ?? []) {
    expect(item.message.en).not.toMatch(UNFILLED);
    expect(item.message.ja).not.toMatch(UNFILLED);
  }
}

describe('configuration input never throws', () => {
  it('rule sets, settings and set-up files from any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectChecked(checkRuleSet(value));
        expectChecked(checkSettings(value));
        expectChecked(importSetupFile(JSON.stringify(value)));
        expectChecked(importRuleSet(JSON.stringify(value)));
        expectChecked(updateSettings(DEFAULT_SETTINGS, typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}));
      }),
      { numRuns: 300 },
    );
  });

  it('rule sets with arbitrary field values', () => {
    const rule = fc.record(
      {
        id: fc.constantFrom('a', 'b', 'B!', ''),
        kind: fc.constantFrom('memberCard', 'staffCard', 'appToken', 'ignore', 'x'),
        pattern: fc.oneof(fc.constant(null), fc.string({ maxLength: 12 })),
        prefixes: fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
        length: fc.oneof(fc.constant(null), fc.record({ min: fc.integer({ min: -2, max: 30 }), max: fc.integer({ min: -2, max: 30 }) })),
        startStop: fc.oneof(fc.constant(null), fc.record({ transmitted: fc.constantFrom('kept', 'stripped', 'either', 'no'), start: fc.constantFrom('A', 'ABCD', 'E', 'AA') })),
        checkDigit: fc.record({ scheme: fc.constantFrom('none', 'mod16', 'mod10w21', '7dsr', 'luhn32'), over: fc.constantFrom('afterPrefix', 'withPrefix', 'symbol') }),
      },
      { requiredKeys: ['id', 'kind'] },
    );
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 4 }), fc.string({ maxLength: 30 }), (rules, code) => {
        const checked = checkRuleSet({ version: 1, rules });
        expectChecked(checked);
        if (checked.ok) {
          const explained = explainScan(code, checked.value, ']F0');
          expect(explained.result).toEqual(classifyScan(code, ']F0', compileRuleSet(checked.value)));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('explainScan agrees with classifyScan: the first rule that matches decides', () => {
    const withStaff: RuleSet = {
      ...DEFAULT_RULE_SET,
      rules: [...DEFAULT_RULE_SET.rules, { ...DEFAULT_RULE_SET.rules[2]!, id: 'staff', kind: 'staffCard', prefixes: ['ST'] }],
    };
    const compiled = compileRuleSet(withStaff);
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^(CM|ST|A)?[0-9]{10,12}A?$/), fc.string({ maxLength: 20 })), fc.constantFrom(undefined, ']C0', ']F0'), (code, aim) => {
        const explained = explainScan(code, compiled, aim);
        expect(explained.result).toEqual(classifyScan(code, aim, compiled));
        const first = explained.rules.findIndex((rule) => rule.status === 'matched');
        expect(explained.matchedRuleId).toBe(first < 0 ? null : withStaff.rules[first]?.id);
        expect(explained.rules.slice(0, Math.max(first, 0)).every((rule) => rule.status === 'failed')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('catalog CSVs from any bytes, and environments with any values', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => expectChecked(importCatalogCsv(bytes))),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('KIOSK_TOPUP_MAX', 'KIOSK_SCANNERS', 'KIOSK_LANG', 'KIOSK_TIME_ZONE', 'KIOSK_PRINTERS', 'KIOSK_IDLE_SECONDS'), fc.string({ maxLength: 12 })), (env) => {
        expectChecked(resolveSettings(null, env));
      }),
      { numRuns: 300 },
    );
  });
});
