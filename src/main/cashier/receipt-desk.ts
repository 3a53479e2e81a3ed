/**
 * The register's receipts beyond the sale itself (issue 15): the on-screen preview, the 会計控え
 * copy of a void, the reprint of the last receipt, and the release of a sale's receipt once the
 * portal answered. Every document is the one layout (src/shared/receipt/layout.ts) built from the
 * ledger row, so the preview, the paper and a reprint never disagree.
 *
 * The preview is SVG rendered here in the core by receiptline from escaped ReceiptLine text
 * (escapeReceiptText; receiptline escapes XML itself); the screen draws it inline through an
 * allow-list (renderer: components/register/receipt-svg.ts), never as markup.
 */
import type { ReceiptPreview, RegisterTransaction } from '../../shared/api/register';
import { KioskError } from '../../shared/errors';
import type { SqliteDatabase } from '../db/database';
import { prepared } from '../db/sql';
import { appendAudit } from '../staff';
import type { CashierDeps } from './cashier-deps';
import { getRegisterTransaction } from './ledger';
import type { ReceiptPrinting } from './print-jobs';
import { receiptSvg } from './receipt-render';
import type { RegisterNames } from './sales';
import { getWalletTransaction } from './wallet-ledger';

/** The receipt's fields that come from the ledger (the store's header and zone come from settings). */
export type LedgerReceiptInput = Parameters<ReceiptPrinting['document']>[0];

/**
 * The receipt of a ledger transaction, field by field, written once for the sale, its preview,
 * its reprint and a void's 会計控え copy. A void's title names the kind it cancels, read from
 * its target (the transaction it voids), never guessed from the cash it moved.
 */
export function receiptInputOf(t: RegisterTransaction, target: Pick<RegisterTransaction, 'clientRequestId' | 'kind'> | null, reprint = false): LedgerReceiptInput {
  let voidedKind: 'topup' | 'payment' | undefined;
  if (t.kind === 'void') {
    if (!target || target.clientRequestId !== t.targetClientRequestId || target.kind === 'void') {
      throw new Error(`void ${t.clientRequestId}: its target ${t.targetClientRequestId ?? '(none)'} is not the top-up or payment it cancels`);
    }
    voidedKind = target.kind;
  }
  return {
    kind: t.kind,
    ...(voidedKind ? { voidedKind } : {}),
    amount: t.amount,
    cashReceived: t.cashReceived,
    change: t.change,
    balanceAfter: t.balanceAfter,
    memberNo: t.memberNo,
    memberName: t.memberName,
    cashier: t.staffName,
    at: t.createdAt,
    clientRequestId: t.clientRequestId,
    ...(reprint ? { reprint: true } : {}),
  };
}

export class ReceiptDesk {
  constructor(
    private readonly o: CashierDeps,
    readonly printing: ReceiptPrinting,
    private readonly names: RegisterNames,
  ) {}

  /** The printed receipt of a ledger transaction (a void's is its 会計控え copy). */
  documentOf(t: RegisterTransaction, reprint = false): string {
    const target = t.kind === 'void' && t.targetClientRequestId ? getWalletTransaction(this.o.db(), t.targetClientRequestId) : null;
    return this.printing.document(receiptInputOf(t, target, reprint));
  }

  private transaction(clientRequestId: string): RegisterTransaction {
    const t = getRegisterTransaction(this.o.db(), clientRequestId, this.names);
    if (!t) throw new KioskError('no_receipt', 'There is no such transaction on this kiosk.');
    return t;
  }

  private preview(t: RegisterTransaction, reprint: boolean): ReceiptPreview {
    return { clientRequestId: t.clientRequestId, kind: t.kind, reprint, svg: receiptSvg(this.documentOf(t, reprint)), printers: this.printing.statuses().length };
  }

  /** The receipt of a transaction as the paper shows it (SVG), and how many printers print it. */
  previewOf(clientRequestId: string): ReceiptPreview {
    this.o.staff().require('cashier');
    return this.preview(this.transaction(clientRequestId), false);
  }

  /**
   * The 会計控え copy of a void, inside the void's transaction (the void and its copy commit
   * together), from the void's ledger row just written. The drawer opens when cash goes back
   * (a top-up's void records it as its change).
   */
  writeVoidCopy(tx: SqliteDatabase, input: { clientRequestId: string; target: RegisterTransaction; now: number }): void {
    if (!this.printing.enabled) return;
    const copy = getRegisterTransaction(tx, input.clientRequestId, this.names);
    if (!copy) throw new Error(`void ${input.clientRequestId} is not in the ledger yet: record it before its copy`);
    const document = this.printing.document(receiptInputOf(copy, input.target));
    this.printing.writeJobs(tx, input.clientRequestId, document, copy.change !== null, 'copy', input.now);
  }

  /** After the portal answered: a refused sale prints nothing; otherwise its receipt prints now, with the portal's balance. */
  release(view: RegisterTransaction): void {
    if (!this.printing.enabled) return;
    const db = this.o.db();
    try {
      if (view.state === 'declined') {
        prepared(db, "UPDATE print_jobs SET state = 'failed', failure = 'declined at the counter', document_sealed = NULL WHERE client_request_id = ? AND state = 'waiting'").run(view.clientRequestId);
      } else this.printing.release(view.clientRequestId, this.documentOf(view));
    } catch (error) {
      this.o.log(`register: receipt not queued (${error instanceof Error ? error.message : String(error)}); the sale stands`);
    }
  }

  /**
   * Prints the last receipt again, marked 再発行 (audited): the same sale from the ledger, with
   * the balance the portal has confirmed since. Refused without a printer or a receipt.
   */
  reprintLast(): ReceiptPreview {
    const { staff } = this.o.staff().require('cashier');
    if (!this.printing.enabled) throw new KioskError('printer_missing', 'No receipt printer is configured on this kiosk.');
    const last = this.printing.lastReceipt();
    if (!last) throw new KioskError('no_receipt', 'There is no receipt to print again yet.');
    const t = this.transaction(last);
    const db = this.o.db();
    const now = this.o.now();
    const document = this.documentOf(t, true);
    db.transaction(() => {
      this.printing.writeJobs(db, t.clientRequestId, document, false, 'reprint', now);
      appendAudit(db, { at: now, staffId: staff.id, action: 'register.reprint', detail: { clientRequestId: t.clientRequestId, kind: t.kind, amount: t.amount } });
    }).immediate();
    this.printing.release(t.clientRequestId, document, 'reprint');
    return this.preview(t, true);
  }
}
