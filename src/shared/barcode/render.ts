/**
 * Renders barcodes to SVG with JsBarcode. Pure: the caller passes the DOM `Document` to draw with —
 * `window.document` in the renderer, an `@xmldom/xmldom` document in Node (tests, printing).
 * JsBarcode computes EAN/UPC check digits but no Codabar check character: `codabarWithCheck` does.
 */
import JsBarcode from 'jsbarcode';
import { computeCheckDigit, mod10Weights31 } from './check-digits';
import type { CheckDigitScheme } from './check-digits';
import { formatAppToken, formatMemberCardCodabar, formatMemberCardCode128, formatStaffCardCode128 } from './formats';
import type { AppTokenMode } from './formats';

export const SVG_NS = 'http://www.w3.org/2000/svg';

export const BARCODE_FORMATS = ['CODE128', 'codabar', 'EAN13', 'EAN8', 'CODE39', 'ITF'] as const;
export type BarcodeFormat = (typeof BARCODE_FORMATS)[number];

/** The part of a DOM element JsBarcode's SVG renderer uses (kept structural: src/shared has no DOM lib). */
export interface SvgElementLike {
  readonly nodeName: string;
  setAttribute(name: string, value: string): void;
}

/** The part of a DOM `Document` needed to draw; both `window.document` and xmldom's documents fit. */
export interface SvgDocumentLike<E extends SvgElementLike> {
  createElementNS(namespace: string, qualifiedName: string): E;
}

export interface BarcodeSpec {
  format: BarcodeFormat;
  /** Exactly what a scanner should send back (Codabar: with start/stop characters). */
  data: string;
}

export interface BarcodeStyle {
  /** Width of the narrowest bar in px. */
  moduleWidth?: number;
  height?: number;
  /** Quiet zone in px on each side (Codabar and Code 128 need at least 10 modules). */
  margin?: number;
  /** Print the human-readable text below the bars. */
  displayValue?: boolean;
}

export class BarcodeRenderError extends Error {
  constructor(readonly spec: BarcodeSpec) {
    super(`cannot render ${JSON.stringify(spec.data)} as ${spec.format}`);
    this.name = 'BarcodeRenderError';
  }
}

/** Draws `spec` into a new `<svg>` element of `document`. Throws BarcodeRenderError for data the format cannot carry. */
export function renderBarcodeSvg<E extends SvgElementLike>(document: SvgDocumentLike<E>, spec: BarcodeSpec, style: BarcodeStyle = {}): E {
  const svg = document.createElementNS(SVG_NS, 'svg');
  const moduleWidth = style.moduleWidth ?? 2;
  let valid = true;
  JsBarcode(svg, spec.data, {
    format: spec.format,
    width: moduleWidth,
    height: style.height ?? 80,
    margin: style.margin ?? moduleWidth * 10,
    displayValue: style.displayValue ?? true,
    background: '#ffffff',
    lineColor: '#000000',
    // JsBarcode draws text from the data; Codabar's start/stop letters are printed like the card does.
    ...(spec.format === 'codabar' ? { text: spec.data } : {}),
    xmlDocument: document as never,
    valid: (ok: boolean) => {
      valid = ok;
    },
  });
  if (!valid) throw new BarcodeRenderError(spec);
  return svg;
}

/**
 * Inserts the Codabar check character before the stop character: `codabarWithCheck('A37859B', 'mod16')`
 * → `A37859+B`. For digit schemes the check is computed over the data characters between start and stop.
 */
export function codabarWithCheck(symbol: string, scheme: CheckDigitScheme): string {
  const match = /^([A-D])([0-9\-$:/.+]+)([A-D])$/.exec(symbol.toUpperCase());
  if (!match) throw new RangeError(`not a Codabar symbol with start/stop characters: ${JSON.stringify(symbol)}`);
  const [, start = '', body = '', stop = ''] = match;
  const check = computeCheckDigit(scheme, scheme === 'mod16' ? symbol.toUpperCase() : body);
  if (check === null) throw new RangeError(`${scheme} cannot check ${JSON.stringify(symbol)}`);
  return `${start}${body}${check}${stop}`;
}

/** JAN-13 with its computed check digit from the first 12 digits. */
export function janWithCheck(first12: string): string {
  if (!/^[0-9]{12}$/.test(first12)) throw new RangeError(`a JAN needs 12 digits before its check digit, got ${JSON.stringify(first12)}`);
  return first12 + (mod10Weights31(first12) ?? '');
}

export function memberCardCodabarSpec(memberNo: string): BarcodeSpec {
  return { format: 'codabar', data: formatMemberCardCodabar(memberNo) };
}

export function memberCardCode128Spec(memberNo: string): BarcodeSpec {
  return { format: 'CODE128', data: formatMemberCardCode128(memberNo) };
}

export function appTokenSpec(mode: AppTokenMode, randomBytes: Uint8Array): BarcodeSpec {
  return { format: 'CODE128', data: formatAppToken(mode, randomBytes) };
}

export interface TestBarcode extends BarcodeSpec {
  /** Which rule of DEFAULT_RULE_SET it exercises; `null` for "must not match anything". */
  ruleId: string | null;
  label: string;
}

/** Fixed pseudo-random bytes so the test token is the same on every kiosk. */
const TEST_TOKEN_BYTES = Uint8Array.from([0x3c, 0x91, 0x5e, 0x07, 0xa2, 0xd4, 0x68, 0x1b, 0xf0, 0x29, 0x83, 0x4e, 0xc5]);

/**
 * Test barcodes shown on the admin screen to check a scanner's configuration: one per default rule
 * (member card NW-7 and Code 128, an app token per mode, a product JAN) and a Codabar with a
 * modulus-16 check character that no rule accepts.
 */
export const DEFAULT_TEST_BARCODES: readonly TestBarcode[] = [
  { ruleId: 'member-card-nw7', label: 'Member card (NW-7)', ...memberCardCodabarSpec('0012345678') },
  { ruleId: 'member-card-code128', label: 'Member card (Code 128)', ...memberCardCode128Spec('0012345678') },
  { ruleId: 'app-token', label: 'App token: pay', ...appTokenSpec('pay', TEST_TOKEN_BYTES) },
  { ruleId: 'app-token', label: 'App token: points', ...appTokenSpec('points', TEST_TOKEN_BYTES) },
  { ruleId: 'app-token', label: 'App token: charge', ...appTokenSpec('charge', TEST_TOKEN_BYTES) },
  { ruleId: 'staff-card-code128', label: 'Staff card (Code 128)', format: 'CODE128', data: formatStaffCardCode128('1001') },
  { ruleId: 'product-jan', label: 'Product JAN (not a card)', format: 'EAN13', data: janWithCheck('490123456789') },
  { ruleId: null, label: 'NW-7 with modulus 16 (not a card)', format: 'codabar', data: codabarWithCheck('A37859B', 'mod16') },
];
