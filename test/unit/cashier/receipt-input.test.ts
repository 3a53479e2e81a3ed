/**
 * One receipt input per ledger row (receiptInputOf): the sale, its reprint and a void's 会計控え
 * copy are built by the same function; a void's title names its target's kind, whatever cash moved.
 */
import { describe, expect, it } from 'vitest';
import type { RegisterTransaction } from '../../../src/shared/api/register';
import { receiptInputOf } from '../../../src/main/cashier/receipt-desk';
import { receiptDocument } from '../../../src/shared/receipt';

const SALE = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const VOID = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

function row(over: Partial<RegisterTransaction>): RegisterTransaction {
  return {
    clientRequestId: SALE, seq: 7, kind: 'topup', memberNo: '2024000001', memberName: '山田 太郎', amount: 1000, cashReceived: 5000, change: 4000,
    state: 'synced', offline: false, declineCode: null, declineReason: null, declinedAtCounter: false, balanceAfter: 6000, createdAt: Date.UTC(2026, 11, 1, 0, 30),
    staffName: 'レジ 担当', supervisorName: null, targetClientRequestId: null, voidedBy: null, receiptCode: 'x', source: 'card', ...over,
  };
}
const store = { store: { name: '生協', addressLine: '' } };

describe('receiptInputOf', () => {
  it('copies the ledger row field by field; a reprint is marked', () => {
    expect(receiptInputOf(row({}), null)).toEqual({
      kind: 'topup', amount: 1000, cashReceived: 5000, change: 4000, balanceAfter: 6000, memberNo: '2024000001', memberName: '山田 太郎', cashier: 'レジ 担当', at: Date.UTC(2026, 11, 1, 0, 30), clientRequestId: SALE,
    });
    expect(receiptInputOf(row({}), null, true)).toMatchObject({ reprint: true });
  });

  it("names a void's target kind from the target, not from the cash the void moved", () => {
    const voidRow = row({ clientRequestId: VOID, kind: 'void', cashReceived: null, change: null, balanceAfter: null, targetClientRequestId: SALE });
    // A top-up's void with no cash recorded back is still the void of a top-up.
    expect(receiptInputOf(voidRow, { clientRequestId: SALE, kind: 'topup' })).toMatchObject({ kind: 'void', voidedKind: 'topup', change: null });
    expect(receiptDocument({ ...store, ...receiptInputOf(voidRow, { clientRequestId: SALE, kind: 'payment' }) })).toContain('^^取消（お支払い）');
    expect(receiptDocument({ ...store, ...receiptInputOf({ ...voidRow, change: 1000 }, { clientRequestId: SALE, kind: 'topup' }) })).toContain('^^取消（チャージ）');
  });

  it('refuses a void without the transaction it cancels', () => {
    const voidRow = row({ clientRequestId: VOID, kind: 'void', targetClientRequestId: SALE });
    expect(() => receiptInputOf(voidRow, null)).toThrow(/target/);
    expect(() => receiptInputOf(voidRow, { clientRequestId: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', kind: 'topup' })).toThrow(/target/);
    expect(() => receiptInputOf(voidRow, { clientRequestId: SALE, kind: 'void' })).toThrow(/target/);
  });
});
