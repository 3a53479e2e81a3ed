import { describe, expect, it } from 'vitest';
import { computeCheckDigit } from '../../../src/shared/barcode/check-digits';
import { readFileSync } from 'node:fs';
import { DEFAULT_TEST_BARCODES } from '../../../src/shared/barcode/render';
import type { RuleSet, RuleSetInput, ScanRuleInput } from '../../../src/shared/barcode/rule-set';
import { checkRuleSet, checkScanRule, DEFAULT_RULE_SET, RULE_SET_VERSION } from '../../../src/shared/barcode/rule-set';
import { defaultRuleSet, exportRuleSet, importRuleSet } from '../../../src/shared/barcode/rule-set-io';
import { classifyScan, compileRuleSet, explainScan } from '../../../src/shared/barcode/scan-rules';
import { formatIssues } from '../../../src/shared/config/issues';

function ruleSet(rules: ScanRuleInput[], extra: Partial<RuleSetInput> = {}): RuleSet {
  const checked = checkRuleSet({ version: RULE_SET_VERSION, rules, ...extra });
  if (!checked.ok) throw new Error(formatIssues(checked.issues, 'en'));
  return checked.value;
}

/** The worked NW-7 modulus 16 example: start A, data 37859, check +, stop B. */
const NW7_MOD16_RULE: ScanRuleInput = {
  id: 'member-card-nw7-mod16',
  name: 'Member card, NW-7 with modulus 16',
  kind: 'memberCard',
  symbologies: [']F'],
  startStop: { transmitted: 'kept' },
  characters: 'digits',
  checkDigit: { scheme: 'mod16', over: 'symbol' },
};

describe('the default rule set is today’s behaviour', () => {
  const compiledDefaults = compileRuleSet(DEFAULT_RULE_SET);

  // Fixed expectations recorded from the nomenclature the rule set replaced (createNomenclature,
  // removed in issue 14): cards with and without start/stop, other start/stop letters, Code 128,
  // app tokens, JANs, one-character mutations, empty, too long, unprintable, each with six AIM ids.
  const EXPECTED = JSON.parse(readFileSync(new URL('../../fixtures/barcode/default-rules-expected.json', import.meta.url), 'utf8')) as Array<[string, string | null, unknown]>;

  it('classifies a fixed table of codes exactly as the nomenclature it replaced', () => {
    expect(EXPECTED.length).toBe(150);
    for (const [data, symbology, expected] of EXPECTED) expect([data, symbology, classifyScan(data, symbology ?? undefined, compiledDefaults)]).toEqual([data, symbology, expected]);
  });

  it('classifies the admin screen’s test barcodes as their rules say', () => {
    for (const barcode of DEFAULT_TEST_BARCODES) {
      const result = classifyScan(barcode.data);
      expect('ruleId' in result ? (result.ruleId ?? null) : null).toBe(barcode.ruleId);
    }
  });

  it('refuses the worked modulus 16 example, which no default rule reads', () => {
    expect(classifyScan('A37859+B', ']F0')).toEqual({ kind: 'unknown', reason: 'unrecognised' });
    const explained = explainScan('A37859+B', DEFAULT_RULE_SET, ']F0');
    expect(explained.matchedRuleId).toBeNull();
    expect(explained.rules.map((rule) => [rule.ruleId, rule.failed])).toEqual([
      ['app-token', 'symbology'],
      ['member-card-nw7', 'startStop'],
      ['member-card-code128', 'symbology'],
      ['staff-card-code128', 'symbology'],
      ['product-jan', 'symbology'],
    ]);
    expect(explained.rules[1]?.reason?.en).toContain('both ends or neither');
    expect(explained.summary.ja).toBe('このコードを読むルールはありません。');
  });
});

