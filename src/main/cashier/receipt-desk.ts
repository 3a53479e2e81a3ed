/**
 * The register's receipts beyond the sale itself (issue 15): the on-screen preview, the 会計控え
 * copy of a void, the reprint of the last receipt, and the release of a sale's receipt once the
 * portal answered. Every document is the one layout (src/shared/receipt/layout.ts) built from the
 * ledger row, so the preview, the paper and a reprint never disagree.
 *
 * The preview is SVG rendered here in the core by receiptline from escaped ReceiptLine text
 * (escapeReceiptText; receiptline escapes XML itself); the screen shows it as an <img> data URL,
 * where an SVG runs no script and loads nothing, so no markup from data ever reaches the DOM.
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
import type { Cashier, RegisterNames } from './sales';

export class ReceiptDesk {
  constructor(
    private readonly o: CashierDeps,
    readonly printing: ReceiptPrinting,
    private readonly names: RegisterNames,
  ) {}

  /** The printed receipt of a ledger transaction (a void's is its 会計控え copy). */
  documentOf(t: RegisterTransaction, reprint = false): string {
    return this.printing.document({
      kind: t.kind,
      // A void of a top-up hands the cash back (recorded as its change); a void of a payment moves none.
      ...(t.kind === 'void' ? { voidedKind: t.cashReceived === null && t.change !== null ? 'topup' : 'payment' } : {}),
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
    });
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
   * together). The drawer opens when a top-up's cash goes back.
   */
  writeVoidCopy(tx: SqliteDatabase, input: { clientRequestId: string; target: RegisterTransaction; cashier: Cashier; now: number }): void {
    if (!this.printing.enabled) return;
    const { target } = input;
    const cashBack = target.kind === 'topup' ? target.amount : null;
    const document = this.printing.document({
      kind: 'void',
      voidedKind: target.kind === 'topup' ? 'topup' : 'payment',
      amount: target.amount,
      cashReceived: null,
      change: cashBack,
      balanceAfter: null,
      memberNo: target.memberNo,
      memberName: target.memberName,
      cashier: input.cashier.displayName,
      at: input.now,
      clientRequestId: input.clientRequestId,
    });
    this.printing.writeJobs(tx, input.clientRequestId, document, cashBack !== null, 'copy', input.now);
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
