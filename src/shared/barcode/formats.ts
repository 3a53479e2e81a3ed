/**
 * The shapes of the barcodes the co-op issues, shared by the kiosk, the reference portal and the tests
 * so that all of them mint and read exactly the same strings. See README.md in this folder.
 */
import { CROCKFORD32, luhnMod32, mod10Weights21, mod10Weights31 } from './check-digits';

export const MEMBER_NO_PATTERN = /^[0-9]{10}$/;
export const APP_TOKEN_LENGTH = 22;
export const APP_TOKEN_MODES = ['pay', 'points', 'charge'] as const;
export type AppTokenMode = (typeof APP_TOKEN_MODES)[number];

/** First character of an app token: which screen of the app's barcode slider the student chose. */
export const APP_TOKEN_MODE_LETTERS: Readonly<Record<AppTokenMode, string>> = { pay: 'P', points: 'T', charge: 'C' };
const MODE_BY_LETTER: Readonly<Record<string, AppTokenMode>> = { P: 'pay', T: 'points', C: 'charge' };

/** Random characters in a token: 20 Crockford base32 characters carry 100 random bits. */
const APP_TOKEN_RANDOM_CHARS = APP_TOKEN_LENGTH - 2;
export const APP_TOKEN_RANDOM_BYTES = Math.ceil((APP_TOKEN_RANDOM_CHARS * 5) / 8);

function assertMemberNo(memberNo: string): void {
  if (!MEMBER_NO_PATTERN.test(memberNo)) throw new RangeError(`member number must be 10 digits, got ${JSON.stringify(memberNo)}`);
}

/**
 * Physical card, NW-7 (Codabar): start `A`, the 10-digit member number, one check digit
 * (modulus 10 weights 2-1, split), stop `A`. Example: member 0012345678 → `A00123456782A`.
 * Returns the full symbol text including start/stop, as printed and as a scanner sends it with
 * start/stop transmission on.
 */
export function formatMemberCardCodabar(memberNo: string): string {
  assertMemberNo(memberNo);
  return `A${memberNo}${mod10Weights21(memberNo) ?? ''}A`;
}

/** Physical card, Code 128: `CM`, the 10-digit member number, one check digit (modulus 10 weights 3-1). */
export function formatMemberCardCode128(memberNo: string): string {
  assertMemberNo(memberNo);
  return `CM${memberNo}${mod10Weights31(memberNo) ?? ''}`;
}

/** Staff numbers on the staff pad: 3–8 digits. */
const STAFF_NO_PATTERN = /^[0-9]{3,8}$/;

/**
 * Staff card (the default `staff-card-code128` rule, issue 12), Code 128: `ST`, the staff number
 * (3–8 digits), one modulus 10 weights 3-1 check digit over the number.
 */
export function formatStaffCardCode128(staffNo: string): string {
  if (!STAFF_NO_PATTERN.test(staffNo)) throw new RangeError(`staff number must be 3–8 digits, got ${JSON.stringify(staffNo)}`);
  return `ST${staffNo}${mod10Weights31(staffNo) ?? ''}`;
}

/**
 * The app's one-time CPM token, 22 characters shown as Code 128:
 * 1 mode letter (P pay, T points, C charge) + 20 Crockford base32 characters from `randomBytes`
 * (at least 13 bytes; the first 100 bits are used) + 1 Luhn mod 32 check character over the first 21.
 */
export function formatAppToken(mode: AppTokenMode, randomBytes: Uint8Array): string {
  if (randomBytes.length < APP_TOKEN_RANDOM_BYTES) {
    throw new RangeError(`an app token needs ${APP_TOKEN_RANDOM_BYTES} random bytes, got ${randomBytes.length}`);
  }
  let body = '';
  for (let i = 0; i < APP_TOKEN_RANDOM_CHARS; i++) {
    const bit = i * 5;
    const byteIndex = bit >> 3;
    const pair = ((randomBytes[byteIndex] ?? 0) << 8) | (randomBytes[byteIndex + 1] ?? 0);
    const value = (pair >> (11 - (bit & 7))) & 0x1f;
    body += CROCKFORD32.charAt(value);
  }
  const head = APP_TOKEN_MODE_LETTERS[mode] + body;
  return head + (luhnMod32(head) ?? '');
}

export interface ParsedAppToken {
  mode: AppTokenMode;
  token: string;
}

const APP_TOKEN_SHAPE = /^[PTC][0-9A-HJKMNP-TV-Z]{21}$/;

/** Reads an app token; null unless it has the exact shape and a valid check character. Never throws. */
export function parseAppToken(data: string): ParsedAppToken | null {
  if (typeof data !== 'string' || !APP_TOKEN_SHAPE.test(data)) return null;
  const head = data.slice(0, -1);
  if (luhnMod32(head) !== data.slice(-1)) return null;
  const mode = MODE_BY_LETTER[data.charAt(0)];
  return mode ? { mode, token: data } : null;
}

/** Mode of an app token from its first letter (used by configured rules). */
export function appTokenModeFromLetter(letter: string): AppTokenMode | undefined {
  return MODE_BY_LETTER[letter];
}
