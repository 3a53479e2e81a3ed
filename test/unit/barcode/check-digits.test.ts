import { describe, expect, it } from 'vitest';
import {
  computeCheckDigit,
  luhnMod32,
  mod10Weights21,
  mod10Weights21Sum,
  mod10Weights31,
  mod11,
  mod16Codabar,
  sevenDR,
  sevenDSR,
  verifyCheckDigit,
  CHECK_DIGIT_SCHEMES,
} from '../../../src/shared/barcode/check-digits';

describe('check digits against published worked examples', () => {
  it('mod 10 weights 2-1, split (分割)', () => {
    // aimjal.co.jp/gijutu/barcode/nw-7.html: 12345678 → sum 38 → check 2.
    expect(mod10Weights21('12345678')).toBe('2');
    // Wikipedia "Luhn algorithm": account 7992739871 → check digit 3.
    expect(mod10Weights21('7992739871')).toBe('3');
  });

  it('mod 10 weights 2-1, whole products (一括)', () => {
    // aimjal.co.jp/gijutu/barcode/nw-7.html: 12345678 → sum 56 → check 4.
    expect(mod10Weights21Sum('12345678')).toBe('4');
  });

  it('mod 10 weights 3-1 (JAN / EAN-13)', () => {
    // activebarcode.com, "Modulo 10": 400763000011 → check 6.
    expect(mod10Weights31('400763000011')).toBe('6');
    // Wikipedia "International Article Number": 4006381333931.
    expect(mod10Weights31('400638133393')).toBe('1');
  });

  it('mod 11 weights 2-7', () => {
    // Hitachi SEWB+ LXRPIZ04 manual: 12345 → 50 mod 11 = 6 → 11 - 6 = 5.
    expect(mod11('12345')).toBe('5');
    // Same manual: remainder 0 or 1 gives check 0. 6 (×2 = 12, 12 mod 11 = 1) and 0 (remainder 0).
    expect(mod11('6')).toBe('0');
    expect(mod11('0')).toBe('0');
  });

  it('mod 16 over NW-7 start/stop characters', () => {
    // barcode-net.com/chisiki/modulus16.html (also REFERENCE.md): A37859B → 65 mod 16 = 1 → 15 → "+".
    expect(mod16Codabar('A37859B')).toBe('+');
    expect(mod16Codabar('a37859b')).toBe('+');
  });

  it('7DR and 7DSR', () => {
    // mimosa.gr.jp/toitsu/check_digit.html: 123456 ÷ 7 = 17636 remainder 4 → 4.
    expect(sevenDR('123456')).toBe('4');
    // nanoappli.com (Yamato slip numbers): 12345678901 → remainder 3.
    expect(sevenDR('12345678901')).toBe('3');
    // okusu.net/3362: 99991234567 → remainder 0.
    expect(sevenDR('99991234567')).toBe('0');
    // 7DSR is 7 minus the 7DR remainder (aimjal's definition); derived from the examples above.
    expect(sevenDSR('123456')).toBe('3');
    expect(sevenDSR('99991234567')).toBe('0');
    // Numbers far beyond 2^53 are handled digit by digit.
    expect(sevenDR('9'.repeat(40))).toBe(String(Number(BigInt('9'.repeat(40)) % 7n)));
  });

  it('Luhn mod 32 over the Crockford alphabet detects every single-character substitution', () => {
    const payload = 'P7J8NW1X2THM1QW19GD7C';
    const check = luhnMod32(payload);
    expect(check).not.toBeNull();
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let i = 0; i < payload.length; i++) {
      for (const replacement of alphabet) {
        if (replacement === payload[i]) continue;
        const altered = payload.slice(0, i) + replacement + payload.slice(i + 1);
        expect(luhnMod32(altered)).not.toBe(check);
      }
    }
  });

  it('returns null, never throws, outside a scheme’s alphabet', () => {
    for (const scheme of CHECK_DIGIT_SCHEMES) {
      expect(computeCheckDigit(scheme, '')).toBeNull();
      expect(computeCheckDigit(scheme, '12a€\u0000')).toBeNull();
      expect(verifyCheckDigit(scheme, 'x', '0')).toBe(false);
    }
  });
});
