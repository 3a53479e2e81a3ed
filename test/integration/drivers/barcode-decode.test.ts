/**
 * Every barcode the kiosk renders decodes, with an independent decoder, to exactly its data
 * (DESIGN.md §6): JsBarcode SVG (drawn with @xmldom/xmldom) → PNG (rsvg-convert, Debian librsvg2-bin)
 * → `zbarimg --quiet --raw` (Debian zbar-tools). zbarimg prints Codabar with its start/stop characters.
 */
import { DOMImplementation, XMLSerializer } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import {
  appTokenSpec,
  BarcodeRenderError,
  codabarWithCheck,
  DEFAULT_TEST_BARCODES,
  janWithCheck,
  memberCardCodabarSpec,
  memberCardCode128Spec,
  renderBarcodeSvg,
} from '../../../src/shared/barcode/render';
import type { BarcodeSpec } from '../../../src/shared/barcode/render';
import { classifyScan } from '../../../src/shared/barcode/scan-rules';
import { svgBarcodeDecoder } from '../../helpers/svg-decoder';

const decoder = svgBarcodeDecoder('kiosk-barcode-');

function svgOf(spec: BarcodeSpec): string {
  const document = new DOMImplementation().createDocument(null, 'svg-host', null);
  return new XMLSerializer().serializeToString(renderBarcodeSvg(document, spec));
}

/** Renders, rasterises and decodes one barcode; returns zbarimg's output lines. */
function decode(spec: BarcodeSpec): Promise<string[]> {
  return decoder.decode(svgOf(spec));
}

const bytes = (seed: number) => Uint8Array.from({ length: 13 }, (_, i) => (seed * 31 + i * 97) & 0xff);

const cases: Array<[string, BarcodeSpec]> = [
  ...DEFAULT_TEST_BARCODES.map((b): [string, BarcodeSpec] => [`test barcode: ${b.label}`, b]),
  ['member card NW-7 0000000000', memberCardCodabarSpec('0000000000')],
  ['member card NW-7 9999999999', memberCardCodabarSpec('9999999999')],
  ['member card Code 128 4500000000', memberCardCode128Spec('4500000000')],
  ['app token pay', appTokenSpec('pay', bytes(1))],
  ['app token points', appTokenSpec('points', bytes(2))],
  ['app token charge', appTokenSpec('charge', bytes(3))],
  ['JAN 45 prefix', { format: 'EAN13', data: janWithCheck('451234567890') }],
  ['Codabar with every symbol and mod 16', { format: 'codabar', data: codabarWithCheck('C0-$:/.+9D', 'mod16') }],
];

describe('rendered barcodes decode to exactly their data', () => {
  it.each(cases)('%s', async (_label, spec) => {
    expect(await decode(spec)).toEqual([spec.data]);
  });

  it('a decoded member card classifies as the card it was rendered from', async () => {
    const spec = memberCardCodabarSpec('2024000123');
    const [decoded] = await decode(spec);
    expect(classifyScan(decoded, ']F0')).toMatchObject({ kind: 'memberCard', memberNo: '2024000123' });
  });
});

describe('render errors', () => {
  it('refuses data a format cannot carry, with a typed error', () => {
    const document = new DOMImplementation().createDocument(null, 'svg-host', null);
    expect(() => renderBarcodeSvg(document, { format: 'EAN13', data: '4901234567890' })).toThrow(BarcodeRenderError);
    expect(() => renderBarcodeSvg(document, { format: 'codabar', data: 'A12X4B' })).toThrow(BarcodeRenderError);
    expect(() => codabarWithCheck('12345', 'mod16')).toThrow(RangeError);
  });
});
