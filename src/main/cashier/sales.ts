/**
 * The cashier's writes: a top-up, payment or void is ONE transaction holding the wallet row,
 * its outbox row (sequence allocated), the register row (cash, change, cashier, business day)
 * and the audit entry; a decline seen at the counter and a resolved flag likewise.
 */
import type { RegisterTransaction } from '../../shared/api/register';
import type { SqliteDatabase } from '../db/database';
import type { SealingSource } from '../db/sealing';
import { prepared } from '../db/sql';
import { DEFAULT_STORE_TIME_ZONE, zonedDay } from '../../shared/time/zoned';
import { appendAudit } from '../staff';
import { insertWalletOperation, insertWalletVoid } from './wallet-ledger';

export type RegisterSource = 'card' | 'appToken' | 'manual';

export interface Cashier {
  id: string;
  displayName: string;
}

/**
 * The store's calendar day of `at` (YYYY-MM-DD) in its time zone (KIOSK_TIME_ZONE, default
 * Asia/Tokyo), never the process's TZ: the business day of the drawer, the ledger and the CSV.
 */
export function businessDay(at: number, timeZone: string = DEFAULT_STORE_TIME_ZONE): string {
  return zonedDay(at, timeZone);
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
  /** Supervisor who approved a payment on a typed member number (null: none was needed). */
  typedApprovedBy?: string | null;
  now: number;
  /** The store's business day of `now`. */
  day: string;
}

/**
 * One top-up or payment: wallet row + outbox row (sequence allocated) + register row + audit
 * entry, in one IMMEDIATE transaction. With synchronous=FULL the commit is on disk when this
 * returns; nothing is on disk when it throws.
 */
export function recordSale(db: SqliteDatabase, input: RecordSaleInput, names: RegisterNames, alsoInTransaction: (db: SqliteDatabase) => void = () => undefined): void {
  const sealedName = names.seal(input.memberName, input.clientRequestId);
  db.transaction(() => {
    const rec = insertWalletOperation(db, {
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
      `INSERT INTO register_transactions (client_request_id, business_day, source, member_name_sealed, cash_received, change_given, staff_id, staff_name, typed_approved_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.clientRequestId, input.day, input.source, sealedName, input.cashReceived, input.change, input.cashier.id, input.cashier.displayName, input.typedApprovedBy ?? null);
    appendAudit(db, {
      at: input.now,
      staffId: input.cashier.id,
      action: `register.${input.kind}`,
      detail: { clientRequestId: input.clientRequestId, seq: rec.seq, memberNo: input.memberNo, amount: input.amount, offline: input.offline, source: input.source },
    });
    // The receipt's print jobs: committed with the sale or not at all.
    alsoInTransaction(db);
  }).immediate();
}

export interface RecordVoidInput {
  clientRequestId: string;
  target: RegisterTransaction;
  cashier: Cashier;
  supervisor: Cashier;
  offline: boolean;
  now: number;
  day: string;
}

/** A void of `target` (supervisor approved): wallet + outbox + register rows and audit, one transaction. */
export function recordVoid(db: SqliteDatabase, input: RecordVoidInput, names: RegisterNames): void {
  const sealedName = names.seal(input.target.memberName, input.clientRequestId);
  db.transaction(() => {
    const rec = insertWalletVoid(db, {
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
    ).run(input.clientRequestId, input.day, sealedName, cashBack, input.cashier.id, input.cashier.displayName, input.supervisor.id, input.supervisor.displayName);
    appendAudit(db, {
      at: input.now,
      staffId: input.cashier.id,
      action: 'register.void',
      detail: { clientRequestId: input.clientRequestId, seq: rec.seq, target: input.target.clientRequestId, amount: input.target.amount, supervisorId: input.supervisor.id, approverId: input.supervisor.id, offline: input.offline },
    });
  }).immediate();
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
