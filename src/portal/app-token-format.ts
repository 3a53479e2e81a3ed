import { randomBytes } from 'node:crypto';
import { APP_TOKEN_RANDOM_BYTES, formatAppToken, formatMemberCardCodabar, type AppTokenMode } from '../shared/barcode';

export type { AppTokenMode };

/**
 * The barcodes the portal mints, in the shapes of src/shared/barcode (the kiosk's scanner
 * nomenclature reads exactly these). The portal never parses them: it stores what it minted.
 */
export function mintAppTokenString(mode: AppTokenMode): string {
  return formatAppToken(mode, randomBytes(APP_TOKEN_RANDOM_BYTES));
}

/** NW-7 (Codabar) data printed on the physical member card. */
export function memberCardBarcode(memberNo: string): string {
  return formatMemberCardCodabar(memberNo);
}