describe('a modulus 16 NW-7 member-card rule', () => {
  const withRule = compileRuleSet(ruleSet([...(DEFAULT_RULE_SET.rules as ScanRuleInput[]), NW7_MOD16_RULE]));

  it('accepts A37859+B and takes the member number between start and check', () => {
    expect(computeCheckDigit('mod16', 'A37859B')).toBe('+');
    expect(classifyScan('A37859+B', ']F0', withRule)).toEqual({ kind: 'memberCard', memberNo: '37859', ruleId: 'member-card-nw7-mod16', symbology: ']F0' });
    expect(classifyScan('A37859+B', undefined, withRule)).toMatchObject({ kind: 'memberCard', memberNo: '37859' });
  });

  it('refuses a wrong check character with the expected one, and a code without start/stop', () => {
    expect(classifyScan('A37859-B', ']F0', withRule)).toEqual({ kind: 'unknown', reason: 'bad_check_digit', ruleId: 'member-card-nw7-mod16' });
    const explained = explainScan('A37859-B', withRule, ']F0');
    expect(explained.checkDigit).toEqual({ scheme: 'mod16', over: 'A37859B', expected: '+', found: '-', ok: false });
    expect(explained.rules.at(-1)).toMatchObject({ status: 'failed', failed: 'checkDigit' });
    expect(explained.rules.at(-1)?.reason).toEqual({ en: 'Check character wrong: expected +, found -.', ja: 'チェック文字が違います（正しくは +、読み取りは -）。' });
    expect(classifyScan('37859+', ']F0', withRule)).toEqual({ kind: 'unknown', reason: 'unrecognised' });
  });

  it('tells the tester which rule matched, why the others did not, the number and the verdict', () => {
    const explained = explainScan('A37859+B', withRule, ']F0');
    expect(explained).toMatchObject({ matchedRuleId: 'member-card-nw7-mod16', number: '37859', refusedBeforeRules: false });
    expect(explained.checkDigit).toEqual({ scheme: 'mod16', over: 'A37859B', expected: '+', found: '+', ok: true });
    expect(explained.rules.map((rule) => rule.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'matched']);
    expect(explained.summary.en).toBe('Member card 37859 (rule member-card-nw7-mod16).');
  });

  it('marks rules after the match as shadowed, saying whether they would also match', () => {
    const catchAll: ScanRuleInput = { id: 'everything-else', kind: 'ignore' };
    const explained = explainScan('A37859+B', ruleSet([NW7_MOD16_RULE, catchAll, { id: 'never', kind: 'ignore', prefixes: ['ZZ'] }]));
    expect(explained.rules.map((rule) => [rule.status, rule.wouldMatch])).toEqual([
      ['matched', undefined],
      ['shadowed', true],
      ['shadowed', false],
    ]);
  });
});

