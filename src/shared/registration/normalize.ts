/**
 * Japanese form rules shared by the renderer (as the student types) and the core (checked
 * again): furigana in katakana, mobile numbers, postal codes, e-mail carriers, masks.
 */
import { toKatakana } from 'wanakana';

/**
 * Katakana (ァ–ヺ), the middle dot ・ (U+30FB, between the parts of a foreign name: ジョン・スミス),
 * the long-vowel mark ー and spaces: what the portal accepts for furigana.
 */
export const KANA_PATTERN = /^[\u30A1-\u30FC\u3000 ]+$/;
/** At least one kana letter (a furigana of dots and dashes only is no name). */
const KANA_LETTER = /[\u30A1-\u30FA]/;
/** A Japanese mobile number as typed: 11 digits starting 060 / 070 / 080 / 090. */
export const MOBILE_PATTERN = /^0[6-9]0\d{8}$/;
/** 7 digits, with or without the hyphen after the third. */
export const POSTAL_PATTERN = /^\d{3}-?\d{4}$/;

/**
 * Furigana as the portal wants it: half-width katakana and full-width forms folded (NFKC),
 * hiragana (and romaji typed on a latin keyboard) turned into katakana, runs of spaces made one
 * full-width space, NFC-normalised (combining dakuten joined). Dots typed between the parts of
 * a name (half-width ･, ·, •, ／) become the katakana middle dot ・.
 */
export function normalizeFurigana(input: string): string {
  // A spacing ゛ / ゜ (as kana keyboards type them) becomes the combining mark, so NFC joins it.
  const marks = input.replace(/[\u309B\uFF9E]/g, '\u3099').replace(/[\u309C\uFF9F]/g, '\u309A').normalize('NFC');
  const folded = marks
    .normalize('NFKC')
    .replace(/[\u00B7\u2022\u2027\u2219\u22C5/]/g, '\u30FB')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
  // wanakana keeps katakana as it is and converts hiragana (and romaji) to katakana.
  const katakana = toKatakana(folded, { IMEMode: false, passRomaji: false, useObsoleteKana: false });
  return katakana.replace(/ /g, '\u3000').normalize('NFC');
}

export function isValidFurigana(value: string): boolean {
  return value.length > 0 && value.length <= 100 && KANA_PATTERN.test(value) && KANA_LETTER.test(value);
}

/** Digits only (full-width digits folded, hyphens, spaces and brackets dropped). */
export function digitsOnly(input: string): string {
  return input.normalize('NFKC').replace(/[^\d]/g, '');
}

/** 090-1234-5678 style (for display), or the digits as they are when not 11 long. */
export function formatMobile(digits: string): string {
  return digits.length === 11 ? `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}` : digits;
}

/** `09012345678` → `+819012345678` (E.164, as the portal stores it). */
export function mobileToE164(digits: string): string {
  if (!MOBILE_PATTERN.test(digits)) throw new Error('not a Japanese mobile number');
  return `+81${digits.slice(1)}`;
}

/** `+819012345678` → `09012345678`; anything else → ''. */
export function e164ToMobile(e164: string | null | undefined): string {
  if (!e164) return '';
  const match = /^\+81([6-9]0\d{8})$/.exec(e164);
  return match ? `0${match[1]}` : '';
}

/** `1000001` / `100-0001` → `100-0001`. */
export function formatPostalCode(input: string): string {
  const digits = digitsOnly(input);
  return digits.length === 7 ? `${digits.slice(0, 3)}-${digits.slice(3)}` : digits;
}

/** The carriers' own mail domains, in the order the on-screen keyboard offers them. */
export const CARRIER_MAIL_DOMAINS = ['docomo.ne.jp', 'ezweb.ne.jp', 'au.com', 'softbank.ne.jp', 'i.softbank.jp', 'icloud.com'] as const;

const CARRIER_DOMAINS: ReadonlyArray<[RegExp, 'docomo' | 'au' | 'softbank' | 'icloud']> = [
  [/(^|\.)docomo\.ne\.jp$/, 'docomo'],
  [/(^|\.)(ezweb\.ne\.jp|au\.com)$/, 'au'],
  [/(^|\.)(softbank\.ne\.jp|i\.softbank\.jp)$/, 'softbank'],
  [/(^|\.)(icloud\.com|me\.com|mac\.com)$/, 'icloud'],
];

/** Carrier mail that blocks the co-op's mail until the student allows it. */
export function carrierOf(email: string): 'docomo' | 'au' | 'softbank' | 'icloud' | null {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  for (const [pattern, carrier] of CARRIER_DOMAINS) if (pattern.test(domain)) return carrier;
  return null;
}

/** The portal's mask: `t***@e***.jp`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const lastDot = domain.lastIndexOf('.');
  const tld = lastDot >= 0 ? domain.slice(lastDot) : '';
  return `${local[0]}***@${domain[0] ?? ''}***${tld}`;
}

/** Whether `email` could be the address behind `masked` (same first letters and top-level domain). */
export function fitsMask(email: string, masked: string): boolean {
  return maskEmail(email.toLowerCase()) === masked.toLowerCase();
}
