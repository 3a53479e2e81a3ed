import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNKNOWN_REASONS } from '../../../src/shared/barcode/nomenclature';
import { classifyScan, type ScanClassification } from '../../../src/shared/barcode/scan-rules';
import { formatAppToken, formatMemberCardCodabar, formatMemberCardCode128, formatStaffCardCode128 } from '../../../src/shared/barcode/formats';
import { DEFAULT_TEST_BARCODES, janWithCheck } from '../../../src/shared/barcode/render';
import { displayScanData } from '../../../src/shared/barcode/display';

describe('the default rule set', () => {
  it('reads physical member cards in NW-7, with or without start/stop characters', () => {
    const symbol = formatMemberCardCodabar('0012345678');
    expect(classifyScan(symbol, ']F0')).toEqual({ kind: 'memberCard', memberNo: '0012345678', ruleId: 'member-card-nw7', symbology: ']F0' });
    expect(classifyScan(symbol)).toEqual({ kind: 'memberCard', memberNo: '0012345678', ruleId: 'member-card-nw7' });
    // Scanners with start/stop transmission off send only the data characters.
    expect(classifyScan(symbol.slice(1, -1), ']F0')).toMatchObject({ kind: 'memberCard', memberNo: '0012345678' });
    // One of start/stop alone is not a card shape.
    expect(classifyScan(symbol.slice(0, -1))).toEqual({ kind: 'unknown', reason: 'unrecognised' });
  });

  it('reads physical member cards in Code 128', () => {
    expect(classifyScan(formatMemberCardCode128('9876543210'), ']C0')).toEqual({
      kind: 'memberCard',
      memberNo: '9876543210',
      ruleId: 'member-card-code128',
      symbology: ']C0',
    });
  });

  it('reads staff cards in Code 128 (ST + staff number + check digit); a member card is not one (issue 12)', () => {
    expect(formatStaffCardCode128('2001')).toBe('ST20015');
    expect(classifyScan(formatStaffCardCode128('2001'), ']C0')).toEqual({ kind: 'staffCard', staffNo: '2001', ruleId: 'staff-card-code128', symbology: ']C0' });
    expect(classifyScan(formatStaffCardCode128('12345678'))).toMatchObject({ kind: 'staffCard', staffNo: '12345678' });
    // A misread check digit fills in nobody's number.
    expect(classifyScan('ST20016', ']C0')).toMatchObject({ kind: 'unknown', reason: 'bad_check_digit', ruleId: 'staff-card-code128' });
    expect(classifyScan(formatMemberCardCode128('2024000001'), ']C0')).toMatchObject({ kind: 'memberCard' });
    expect(() => formatStaffCardCode128('12')).toThrow(RangeError);
  });

  it('reads app tokens with their mode', () => {
    const bytes = Uint8Array.from({ length: 13 }, (_, i) => 200 - i * 7);
    for (const mode of ['pay', 'points', 'charge'] as const) {
      const token = formatAppToken(mode, bytes);
      expect(classifyScan(token, ']C0')).toEqual({ kind: 'appToken', mode, token, ruleId: 'app-token' });
    }
  });

  it('says "not a member card" for product JANs, with the reason product_code', () => {
    expect(classifyScan(janWithCheck('490123456789'), ']E0')).toEqual({ kind: 'unknown', reason: 'product_code', ruleId: 'product-jan' });
    expect(classifyScan(janWithCheck('451234567890'))).toMatchObject({ kind: 'unknown', reason: 'product_code' });
    // In-store codes (prefix 20-29) are not products of the JAN rule.
    expect(classifyScan(janWithCheck('201234567890'))).toEqual({ kind: 'unknown', reason: 'unrecognised' });
  });

  it('reports a bad check digit when a card shape fails its check and nothing else matches', () => {
    const symbol = formatMemberCardCodabar('0012345678');
    const wrong = symbol.replace(/(\d)A$/, (_, d: string) => `${(Number(d) + 1) % 10}A`);
    expect(classifyScan(wrong, ']F0')).toEqual({ kind: 'unknown', reason: 'bad_check_digit', ruleId: 'member-card-nw7' });
    const jan = janWithCheck('490123456789');
    expect(classifyScan(jan.slice(0, 12) + ((Number(jan[12]) + 1) % 10))).toMatchObject({ reason: 'bad_check_digit', ruleId: 'product-jan' });
  });

  it('uses the AIM symbology id when sent', () => {
    const codabarCard = formatMemberCardCodabar('0012345678');
    // The same text from a Code 128 symbol is not an NW-7 card.
    expect(classifyScan(codabarCard, ']C0')).toEqual({ kind: 'unknown', reason: 'unrecognised' });
    // Garbage in the symbology argument is ignored rather than trusted.
    expect(classifyScan(codabarCard, 'nonsense')).toMatchObject({ kind: 'memberCard' });
  });

  it('classifies the admin screen’s test barcodes as their rules say', () => {
    for (const barcode of DEFAULT_TEST_BARCODES) {
      const result = classifyScan(barcode.data);
      if (barcode.ruleId === null) expect(result.kind).toBe('unknown');
      else expect('ruleId' in result ? result.ruleId : undefined).toBe(barcode.ruleId);
    }
  });

  it('gives clear reasons for empty, too long and unprintable data', () => {
    expect(classifyScan('')).toEqual({ kind: 'unknown', reason: 'empty' });
    expect(classifyScan('1'.repeat(10_000))).toEqual({ kind: 'unknown', reason: 'too_long' });
    expect(classifyScan('A0012\u0000345678A')).toEqual({ kind: 'unknown', reason: 'not_printable' });
    expect(classifyScan('abc\u0085')).toEqual({ kind: 'unknown', reason: 'not_printable' });
    expect(classifyScan('\ud800abc')).toEqual({ kind: 'unknown', reason: 'not_printable' });
    expect(classifyScan('会員証😀')).toEqual({ kind: 'unknown', reason: 'unrecognised' });
    expect(classifyScan(undefined)).toEqual({ kind: 'unknown', reason: 'empty' });
  });
});

function assertTagged(result: ScanClassification): void {
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
        assertTagged(classifyScan(data, symbology ?? undefined));
      }),
      { numRuns: 400 },
    );
  });

  it('on random bytes decoded as latin1 (what the serial driver delivers)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        assertTagged(classifyScan(String.fromCharCode(...bytes), ']C0'));
      }),
    );
  });

  it('on near-miss member cards', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[AC]?M?[0-9]{9,12}[A]?$/), (data) => {
        assertTagged(classifyScan(data));
      }),
    );
  });

  it('on non-string input', () => {
    for (const value of [null, 42, {}, [], Symbol('x')]) assertTagged(classifyScan(value));
  });
});

describe('displayScanData', () => {
  it('escapes control characters and cuts long data', () => {
    expect(displayScanData('ab\r\n\t\u0000\u007f\u0085\\')).toBe('ab\\r\\n\\t\\x00\\x7f\\u{85}\\\\');
    expect(displayScanData('x'.repeat(100), 10)).toBe(`${'x'.repeat(10)}…(+90)`);
    expect(displayScanData('😀ok')).toBe('😀ok');
  });
});
