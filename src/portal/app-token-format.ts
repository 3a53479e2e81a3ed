import { randomInt } from 'node:crypto';

/**
 * Barcode shapes the portal mints. These are placeholders behind two small functions until
 * `src/shared/barcode` (owned by the scanner work) exports `formatMemberCardCodabar` and
 * `formatAppToken`; switch the bodies over then. The portal itself never parses either:
 * it stores what it minted and looks it up.
 */
export type AppTokenMode = 'pay' | 'points' | 'charge';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MODE_PREFIX: Record<AppTokenMode, string> = { pay: 'P', points: 'T', charge: 'C' };

/** 22 characters [A-Za-z0-9]: one mode letter (P pay, T points, C charge) then 21 random. */
export function mintAppTokenString(mode: AppTokenMode): string {
  let out = MODE_PREFIX[mode];
  for (let i = 0; i < 21; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** NW-7 (Codabar) card data: start A, the 10-digit member number, a mod-10 (2-1) check digit, stop B. */
export function memberCardBarcode(memberNo: string): string {
  let sum = 0;
  const digits = memberNo.split('').map(Number).reverse();
  digits.forEach((d, i) => {
    const v = i % 2 === 0 ? d * 2 : d;
    sum += v > 9 ? v - 9 : v;
  });
  const check = (10 - (sum % 10)) % 10;
  return `A${memberNo}${check}B`;
}