describe('rule conditions', () => {
  it('reads every check scheme the editor offers', () => {
    const cases = [
      ['mod10w21', '1234567890'],
      ['mod10w21-sum', '1234567890'],
      ['mod10w31', '1234567890'],
      ['mod11', '1234567890'],
      ['7dr', '1234567890'],
      ['7dsr', '1234567890'],
    ] as const;
    for (const [scheme, payload] of cases) {
      const set = compileRuleSet(ruleSet([{ id: 'card', kind: 'memberCard', prefixes: ['S'], characters: 'digits', checkDigit: { scheme } }]));
      const good = `S${payload}${computeCheckDigit(scheme, payload)}`;
      expect(classifyScan(good, undefined, set)).toMatchObject({ kind: 'memberCard', memberNo: payload });
      const wrongCheck = (Number(computeCheckDigit(scheme, payload)) + 1) % 7;
      expect(classifyScan(`S${payload}${wrongCheck}`, undefined, set)).toMatchObject({ kind: 'unknown', reason: 'bad_check_digit' });
    }
  });

  it('start/stop kept, stripped or either', () => {
    const base: ScanRuleInput = { id: 'card', kind: 'memberCard', characters: 'digits', symbologies: [']F'] };
    const kept = compileRuleSet(ruleSet([{ ...base, startStop: { transmitted: 'kept', start: 'C', stop: 'D' } }]));
    expect(classifyScan('C1234D', undefined, kept)).toMatchObject({ memberNo: '1234' });
    expect(classifyScan('1234', undefined, kept)).toMatchObject({ reason: 'unrecognised' });
    const stripped = compileRuleSet(ruleSet([{ ...base, startStop: { transmitted: 'stripped', start: 'C', stop: 'D' } }]));
    expect(classifyScan('1234', undefined, stripped)).toMatchObject({ memberNo: '1234' });
    expect(explainScan('C1234D', stripped).rules[0]?.failed).toBe('startStop');
    const either = compileRuleSet(ruleSet([{ ...base, startStop: { transmitted: 'either', same: true } }]));
    expect(classifyScan('B1234B', undefined, either)).toMatchObject({ memberNo: '1234' });
    expect(classifyScan('1234', undefined, either)).toMatchObject({ memberNo: '1234' });
    expect(classifyScan('B1234C', undefined, either)).toMatchObject({ reason: 'unrecognised' });
  });

  it('modulus 16 over the symbol when the scanner strips start/stop uses the rule’s letters', () => {
    const set = compileRuleSet(ruleSet([{ ...NW7_MOD16_RULE, startStop: { transmitted: 'stripped', start: 'A', stop: 'B' } }]));
    expect(classifyScan('37859+', ']F0', set)).toMatchObject({ kind: 'memberCard', memberNo: '37859' });
  });

  it('takes the number as configured: slice, padding, whole data, pattern group, check kept', () => {
    const number = (numberConfig: ScanRuleInput['number'], code: string, extra: Partial<ScanRuleInput> = {}): string | undefined => {
      const set = compileRuleSet(ruleSet([{ id: 'card', kind: 'memberCard', prefixes: ['99'], checkDigit: { scheme: '7dr' }, number: numberConfig, ...extra }]));
      const result = classifyScan(code, undefined, set);
      return result.kind === 'memberCard' ? result.memberNo : undefined;
    };
    const code = `99123456${computeCheckDigit('7dr', '123456')}`;
    expect(number({}, code)).toBe('123456');
    expect(number({ start: 2, length: 3 }, code)).toBe('345');
    expect(number({ padTo: 10 }, code)).toBe('0000123456');
    expect(number({ from: 'whole' }, code)).toBe('99123456');
    expect(number({ dropCheckDigit: false }, code)).toBe(code.slice(2));
    expect(number({ from: 'patternGroup' }, code, { pattern: '99(?<number>[0-9]{4})[0-9]{3}' })).toBe('1234');
    expect(number({ start: 20 }, code)).toBeUndefined();
  });

  it('reads staff cards as their own kind (issue 12)', () => {
    const set = compileRuleSet(ruleSet([{ id: 'staff', kind: 'staffCard', prefixes: ['ST'], length: { min: 8, max: 8 }, characters: 'digits' }]));
    expect(classifyScan('ST000042', ']C0', set)).toEqual({ kind: 'staffCard', staffNo: '000042', ruleId: 'staff', symbology: ']C0' });
    expect(explainScan('ST00004', set).rules[0]).toMatchObject({ failed: 'length', reason: { en: 'The code has 7 characters; this rule reads 8.' } });
  });

  it('app tokens with the store’s own mode letters', () => {
    const set = compileRuleSet(ruleSet([{ id: 'tok', kind: 'appToken', length: { min: 22, max: 22 }, characters: 'digits', modes: { '1': 'pay', '2': 'charge' } }]));
    expect(classifyScan(`2${'0'.repeat(21)}`, undefined, set)).toMatchObject({ kind: 'appToken', mode: 'charge' });
    expect(explainScan(`3${'0'.repeat(21)}`, set).rules[0]).toMatchObject({ failed: 'mode' });
  });

  it('refuses empty, over-long and unprintable data before any rule, as today', () => {
    const explained = explainScan('a\u0000b');
    expect(explained).toMatchObject({ refusedBeforeRules: true, result: { kind: 'unknown', reason: 'not_printable' } });
    expect(explained.rules.every((rule) => rule.status === 'failed')).toBe(true);
    expect(classifyScan('', undefined)).toEqual({ kind: 'unknown', reason: 'empty' });
  });
});

