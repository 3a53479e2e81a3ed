/**
 * The on-screen preview is the same layout as the printed receipt: receiptline's SVG →
 * PNG (rsvg-convert, Debian librsvg2-bin) → `zbarimg --raw` (zbar-tools) decodes to the
 * transaction's client request id.
 */
import { describe, expect, it } from 'vitest';
import { receiptSvg } from '../../../src/main/cashier/receipt-render';
import { clientRequestIdFromReceiptBarcode, receiptBarcodeData, receiptDocument } from '../../../src/shared/receipt';
import { topUpReceipt } from '../../helpers/printer-fixtures';
import { svgBarcodeDecoder } from '../../helpers/svg-decoder';

const decoder = svgBarcodeDecoder('kiosk-receipt-');

describe('receipt preview (SVG)', () => {
  it.each([
    ['top-up', topUpReceipt()],
    ['void copy', topUpReceipt({ kind: 'void', voidedKind: 'payment', cashReceived: null, change: null, clientRequestId: 'ffffffff-ffff-4fff-bfff-ffffffffffff' })],
    ['payment with the lowest id', topUpReceipt({ kind: 'payment', cashReceived: null, change: null, clientRequestId: '00000000-0000-4000-8000-000000000000' })],
  ])('%s: the barcode decodes to the client request id', async (_name, input) => {
    const svg = receiptSvg(receiptDocument(input));
    const decoded = await decoder.decode(svg);
    expect(decoded).toEqual([receiptBarcodeData(input.clientRequestId)]);
    expect(decoded.map(clientRequestIdFromReceiptBarcode)).toEqual([input.clientRequestId]);
  });

  it('shows the labels in Japanese and loads no remote font', () => {
    const svg = receiptSvg(receiptDocument(topUpReceipt({ kind: 'void', voidedKind: 'topup', memberName: '山田 花子' })));
    // receiptline draws one <tspan> per character.
    const text = svg
      .replace(/<[^>]+>/g, '')
      .replace(/&#xa0;/g, ' ')
      .replace(/&amp;/g, '&');
    for (const label of ['【会計控え】', '取消（チャージ）', '会員番号', '山田 花子 様', '担当', '2026年12月01日(火) 08:30', '取消金額', '￥3,000']) expect(text).toContain(label);
    expect(svg).not.toContain('@import');
    expect(svg).not.toContain('fonts.googleapis');
  });
});
