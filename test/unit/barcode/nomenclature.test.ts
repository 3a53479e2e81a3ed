import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyBarcode,
  createNomenclature,
  DEFAULT_NOMENCLATURE,
  DEFAULT_NOMENCLATURE_CONFIG,
  NomenclatureConfigError,
  parseNomenclatureConfig,
  UNKNOWN_REASONS,
} from '../../../src/shared/barcode/nomenclature';
import type { BarcodeClassification, NomenclatureConfig } from '../../../src/shared/barcode/nomenclature';
import { formatAppToken, formatMemberCardCodabar, formatMemberCardCode128 } from '../../../src/shared/barcode/formats';
import { DEFAULT_TEST_BARCODES, janWithCheck } from '../../../src/shared/barcode/render';
import { displayScanData } from '../../../src/shared/barcode/display';

describe('default nomenclature', () => {
  it('reads physical member cards in NW-7, with or without start/stop characters', () => {
    const symbol = formatMemberCardCodabar('0012345678');
    expect(classifyBarcode(symbol, ']F0')).toEqual({ kind: 'memberCard', memberNo: '0012345678', ruleId: 'member-card-nw7', symbology: ']F0' });
    expect(classifyBarcode(symbol)).toEqual({ kind: 'memberCard', memberNo: '0012345678', ruleId: 'member-card-nw7' });
    // Scanners with start/stop transmission off send only the data characters.
    expect(classifyBarcode(symbol.slice(1, -1), ']F0')).toMatchObject({ kind: 'memberCard', memberNo: '0012345678' });
    // One of start/stop alone is not a card shape.
    expect(classifyBarcode(symbol.slice(0, -1))).toEqual({ kind: 'unknown', reason: 'unrecognised' });
  });

  it('reads physical member cards in Code 128', () => {
    expect(classifyBarcode(formatMemberCardCode128('9876543210'), ']C0')).toEqual({
      kind: 'memberCard',
      memberNo: '9876543210',
      ruleId: 'member-card-code128',
      symbology: ']C0',
    });
  });

  it('reads app tokens with their mode', () => {
    const bytes = Uint8Array.from({ length: 13 }, (_, i) => 200 - i * 7);
    for (const mode of ['pay', 'points', 'charge'] as const) {
      const token = formatAppToken(mode, bytes);
      expect(classifyBarcode(token, ']C0')).toEqual({ kind: 'appToken', mode, token, ruleId: 'app-token' });
    }
  });

  it('says "not a member card" for product JANs, with the reason product_code', () => {
    expect(classifyBarcode(janWithCheck('490123456789'), ']E0')).toEqual({ kind: 'unknown', reason: 'product_code', ruleId: 'product-jan' });
    expect(classifyBarcode(janWithCheck('451234567890'))).toMatchObject({ kind: 'unknown', reason: 'product_code' });
    // In-store codes (prefix 20-29) are not products of the JAN rule.
    expect(classifyBarcode(janWithCheck('201234567890'))).toEqual({ kind: 'unknown', reason: 'unrecognised' });
  });

  it('reports a bad check digit when a card shape fails its check and nothing else matches', () => {
    const symbol = formatMemberCardCodabar('0012345678');
    const wrong = symbol.replace(/(\d)A$/, (_, d: string) => `${(Number(d) + 1) % 10}A`);
    expect(classifyBarcode(wrong, ']F0')).toEqual({ kind: 'unknown', reason: 'bad_check_digit', ruleId: 'member-card-nw7' });
    const jan = janWithCheck('490123456789');
    expect(classifyBarcode(jan.slice(0, 12) + ((Number(jan[12]) + 1) % 10))).toMatchObject({ reason: 'bad_check_digit', ruleId: 'product-jan' });
  });

  it('uses the AIM symbology id when sent', () => {
    const codabarCard = formatMemberCardCodabar('0012345678');
    // The same text from a Code 128 symbol is not an NW-7 card.
    expect(classifyBarcode(codabarCard, ']C0')).toEqual({ kind: 'unknown', reason: 'unrecognised' });
    // Garbage in the symbology argument is ignored rather than trusted.
    expect(classifyBarcode(codabarCard, 'nonsense')).toMatchObject({ kind: 'memberCard' });
  });

  it('classifies the admin screen’s test barcodes as their rules say', () => {
    for (const barcode of DEFAULT_TEST_BARCODES) {
      const result = classifyBarcode(barcode.data);
      if (barcode.ruleId === null) expect(result.kind).toBe('unknown');
      else expect('ruleId' in result ? result.ruleId : undefined).toBe(barcode.ruleId);
    }
  });

  it('gives clear reasons for empty, too long and unprintable data', () => {
    expect(classifyBarcode('')).toEqual({ kind: 'unknown', reason: 'empty' });
    expect(classifyBarcode('1'.repeat(10_000))).toEqual({ kind: 'unknown', reason: 'too_long' });
    expect(classifyBarcode('A0012\u0000345678A')).toEqual({ kind: 'unknown', reason: 'not_printable' });
    expect(classifyBarcode('abc\u0085')).toEqual({ kind: 'unknown', reason: 'not_printable' });
    expect(classifyBarcode('\ud800abc')).toEqual({ kind: 'unknown', reason: 'not_printable' });
    expect(classifyBarcode('会員証😀')).toEqual({ kind: 'unknown', reason: 'unrecognised' });
    expect(classifyBarcode(undefined)).toEqual({ kind: 'unknown', reason: 'empty' });
  });
});