describe('validation says what to fix, in both languages', () => {
  it('refuses an invalid pattern with a message', () => {
    const checked = checkScanRule({ id: 'bad', kind: 'memberCard', pattern: '([0-9]+' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues).toHaveLength(1);
    expect(checked.issues[0]).toMatchObject({ path: 'pattern', key: 'rule.pattern.invalid' });
    expect(checked.issues[0]?.message.en).toMatch(/^This pattern is not a valid regular expression \(.+\)\. Fix it/);
    expect(checked.issues[0]?.message.ja).toContain('パターンが正規表現として正しくありません');
  });

  it('refuses a pattern that could take exponential time, and a number group that is missing', () => {
    const slow = checkScanRule({ id: 'slow', kind: 'memberCard', pattern: '([0-9]+)+X' });
    expect(!slow.ok && slow.issues.map((item) => item.key)).toEqual(['rule.pattern.slow']);
    const noGroup = checkScanRule({ id: 'g', kind: 'memberCard', pattern: '[0-9]{8}', number: { from: 'patternGroup' } });
    expect(!noGroup.ok && noGroup.issues.map((item) => [item.path, item.key])).toEqual([['number.from', 'rule.number.noGroup']]);
  });

  it('lists every problem of a rule set with its place', () => {
    const checked = checkRuleSet({
      version: 1,
      rules: [
        { id: 'Bad Id', kind: 'memberCard' },
        { id: 'x', kind: 'memberCard', length: { min: 9, max: 3 }, symbologies: ['F0'], checkDigit: { scheme: 'mod99' } },
        { id: 'x', kind: 'memberCard', checkDigit: { scheme: 'mod16', over: 'symbol' } },
        { id: 'y', kind: 'gift' },
      ],
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const byPath = Object.fromEntries(checked.issues.map((item) => [item.path, item.key]));
    expect(byPath).toEqual({
      'rules.0.id': 'rule.id.format',
      'rules.1.symbologies.0': 'rule.symbology.format',
      'rules.1.length.max': 'rule.length.order',
      'rules.1.checkDigit.scheme': 'generic.oneOf',
      'rules.2.checkDigit.over': 'rule.check.symbolNeedsStartStop',
      'rules.2.id': 'rule.id.duplicate',
      'rules.3.kind': 'generic.oneOf',
    });
    for (const item of checked.issues) {
      expect(item.message.ja.length).toBeGreaterThan(5);
      expect(item.message.en.length).toBeGreaterThan(5);
    }
    expect(formatIssues(checked.issues, 'en')).toContain('rules.2.id: Another rule already has the id x');
  });

  it('refuses a rule set from a newer kiosk as a whole', () => {
    const checked = checkRuleSet({ version: RULE_SET_VERSION + 1, rules: [{ id: 'future', kind: 'hologram' }] });
    expect(checked).toEqual({
      ok: false,
      issues: [
        {
          path: 'version',
          key: 'ruleSet.tooNew',
          message: expect.objectContaining({ en: expect.stringContaining(`format ${RULE_SET_VERSION + 1}; this kiosk reads up to ${RULE_SET_VERSION}`) }),
        },
      ],
    });
  });
});

describe('JSON import, export and reset', () => {
  it('round-trips a rule set through its file', () => {
    const set = ruleSet([NW7_MOD16_RULE, ...(DEFAULT_RULE_SET.rules as ScanRuleInput[])]);
    const text = exportRuleSet(set);
    expect(JSON.parse(text)).toMatchObject({ version: RULE_SET_VERSION });
    expect(importRuleSet(text)).toEqual({ ok: true, value: set });
  });

  it('refuses a file that is not JSON, or that has a bad rule', () => {
    const notJson = importRuleSet('{"version": 1,');
    expect(!notJson.ok && notJson.issues[0]?.key).toBe('ruleSet.json');
    const bad = importRuleSet(JSON.stringify({ version: 1, rules: [{ id: 'p', kind: 'memberCard', pattern: '[' }] }));
    expect(!bad.ok && bad.issues[0]).toMatchObject({ path: 'rules.0.pattern', key: 'rule.pattern.invalid' });
  });

  it('reset gives the defaults, as a copy the editor may change', () => {
    const fresh = defaultRuleSet();
    expect(fresh).toEqual(DEFAULT_RULE_SET);
    fresh.rules.pop();
    expect(DEFAULT_RULE_SET.rules).toHaveLength(5);
  });
});
