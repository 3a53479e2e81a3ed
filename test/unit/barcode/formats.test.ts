import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APP_TOKEN_LENGTH,
  formatAppToken,
  formatMemberCardCodabar,
  formatMemberCardCode128,
  parseAppToken,
} from '../../../src/shared/barcode/formats';
import { mod10Weights21, mod10Weights31 } from '../../../src/shared/barcode/check-digits';

describe('member card formats', () => {
  it('NW-7: A + member number + mod 10 weights 2-1 + A', () => {
    expect(formatMemberCardCodabar('0012345678')).toBe('A00123456782A');
    expect(formatMemberCardCodabar('1234567890')).toBe(`A1234567890${mod10Weights21('1234567890')}A`);
  });

  it('Code 128: CM + member number + mod 10 weights 3-1', () => {
    expect(formatMemberCardCode128('0012345678')).toBe('CM00123456784');
    expect(formatMemberCardCode128('1234567890')).toBe(`CM1234567890${mod10Weights31('1234567890')}`);
  });

  it('refuses member numbers that are not 10 digits', () => {
    for (const bad of ['', '123456789', '12345678901', '12345abcde', '１２３４５６７８９０']) {
      expect(() => formatMemberCardCodabar(bad)).toThrow(RangeError);
      expect(() => formatMemberCardCode128(bad)).toThrow(RangeError);
    }
  });
});

describe('app tokens', () => {
  it('are 22 characters, start with the mode letter and parse back', () => {
    fc.assert(
      fc.property(fc.constantFrom('pay' as const, 'points' as const, 'charge' as const), fc.uint8Array({ minLength: 13, maxLength: 32 }), (mode, bytes) => {
        const token = formatAppToken(mode, bytes);
        expect(token).toHaveLength(APP_TOKEN_LENGTH);
        expect(token[0]).toBe({ pay: 'P', points: 'T', charge: 'C' }[mode]);
        expect(parseAppToken(token)).toEqual({ mode, token });
      }),
    );
  });

  it('encodes the first 100 random bits, 5 bits per character', () => {
    expect(formatAppToken('pay', new Uint8Array(13))).toBe(`P${'0'.repeat(20)}${formatAppToken('pay', new Uint8Array(13)).slice(-1)}`);
    const allOnes = formatAppToken('charge', new Uint8Array(13).fill(0xff));
    expect(allOnes.slice(1, 21)).toBe('Z'.repeat(20));
  });

  it('rejects a token with any single character changed', () => {
    const token = formatAppToken('points', Uint8Array.from({ length: 13 }, (_, i) => i * 19));
    for (let i = 1; i < token.length; i++) {
      const changed = token.slice(0, i) + (token[i] === '0' ? '1' : '0') + token.slice(i + 1);
      expect(parseAppToken(changed)).toBeNull();
    }
  });

  it('needs 13 random bytes', () => {
    expect(() => formatAppToken('pay', new Uint8Array(12))).toThrow(RangeError);
  });
});
