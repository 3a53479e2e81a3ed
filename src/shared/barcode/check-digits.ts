/**
 * Check-digit schemes used on Japanese member cards and product codes.
 * Each function takes the payload (without its check character) and returns the check character,
 * or `null` when the payload is outside the scheme's alphabet: callers never see an exception.
 */

export const CHECK_DIGIT_SCHEMES = ['mod10w21', 'mod10w21-sum', 'mod10w31', 'mod11', 'mod16', '7dr', '7dsr', 'luhn32'] as const;
export type CheckDigitScheme = (typeof CHECK_DIGIT_SCHEMES)[number];

const DIGITS = /^[0-9]+$/;

/** Digits of `payload` from the rightmost, as numbers. */
function digitsFromRight(payload: string): number[] {
  const digits: number[] = [];
  for (let i = payload.length - 1; i >= 0; i--) digits.push(payload.charCodeAt(i) - 48);
  return digits;
}

/**
 * Modulus 10, weights 2-1 from the rightmost payload digit, two-digit products split into their digits
 * (モジュラス10 ウェイト2・1 分割; the same arithmetic as Luhn).
 */
export function mod10Weights21(payload: string): string | null {
  if (!DIGITS.test(payload)) return null;
  let sum = 0;
  digitsFromRight(payload).forEach((digit, index) => {
    const product = index % 2 === 0 ? digit * 2 : digit;
    sum += product > 9 ? product - 9 : product;
  });
  return String((10 - (sum % 10)) % 10);
}

/** Modulus 10, weights 2-1, products added whole (モジュラス10 ウェイト2・1 一括). */
export function mod10Weights21Sum(payload: string): string | null {
  if (!DIGITS.test(payload)) return null;
  let sum = 0;
  digitsFromRight(payload).forEach((digit, index) => {
    sum += index % 2 === 0 ? digit * 2 : digit;
  });
  return String((10 - (sum % 10)) % 10);
}

/** Modulus 10, weights 3-1 from the rightmost payload digit: JAN / EAN-13 / EAN-8 / UPC. */
export function mod10Weights31(payload: string): string | null {
  if (!DIGITS.test(payload)) return null;
  let sum = 0;
  digitsFromRight(payload).forEach((digit, index) => {
    sum += index % 2 === 0 ? digit * 3 : digit;
  });
  return String((10 - (sum % 10)) % 10);
}

/**
 * Modulus 11, weights 2,3,4,5,6,7 repeating from the rightmost digit; remainder 0 or 1 gives check 0,
 * otherwise 11 - remainder (the convention of Japanese business systems, e.g. Hitachi's LXRPIZ04).
 */
export function mod11(payload: string): string | null {
  if (!DIGITS.test(payload)) return null;
  let sum = 0;
  digitsFromRight(payload).forEach((digit, index) => {
    sum += digit * ((index % 6) + 2);
  });
  const remainder = sum % 11;
  return remainder <= 1 ? '0' : String(11 - remainder);
}

/** Codabar (NW-7) character values for modulus 16: 0-9, then - $ : / . + and the start/stop letters A-D. */
const CODABAR_VALUES = '0123456789-$:/.+ABCD';

/**
 * Modulus 16 over the whole NW-7 symbol, start and stop characters included (A-D = 16-19).
 * `symbolWithoutCheck` is start + data + stop, e.g. `A37859B`; the check goes before the stop char.
 */
export function mod16Codabar(symbolWithoutCheck: string): string | null {
  const upper = symbolWithoutCheck.toUpperCase();
  let sum = 0;
  for (const char of upper) {
    const value = CODABAR_VALUES.indexOf(char);
    if (value < 0) return null;
    sum += value;
  }
  return CODABAR_VALUES.charAt((16 - (sum % 16)) % 16);
}

/** The payload read as a decimal number, modulo 7, computed digit by digit (no precision limit). */
function remainderBy7(payload: string): number | null {
  if (!DIGITS.test(payload)) return null;
  let remainder = 0;
  for (const char of payload) remainder = (remainder * 10 + (char.charCodeAt(0) - 48)) % 7;
  return remainder;
}

/** 7DR (seven check, division remainder): the payload as a number, modulo 7. */
export function sevenDR(payload: string): string | null {
  const remainder = remainderBy7(payload);
  return remainder === null ? null : String(remainder);
}

/** 7DSR (seven check, subtracted remainder): 7 minus the 7DR remainder, 7 - 0 written as 0. */
export function sevenDSR(payload: string): string | null {
  const remainder = remainderBy7(payload);
  return remainder === null ? null : String((7 - remainder) % 7);
}

/** Crockford base32 alphabet (no I, L, O, U): the alphabet of app tokens. */
export const CROCKFORD32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Luhn mod N (N = 32) over the Crockford alphabet: the generalised Luhn algorithm
 * (Wikipedia, "Luhn mod N algorithm"); catches every single-character error and most transpositions.
 */
export function luhnMod32(payload: string): string | null {
  const n = CROCKFORD32.length;
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    const codePoint = CROCKFORD32.indexOf(payload.charAt(i));
    if (codePoint < 0) return null;
    let addend = factor * codePoint;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return CROCKFORD32.charAt((n - (sum % n)) % n);
}

const SCHEME_FUNCTIONS: Record<CheckDigitScheme, (payload: string) => string | null> = {
  mod10w21: mod10Weights21,
  'mod10w21-sum': mod10Weights21Sum,
  mod10w31: mod10Weights31,
  mod11,
  mod16: mod16Codabar,
  '7dr': sevenDR,
  '7dsr': sevenDSR,
  luhn32: luhnMod32,
};

/** The check character of `payload` under `scheme`, or null if the payload is outside its alphabet. */
export function computeCheckDigit(scheme: CheckDigitScheme, payload: string): string | null {
  if (payload.length === 0) return null;
  return SCHEME_FUNCTIONS[scheme](payload);
}

/** True when `check` is the check character of `payload` under `scheme` (case-insensitive for letters). */
export function verifyCheckDigit(scheme: CheckDigitScheme, payload: string, check: string): boolean {
  const expected = computeCheckDigit(scheme, payload);
  return expected !== null && expected === check.toUpperCase();
}