describe('rule order and configuration', () => {
  const digits13: NomenclatureConfig = {
    rules: [
      { id: 'first', pattern: '^(?<memberNo>[0-9]{13})$', outcome: { kind: 'memberCard' } },
      { id: 'second', pattern: '^(?<payload>[0-9]{12})(?<check>[0-9])$', checkDigit: { scheme: 'mod10w31' }, outcome: { kind: 'unknown', reason: 'product_code' } },
    ],
  };

  it('first matching rule wins', () => {
    const jan = janWithCheck('490123456789');
    expect(classifyBarcode(jan, undefined, createNomenclature(digits13))).toMatchObject({ ruleId: 'first' });
    const reversed = createNomenclature({ rules: [...digits13.rules].reverse() });
    expect(classifyBarcode(jan, undefined, reversed)).toMatchObject({ ruleId: 'second', reason: 'product_code' });
  });

  it('a rule whose check digit fails lets later rules match', () => {
    const nomenclature = createNomenclature({ rules: [...digits13.rules].reverse() });
    const badJan = '4901234567890';
    expect(classifyBarcode(badJan, undefined, nomenclature)).toMatchObject({ kind: 'memberCard', ruleId: 'first' });
  });

  it('supports every check scheme from configuration (7DR card as an example)', () => {
    const nomenclature = createNomenclature({
      rules: [{ id: 'seven', pattern: '^(?<memberNo>[0-9]{11})(?<check>[0-6])$', checkDigit: { scheme: '7dr', over: ['memberNo'] }, outcome: { kind: 'memberCard' } }],
    });
    expect(classifyBarcode('123456789013', undefined, nomenclature)).toMatchObject({ kind: 'memberCard', memberNo: '12345678901' });
    expect(classifyBarcode('123456789012', undefined, nomenclature)).toMatchObject({ reason: 'bad_check_digit' });
  });

  it('mod 16 over start/stop groups, as configured for NW-7', () => {
    const nomenclature = createNomenclature({
      rules: [
        {
          id: 'nw7-mod16',
          pattern: '^(?<start>[A-D])(?<memberNo>[0-9]+)(?<check>[0-9$:/.+-])(?<stop>[A-D])$',
          symbologies: [']F0'],
          checkDigit: { scheme: 'mod16', over: ['start', 'memberNo', 'stop'] },
          outcome: { kind: 'memberCard' },
        },
      ],
    });
    expect(classifyBarcode('A37859+B', ']F0', nomenclature)).toMatchObject({ kind: 'memberCard', memberNo: '37859' });
    expect(classifyBarcode('A37859-B', ']F0', nomenclature)).toMatchObject({ reason: 'bad_check_digit' });
  });

  it('app-token rules can map their own mode letters', () => {
    const nomenclature = createNomenclature({
      rules: [{ id: 'tok', pattern: '^(?<mode>[XYZ])[0-9]{21}$', outcome: { kind: 'appToken', modes: { X: 'pay', Y: 'points', Z: 'charge' } } }],
    });
    expect(classifyBarcode(`Y${'1'.repeat(21)}`, undefined, nomenclature)).toMatchObject({ kind: 'appToken', mode: 'points' });
  });

  it('validates configuration with a clear message per problem', () => {
    const bad = {
      rules: [
        { id: 'broken', pattern: '([', outcome: { kind: 'memberCard' } },
        { id: 'nogroup', pattern: '^[0-9]+$', outcome: { kind: 'memberCard' } },
        { id: 'nogroup', pattern: '^(?<memberNo>\\d+)$', symbologies: ['F0'], checkDigit: { scheme: 'mod99' }, outcome: { kind: 'memberCard' } },
      ],
    };
    let error: unknown;
    try {
      parseNomenclatureConfig(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NomenclatureConfigError);
    const text = (error as NomenclatureConfigError).issues.join('\n');
    expect(text).toContain('rules.0.pattern: not a valid regular expression');
    expect(text).toContain('rules.1.outcome.memberNoGroup: the pattern has no named group (?<memberNo>...)');
    expect(text).toContain('rules.2.symbologies.0');
    expect(text).toContain('rules.2.checkDigit.scheme');
  });

  it('refuses duplicate rule ids', () => {
    const rule = { id: 'same', pattern: '^(?<memberNo>[0-9]{10})$', outcome: { kind: 'memberCard' } };
    expect(() => createNomenclature({ rules: [rule, rule] })).toThrow('rules.1.id: duplicate rule id same');
  });

  it('round-trips the default configuration through JSON', () => {
    const fromJson = createNomenclature(JSON.parse(JSON.stringify(DEFAULT_NOMENCLATURE_CONFIG)));
    const card = formatMemberCardCode128('0000000001');
    expect(classifyBarcode(card, undefined, fromJson)).toEqual(classifyBarcode(card, undefined, DEFAULT_NOMENCLATURE));
  });
});

function assertTagged(result: BarcodeClassification): void {
  switch (result.kind) {
    case 'memberCard':
      expect(result.memberNo).toMatch(/^[0-9]{10}$/);
      break;
    case 'appToken':
      expect(['pay', 'points', 'charge']).toContain(result.mode);
      break;
    case 'unknown':
      expect(UNKNOWN_REASONS).toContain(result.reason);
      break;
    default:
      throw new Error(`untagged result ${JSON.stringify(result)}`);
  }
}

describe('never throws', () => {
  it('on any string, with or without a symbology', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 10_240, minLength: 10_000 })), fc.option(fc.string({ maxLength: 4 })), (data, symbology) => {
        assertTagged(classifyBarcode(data, symbology ?? undefined));
      }),
      { numRuns: 400 },
    );
  });

  it('on random bytes decoded as latin1 (what the serial driver delivers)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        assertTagged(classifyBarcode(String.fromCharCode(...bytes), ']C0'));
      }),
    );
  });

  it('on near-miss member cards', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[AC]?M?[0-9]{9,12}[A]?$/), (data) => {
        assertTagged(classifyBarcode(data));
      }),
    );
  });

  it('on non-string input', () => {
    for (const value of [null, 42, {}, [], Symbol('x')]) assertTagged(classifyBarcode(value));
  });
});

describe('displayScanData', () => {
  it('escapes control characters and cuts long data', () => {
    expect(displayScanData('ab\r\n\t\u0000\u007f\u0085\\')).toBe('ab\\r\\n\\t\\x00\\x7f\\u{85}\\\\');
    expect(displayScanData('x'.repeat(100), 10)).toBe(`${'x'.repeat(10)}…(+90)`);
    expect(displayScanData('😀ok')).toBe('😀ok');
  });
});
