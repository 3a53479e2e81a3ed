/**
 * What the cashier reads from its ledger (register rows joined with their wallet rows): views
 * for the screen and the receipt, the offline queue and exposure, balances, flagged declines,
 * and the retention that blanks old names.
 */
import type { RegisterQueue, RegisterTransaction } from '../../shared/api/register';
import type { SqliteDatabase } from '../db/database';
import { prepared } from '../db/sql';
import { declineReasonOf } from '../sync';
import type { MemberBalance } from './limits';
import { receiptCode, type RegisterNames, type RegisterSource } from './sales';

export interface ViewRow {
  client_request_id: string;
  seq: number;
  member_no: string;
  kind: 'topup' | 'payment' | 'void';
  amount: number;
  target_client_request_id: string | null;
  offline: number;
  created_at: number;
  state: 'pending' | 'synced' | 'declined';
  balance_after: number | null;
  decline_code: string | null;
  source: RegisterSource;
  member_name_sealed: Buffer | null;
  cash_received: number | null;
  change_given: number | null;
  staff_name: string;
  supervisor_name: string | null;
  counter_declined_at: number | null;
  flag_outcome: 'cash' | 'written_off' | 'paid_later' | null;
  voided_by: string | null;
}

export const VIEW_SELECT = `
  SELECT w.client_request_id, w.seq, w.member_no, w.kind, w.amount, w.target_client_request_id, w.offline, w.created_at, w.state,
         w.balance_after, w.decline_code, r.source, r.member_name_sealed, r.cash_received, r.change_given, r.staff_name, r.supervisor_name,
         r.counter_declined_at, r.flag_outcome,
         (SELECT v.client_request_id FROM wallet_transactions v
           WHERE v.target_client_request_id = w.client_request_id AND v.kind = 'void' AND v.state != 'declined' LIMIT 1) AS voided_by
  FROM wallet_transactions w JOIN register_transactions r ON r.client_request_id = w.client_request_id`;

function toView(r: ViewRow, names: RegisterNames): RegisterTransaction {
  return {
    clientRequestId: r.client_request_id,
    seq: r.seq,
    kind: r.kind,
    memberNo: r.member_no,
    memberName: names.open(r.member_name_sealed, r.client_request_id),
    amount: r.amount,
    cashReceived: r.cash_received,
    change: r.change_given,
    state: r.state,
    offline: r.offline === 1,
    declineCode: r.decline_code,
    declineReason: declineReasonOf(r.decline_code),
    declinedAtCounter: r.counter_declined_at !== null,
    balanceAfter: r.balance_after,
    createdAt: r.created_at,
    staffName: r.staff_name,
    supervisorName: r.supervisor_name,
    targetClientRequestId: r.target_client_request_id,
    voidedBy: r.voided_by,
    receiptCode: receiptCode(r.seq, r.client_request_id),
    source: r.source,
  };
}

export function getRegisterTransaction(db: SqliteDatabase, clientRequestId: string, names: RegisterNames): RegisterTransaction | null {
  const row = prepared(db, `${VIEW_SELECT} WHERE w.client_request_id = ?`).get(clientRequestId) as ViewRow | undefined;
  return row ? toView(row, names) : null;
}

/**
 * The last transaction a void may cancel: the kiosk's latest register transaction of today
 * that happened (not declined at the counter), if it is a top-up or payment that is not
 * declined and not already voided. Anything later (even a void) closes the window.
 */
export function voidableTransaction(db: SqliteDatabase, day: string, names: RegisterNames): RegisterTransaction | null {
  const row = prepared(
    db,
    // Register rows are written in the same transaction as their wallet rows: insertion order is the sales order.
    `${VIEW_SELECT} WHERE r.business_day = ? AND r.counter_declined_at IS NULL ORDER BY r.rowid DESC LIMIT 1`,
  ).get(day) as ViewRow | undefined;
  if (!row) return null;
  const view = toView(row, names);
  if (view.kind === 'void' || view.state === 'declined' || view.voidedBy !== null) return null;
  return view;
}

