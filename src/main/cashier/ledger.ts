/**
 * The register's side of the wallet ledger: a register row (cash, change, cashier, business
 * day …) written in the SAME transaction as the wallet row and its outbox row, views for the
 * screen and the receipt, the offline queue, the flagged declines, end-of-day and CSV.
 */
import type { EndOfDay, RegisterQueue, RegisterTotals, RegisterTransaction } from '../../shared/api/register';
import { KioskError } from '../../shared/errors';
import type { SqliteDatabase } from '../db/database';
import type { SealingSource } from '../db/sealing';
import { appendAudit } from '../staff/audit';
import { prepared } from '../db/sql';
import { recordWalletTransaction, recordWalletVoid } from './wallet-ledger';
import type { MemberBalance } from './limits';

export type RegisterSource = 'card' | 'appToken' | 'manual';

export interface Cashier {
  id: string;
  displayName: string;
}

/** The kiosk's local calendar day of `at` (YYYY-MM-DD): the business day of the drawer. */
export function businessDay(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Member names on register rows, sealed at rest with the core's key (AES-256-GCM, AAD bound to
 * the row's client request id). A name that does not open (a foreign key after a restore) reads
 * as blank, like one past the retention: receipts and lists carry on with the member number.
 */
export interface RegisterNames {
  /** null for an empty name. Throws when the key cannot be read (nothing is written in clear). */
  seal(name: string, clientRequestId: string): Buffer | null;
  open(sealed: Buffer | null, clientRequestId: string): string;
}

export function registerNames(sealing: SealingSource): RegisterNames {
  const aad = (clientRequestId: string) => `register_transactions:${clientRequestId}`;
  return {
    // The money never waits for the name: without a readable key the row keeps no name (never one in clear).
    seal: (name, clientRequestId) => {
      if (name === '') return null;
      try {
        return sealing().seal(name, aad(clientRequestId));
      } catch {
        return null;
      }
    },
    open: (sealed, clientRequestId) => {
      if (sealed === null) return '';
      try {
        const name = sealing().open<unknown>(sealed, aad(clientRequestId));
        return typeof name === 'string' ? name : '';
      } catch {
        return '';
      }
    },
  };
}

/** What the receipt's Code 128 carries: the per-kiosk sequence and the start of the request id. */
export function receiptCode(seq: number, clientRequestId: string): string {
  return `TX${String(seq).padStart(8, '0')}-${clientRequestId.slice(0, 8).toUpperCase()}`;
}

export interface RecordSaleInput {
  clientRequestId: string;
  kind: 'topup' | 'payment';
  memberNo: string;
  memberName: string;
  amount: number;
  cashReceived: number | null;
  change: number | null;
  cashier: Cashier;
  source: RegisterSource;
  appToken?: string;
  offline: boolean;
  now: number;
}

/**
 * One top-up or payment: wallet row + outbox row (sequence allocated) + register row + audit
 * entry, in one IMMEDIATE transaction. With synchronous=FULL the commit is on disk when this
 * returns; nothing is on disk when it throws.
 */
export function recordSale(db: SqliteDatabase, input: RecordSaleInput, names: RegisterNames): void {
  const sealedName = names.seal(input.memberName, input.clientRequestId);
  db.transaction(() => {
    const rec = recordWalletTransaction(db, {
      memberNo: input.memberNo,
      kind: input.kind,
      amount: input.amount,
      staffId: input.cashier.id,
      offline: input.offline,
      ...(input.appToken ? { appToken: input.appToken } : {}),
      clientRequestId: input.clientRequestId,
      now: input.now,
    });
    prepared(
      db,
      `INSERT INTO register_transactions (client_request_id, business_day, source, member_name_sealed, cash_received, change_given, staff_id, staff_name)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.clientRequestId, businessDay(input.now), input.source, sealedName, input.cashReceived, input.change, input.cashier.id, input.cashier.displayName);
    appendAudit(db, {
      at: input.now,
      staffId: input.cashier.id,
      action: `register.${input.kind}`,
      detail: { clientRequestId: input.clientRequestId, seq: rec.seq, memberNo: input.memberNo, amount: input.amount, offline: input.offline, source: input.source },
    });
  }).immediate();
}

export interface RecordVoidInput {
  clientRequestId: string;
  target: RegisterTransaction;
  cashier: Cashier;
  supervisor: Cashier;
  offline: boolean;
  now: number;
}

/** A void of `target` (supervisor approved): wallet + outbox + register rows and audit, one transaction. */
export function recordVoid(db: SqliteDatabase, input: RecordVoidInput, names: RegisterNames): void {
  const sealedName = names.seal(input.target.memberName, input.clientRequestId);
  db.transaction(() => {
    const rec = recordWalletVoid(db, {
      memberNo: input.target.memberNo,
      targetClientRequestId: input.target.clientRequestId,
      staffId: input.cashier.id,
      supervisorId: input.supervisor.id,
      clientRequestId: input.clientRequestId,
      now: input.now,
    });
    const cashBack = input.target.kind === 'topup' ? input.target.amount : null;
    prepared(
      db,
      `INSERT INTO register_transactions (client_request_id, business_day, source, member_name_sealed, cash_received, change_given, staff_id, staff_name, supervisor_id, supervisor_name)
       VALUES (?, ?, 'manual', ?, NULL, ?, ?, ?, ?, ?)`,
    ).run(input.clientRequestId, businessDay(input.now), sealedName, cashBack, input.cashier.id, input.cashier.displayName, input.supervisor.id, input.supervisor.displayName);
    appendAudit(db, {
      at: input.now,
      staffId: input.cashier.id,
      action: 'register.void',
      detail: { clientRequestId: input.clientRequestId, seq: rec.seq, target: input.target.clientRequestId, amount: input.target.amount, supervisorId: input.supervisor.id, offline: input.offline },
    });
  }).immediate();
}

interface ViewRow {
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
  voided_by: string | null;
}

const VIEW_SELECT = `
  SELECT w.client_request_id, w.seq, w.member_no, w.kind, w.amount, w.target_client_request_id, w.offline, w.created_at, w.state,
         w.balance_after, w.decline_code, r.source, r.member_name_sealed, r.cash_received, r.change_given, r.staff_name, r.supervisor_name,
         r.counter_declined_at,
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
export function voidableTransaction(db: SqliteDatabase, now: number, names: RegisterNames): RegisterTransaction | null {
  const row = prepared(
    db,
    `${VIEW_SELECT} WHERE r.business_day = ? AND r.counter_declined_at IS NULL ORDER BY w.created_at DESC, w.rowid DESC LIMIT 1`,
  ).get(businessDay(now)) as ViewRow | undefined;
  if (!row) return null;
  const view = toView(row, names);
  if (view.kind === 'void' || view.state === 'declined' || view.voidedBy !== null) return null;
  return view;
}

/**
 * The portal refused this transaction while the cashier waited for the answer: the cashier is
 * told at once and no money moved, so it needs no staff follow-up. The outbox's dead letter is
 * closed in the same transaction (audited), so the staff's sync screen only lists real problems.
 */
export function markDeclinedAtCounter(db: SqliteDatabase, clientRequestId: string, staffId: string, now: number): void {
  db.transaction(() => {
    prepared(db, 'UPDATE register_transactions SET counter_declined_at = ? WHERE client_request_id = ? AND counter_declined_at IS NULL').run(now, clientRequestId);
    const closed = prepared(db, "UPDATE outbox SET state = 'discarded' WHERE client_request_id = ? AND state = 'dead'").run(clientRequestId);
    const row = prepared(db, 'SELECT kind, amount, decline_code FROM wallet_transactions WHERE client_request_id = ?').get(clientRequestId) as
      | { kind: string; amount: number; decline_code: string | null }
      | undefined;
    appendAudit(db, { at: now, staffId, action: 'register.declined_at_counter', detail: { clientRequestId, kind: row?.kind ?? null, amount: row?.amount ?? null, code: row?.decline_code ?? null, outboxClosed: closed.changes > 0 } });
  }).immediate();
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

export function resolveFlag(db: SqliteDatabase, clientRequestId: string, staffId: string, note: string, now: number): void {
  db.transaction(() => {
    const info = prepared(
      db,
      `UPDATE register_transactions SET flag_resolved_at = ?, flag_resolved_by = ?, flag_note = ?
       WHERE client_request_id = ? AND flag_resolved_at IS NULL AND counter_declined_at IS NULL
         AND client_request_id IN (SELECT client_request_id FROM wallet_transactions WHERE state = 'declined')`,
    ).run(now, staffId, note, clientRequestId);
    if (info.changes === 0) throw new KioskError('invalid_input', 'No flagged transaction with that id.');
    // The note is free text (it may name the member): it stays on the register row, which the
    // retention blanks; the append-only audit only records that one was written.
    appendAudit(db, { at: now, staffId, action: 'register.flag_resolved', detail: { clientRequestId, noteLength: note.length } });
  }).immediate();
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

// ------------------------------------------------------------------ end of day

const EMPTY_TOTALS: RegisterTotals = { topupCount: 0, topupAmount: 0, paymentCount: 0, paymentAmount: 0, voidCount: 0, voidTopupAmount: 0, voidPaymentAmount: 0, netCash: 0 };

interface TotalsRow {
  staff_id: string;
  staff_name: string;
  kind: 'topup' | 'payment' | 'void';
  target_kind: 'topup' | 'payment' | null;
  count: number;
  amount: number;
}

function addTotals(t: RegisterTotals, row: Pick<TotalsRow, 'kind' | 'target_kind' | 'count' | 'amount'>): RegisterTotals {
  const next = { ...t };
  if (row.kind === 'topup') {
    next.topupCount += row.count;
    next.topupAmount += row.amount;
  } else if (row.kind === 'payment') {
    next.paymentCount += row.count;
    next.paymentAmount += row.amount;
  } else {
    next.voidCount += row.count;
    if (row.target_kind === 'topup') next.voidTopupAmount += row.amount;
    else next.voidPaymentAmount += row.amount;
  }
  next.netCash = next.topupAmount - next.voidTopupAmount;
  return next;
}

/**
 * The day's totals, per cashier and per kind / state, from the ledger (one grouped query).
 * What happened at the counter counts (queued, synced, and later-declined rows: the cash is in
 * the drawer); declines the cashier saw at once are reported apart. Expected cash = float +
 * top-ups − voided top-ups.
 */
export function endOfDay(db: SqliteDatabase, day: string, drawerFloat: number, now: number): EndOfDay {
  const rows = prepared(
    db,
    `SELECT r.staff_id, max(r.staff_name) AS staff_name, w.kind, t.kind AS target_kind, count(*) AS count, sum(w.amount) AS amount
     FROM register_transactions r
     JOIN wallet_transactions w ON w.client_request_id = r.client_request_id
     LEFT JOIN wallet_transactions t ON t.client_request_id = w.target_client_request_id
     WHERE r.business_day = ? AND r.counter_declined_at IS NULL
     GROUP BY r.staff_id, w.kind, t.kind`,
  ).all(day) as TotalsRow[];
  let totals = EMPTY_TOTALS;
  const perCashier = new Map<string, RegisterTotals & { staffId: string; staffName: string }>();
  for (const row of rows) {
    totals = addTotals(totals, row);
    const current = perCashier.get(row.staff_id) ?? { ...EMPTY_TOTALS, staffId: row.staff_id, staffName: row.staff_name };
    perCashier.set(row.staff_id, { ...addTotals(current, row), staffId: row.staff_id, staffName: current.staffName });
  }
  const perKind = prepared(
    db,
    `SELECT w.kind, w.state, count(*) AS count, sum(w.amount) AS amount
     FROM register_transactions r JOIN wallet_transactions w ON w.client_request_id = r.client_request_id
     WHERE r.business_day = ? AND r.counter_declined_at IS NULL GROUP BY w.kind, w.state ORDER BY w.kind, w.state`,
  ).all(day) as EndOfDay['perKind'];
  const counter = prepared(
    db,
    `SELECT count(*) AS count, coalesce(sum(w.amount), 0) AS amount
     FROM register_transactions r JOIN wallet_transactions w ON w.client_request_id = r.client_request_id
     WHERE r.business_day = ? AND r.counter_declined_at IS NOT NULL`,
  ).get(day) as { count: number; amount: number };
  const flagged = perKind.filter((k) => k.state === 'declined').reduce((n, k) => n + k.count, 0);
  const expectedCash = drawerFloat + totals.netCash;
  const count = prepared(db, 'SELECT counted, staff_name AS staffName, created_at AS at FROM register_drawer_counts WHERE business_day = ? ORDER BY id DESC LIMIT 1').get(day) as
    | { counted: number; staffName: string; at: number }
    | undefined;
  return {
    day,
    generatedAt: now,
    totals,
    perCashier: [...perCashier.values()].sort((a, b) => a.staffName.localeCompare(b.staffName)),
    perKind,
    declinedAtCounter: counter,
    flagged,
    drawerFloat,
    expectedCash,
    count: count ? { counted: count.counted, difference: count.counted - expectedCash, staffName: count.staffName, at: count.at } : null,
  };
}

export function recordDrawerCount(db: SqliteDatabase, input: { day: string; counted: number; expected: number; cashier: Cashier; now: number }): void {
  db.transaction(() => {
    prepared(db, 'INSERT INTO register_drawer_counts (business_day, counted, expected, staff_id, staff_name, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      input.day,
      input.counted,
      input.expected,
      input.cashier.id,
      input.cashier.displayName,
      input.now,
    );
    appendAudit(db, { at: input.now, staffId: input.cashier.id, action: 'register.drawer_count', detail: { day: input.day, counted: input.counted, expected: input.expected, difference: input.counted - input.expected } });
  }).immediate();
}

const CSV_HEADER = [
  'seq',
  'created_at',
  'client_request_id',
  'kind',
  'member_no',
  'amount',
  'cash_received',
  'change',
  'cashier',
  'supervisor',
  'state',
  'offline',
  'declined_at_counter',
  'decline_code',
  'voids',
  'balance_after',
] as const;

/** A CSV cell: quoted when needed; a leading = + - @ is defused so spreadsheets never run it. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The day's transactions as RFC 4180 CSV (CRLF), oldest first, including declines at the counter. */
export function exportDayCsv(db: SqliteDatabase, day: string): { csv: string; rows: number } {
  const rows = prepared(db, `${VIEW_SELECT} WHERE r.business_day = ? ORDER BY w.created_at, w.rowid`).all(day) as ViewRow[];
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.seq,
        new Date(r.created_at).toISOString(),
        r.client_request_id,
        r.kind,
        r.member_no,
        r.amount,
        r.cash_received,
        r.change_given,
        r.staff_name,
        r.supervisor_name,
        r.state,
        r.offline,
        r.counter_declined_at === null ? 0 : 1,
        r.decline_code,
        r.target_client_request_id,
        r.balance_after,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: rows.length };
}
