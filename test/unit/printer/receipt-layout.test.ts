import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientRequestIdFromReceiptBarcode, escapeReceiptText, formatReceiptTime, formatYen, receiptBarcodeData, receiptDocument } from '../../../src/shared/receipt';
import { AT_0830_JST, topUpReceipt } from '../../helpers/printer-fixtures';

describe('receipt layout', () => {
  it('carries every client request id whole in 40 digits (Code 128 C) and back', () => {
    fc.assert(
      fc.property(fc.uuid({ version: 4 }), (id) => {
        const data = receiptBarcodeData(id);
        expect(data).toMatch(/^9\d{39}$/);
        expect(clientRequestIdFromReceiptBarcode(data)).toBe(id);
      }),
    );
    expect(clientRequestIdFromReceiptBarcode('4901234567894')).toBeUndefined();
    expect(clientRequestIdFromReceiptBarcode(`9${'9'.repeat(39)}`)).toBeUndefined();
    expect(() => receiptBarcodeData('TX00000001-ABCD')).toThrow(/not a client request id/);
  });

  it('shows the time in the store time zone, in Japanese', () => {
    expect(formatReceiptTime(AT_0830_JST)).toBe('2026年12月01日(火) 08:30');
    expect(formatReceiptTime(AT_0830_JST, 'UTC')).toBe('2026年11月30日(月) 23:30');
    expect(formatYen(1234567)).toBe('￥1,234,567');
  });

  it('keeps store data from turning into receipt markup', () => {
    expect(escapeReceiptText('a|b{c}-=~_"`^\\\nz')).toBe('a\\|b\\{c\\}\\-\\=\\~\\_\\"\\`\\^\\\\ z');
    const document = receiptDocument(topUpReceipt({ cashier: '{code: 123}|x', store: { name: '===', addressLine: '' } }));
    expect(document).toContain('担当 | \\{code: 123\\}\\|x');
    expect(document).toContain('^^^\\=\\=\\=');
    expect(document.match(/(?<!\\)\{code:/g)).toHaveLength(1);
  });

  it('prints the member name only when given, marks voids as 会計控え and reprints as 再発行', () => {
    expect(receiptDocument(topUpReceipt())).not.toContain('お名前');
    expect(receiptDocument(topUpReceipt({ memberName: '山田 花子' }))).toContain('お名前 | 山田 花子 様');
    const voidCopy = receiptDocument(topUpReceipt({ kind: 'void', voidedKind: 'topup', cashReceived: null, change: null }));
    expect(voidCopy).toContain('【会計控え】');
    expect(voidCopy).toContain('取消（チャージ）');
    expect(voidCopy).toContain('取消金額');
    expect(voidCopy).not.toContain('お預り');
    expect(receiptDocument(topUpReceipt({ reprint: true }))).toContain('【再発行】');
    expect(receiptDocument(topUpReceipt({ balanceAfter: null }))).toContain('残高 | 確定後に反映');
  });
});