/** Unsent transactions of the kiosk (the offline bar) and the declines waiting for staff. */
export function registerQueue(db: SqliteDatabase): RegisterQueue {
  const row = prepared(
    db,
    `SELECT count(*) AS count,
            coalesce(sum(CASE WHEN kind = 'topup' THEN amount END), 0) AS topups,
            coalesce(sum(CASE WHEN kind = 'payment' THEN amount END), 0) AS payments,
            coalesce(sum(amount), 0) AS sum,
            min(created_at) AS oldestAt,
            (SELECT count(*) FROM wallet_transactions w JOIN register_transactions r ON r.client_request_id = w.client_request_id
              WHERE w.state = 'declined' AND r.counter_declined_at IS NULL AND r.flag_resolved_at IS NULL) AS flagged
     FROM wallet_transactions WHERE state = 'pending'`,
  ).get() as RegisterQueue;
  return row;
}

/** Unsent offline payments (yen), of one member or of the whole kiosk, and the oldest unsent transaction. */
export function offlineExposure(db: SqliteDatabase, memberNo: string): { member: number; kiosk: number; oldestPendingAt: number | null } {
  const row = prepared(
    db,
    `SELECT coalesce(sum(CASE WHEN kind = 'payment' AND offline = 1 AND member_no = @memberNo THEN amount END), 0) AS member,
            coalesce(sum(CASE WHEN kind = 'payment' AND offline = 1 THEN amount END), 0) AS kiosk,
            min(created_at) AS oldestPendingAt
     FROM wallet_transactions WHERE state = 'pending'`,
  ).get({ memberNo }) as { member: number; kiosk: number; oldestPendingAt: number | null };
  return row;
}

/**
 * A member's balance: the portal's last answer (the roster copy, or a synced transaction's
 * balance when that is newer), minus unsent payments and voids of top-ups; unsent top-ups are
 * shown apart and not counted as spendable.
 */
export function memberBalance(db: SqliteDatabase, memberNo: string, known: { balance: number; asOf: number }): MemberBalance {
  const latest = prepared(
    db,
    `SELECT balance_after AS balance, synced_at AS at FROM wallet_transactions
     WHERE member_no = ? AND state = 'synced' AND balance_after IS NOT NULL AND synced_at IS NOT NULL ORDER BY synced_at DESC, seq DESC LIMIT 1`,
  ).get(memberNo) as { balance: number; at: number } | undefined;
  const base = latest && latest.at > known.asOf ? { balance: latest.balance, asOf: latest.at } : known;
  const pending = prepared(
    db,
    `SELECT coalesce(sum(CASE WHEN w.kind = 'payment' THEN w.amount
                              WHEN w.kind = 'void' AND t.kind = 'topup' THEN w.amount END), 0) AS debits,
            coalesce(sum(CASE WHEN w.kind = 'topup' THEN w.amount
                              WHEN w.kind = 'void' AND t.kind = 'payment' THEN w.amount END), 0) AS credits
     FROM wallet_transactions w LEFT JOIN wallet_transactions t ON t.client_request_id = w.target_client_request_id
     WHERE w.member_no = ? AND w.state = 'pending'`,
  ).get(memberNo) as { debits: number; credits: number };
  return { lastKnown: base.balance, pendingDebits: pending.debits, pendingCredits: pending.credits, available: base.balance - pending.debits, asOf: base.asOf };
}

/** Declines the portal answered after the fact (not at the counter), not yet handled by staff. */
export function flaggedTransactions(db: SqliteDatabase, names: RegisterNames, limit = 100): RegisterTransaction[] {
  const rows = prepared(
    db,
    `${VIEW_SELECT} WHERE w.state = 'declined' AND r.counter_declined_at IS NULL AND r.flag_resolved_at IS NULL ORDER BY w.created_at LIMIT ?`,
  ).all(limit) as ViewRow[];
  return rows.map((row) => toView(row, names));
}

// ------------------------------------------------------------------ retention

/**
 * Blanks the member's name and the flag note on register rows created before `before` (epoch
 * ms): the money columns stay. Returns how many rows changed; the caller truncates the WAL then.
 */
export function blankNamesBefore(db: SqliteDatabase, before: number): number {
  return prepared(
    db,
    `UPDATE register_transactions SET member_name_sealed = NULL, flag_note = NULL
     WHERE (member_name_sealed IS NOT NULL OR flag_note IS NOT NULL)
       AND (SELECT w.created_at FROM wallet_transactions w WHERE w.client_request_id = register_transactions.client_request_id) < ?`,
  ).run(before).changes;
}

