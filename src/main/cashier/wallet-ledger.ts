import { randomUUID } from 'node:crypto';
import { KioskError } from '../../shared/errors';
import type { OperationKind, WalletTransaction } from '../../shared/portal-api/types';
import type { SqliteDatabase } from '../db/database';
import { prepared } from '../db/sql';
import { refuseDiscardOfOpenFlag } from './flags';
import { enqueueOperation, type OutboxHandlers, type OutboxItem } from '../sync/outbox';

export type WalletKind = 'topup' | 'payment' | 'void';
export type WalletState = 'pending' | 'synced' | 'declined';

export interface WalletRecord {
  clientRequestId: string;
  seq: number;
  memberNo: string;
  kind: WalletKind;
  amount: number;
  targetClientRequestId: string | null;
  staffId: string | null;
  offline: boolean;
  createdAt: number;
  state: WalletState;
  portalTransactionId: string | null;
  balanceAfter: number | null;
  declineCode: string | null;
  syncedAt: number | null;
}

export interface RecordWalletInput {
  memberNo: string;
  kind: 'topup' | 'payment';
  amount: number;
  staffId?: string;
  /** Taken while the portal was unreachable (within the register's floor limits). */
  offline?: boolean;
  /** A one-time app token shown by the member (online only). */
  appToken?: string;
  /** Given when the register created the transaction earlier; generated otherwise. */
  clientRequestId?: string;
  now: number;
}

/** A void row: the register's void (sales.ts) passes who asked and who approved. */
interface WalletVoidInput {
  memberNo: string;
  targetClientRequestId: string;
  staffId: string;
  supervisorId: string;
  clientRequestId: string;
  now: number;
}

const KIND_TO_OPERATION: Record<WalletKind, OperationKind> = { topup: 'wallet.topup', payment: 'wallet.payment', void: 'wallet.void' };

/**
 * The wallet row of a top-up or payment and its outbox row, inside the caller's transaction
 * (the register's `recordSale` adds its own row and the audit entry to the same one).
 */
export function insertWalletOperation(db: SqliteDatabase, input: RecordWalletInput): WalletRecord {
  if (!Number.isInteger(input.amount) || input.amount <= 0) throw new KioskError('invalid_input', 'amount must be a positive whole number of yen.');
  const clientRequestId = input.clientRequestId ?? randomUUID();
  const payload: Record<string, unknown> = { memberNo: input.memberNo, amount: input.amount, createdAt: new Date(input.now).toISOString() };
  if (input.staffId) payload.staffId = input.staffId;
  if (input.appToken) payload.appToken = input.appToken;
  if (input.kind === 'payment' && input.offline) payload.offline = true;
  if (input.kind === 'topup') payload.method = 'cash';
  const { seq } = enqueueOperation(db, { kind: KIND_TO_OPERATION[input.kind], memberKey: input.memberNo, payload, clientRequestId, now: input.now });
  prepared(
    db,
    `INSERT INTO wallet_transactions (client_request_id, seq, member_no, kind, amount, staff_id, offline, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(clientRequestId, seq, input.memberNo, input.kind, input.amount, input.staffId ?? null, input.offline ? 1 : 0, input.now);
  return getWalletTransaction(db, clientRequestId) as WalletRecord;
}

/**
 * A wallet operation without a register row (the sync layer's tests and benchmarks queue money
 * this way): the wallet row and its outbox row in ONE transaction (synchronous=FULL: when this
 * returns, both are on disk).
 */
export function recordWalletTransaction(db: SqliteDatabase, input: RecordWalletInput): WalletRecord {
  return db.transaction(() => insertWalletOperation(db, input)).immediate();
}

/** The wallet row of a void of an earlier top-up or payment and its outbox row, inside the caller's transaction. */
export function insertWalletVoid(db: SqliteDatabase, input: WalletVoidInput): WalletRecord {
  const target = getWalletTransaction(db, input.targetClientRequestId);
  if (!target || target.memberNo !== input.memberNo || target.kind === 'void') throw new KioskError('invalid_input', 'No voidable transaction with that id for this member.');
  const { seq } = enqueueOperation(db, {
    kind: 'wallet.void',
    memberKey: input.memberNo,
    payload: { memberNo: input.memberNo, targetClientRequestId: input.targetClientRequestId, staffId: input.staffId, supervisorId: input.supervisorId, createdAt: new Date(input.now).toISOString() },
    clientRequestId: input.clientRequestId,
    now: input.now,
  });
  prepared(
    db,
    `INSERT INTO wallet_transactions (client_request_id, seq, member_no, kind, amount, target_client_request_id, staff_id, created_at)
     VALUES (?, ?, ?, 'void', ?, ?, ?, ?)`,
  ).run(input.clientRequestId, seq, input.memberNo, target.amount, input.targetClientRequestId, input.staffId, input.now);
  return getWalletTransaction(db, input.clientRequestId) as WalletRecord;
}

interface WalletRow {
  client_request_id: string;
  seq: number;
  member_no: string;
  kind: WalletKind;
  amount: number;
  target_client_request_id: string | null;
  staff_id: string | null;
  offline: number;
  created_at: number;
  state: WalletState;
  portal_transaction_id: string | null;
  balance_after: number | null;
  decline_code: string | null;
  synced_at: number | null;
}

function toRecord(r: WalletRow): WalletRecord {
  return {
    clientRequestId: r.client_request_id,
    seq: r.seq,
    memberNo: r.member_no,
    kind: r.kind,
    amount: r.amount,
    targetClientRequestId: r.target_client_request_id,
    staffId: r.staff_id,
    offline: r.offline === 1,
    createdAt: r.created_at,
    state: r.state,
    portalTransactionId: r.portal_transaction_id,
    balanceAfter: r.balance_after,
    declineCode: r.decline_code,
    syncedAt: r.synced_at,
  };
}

export function getWalletTransaction(db: SqliteDatabase, clientRequestId: string): WalletRecord | null {
  const row = prepared(db, 'SELECT * FROM wallet_transactions WHERE client_request_id = ?').get(clientRequestId) as WalletRow | undefined;
  return row ? toRecord(row) : null;
}

export function listWalletTransactions(db: SqliteDatabase, filter: { memberNo?: string; state?: WalletState; limit?: number } = {}): WalletRecord[] {
  const rows = prepared(db, 
      `SELECT * FROM wallet_transactions WHERE (@memberNo IS NULL OR member_no = @memberNo) AND (@state IS NULL OR state = @state)
       ORDER BY seq LIMIT @limit`,
    )
    .all({ memberNo: filter.memberNo ?? null, state: filter.state ?? null, limit: filter.limit ?? -1 }) as WalletRow[];
  return rows.map(toRecord);
}

/** Unsent money per member: what the register subtracts from the last known balance offline. */
export function pendingWalletTotals(db: SqliteDatabase, memberNo?: string): { count: number; topups: number; payments: number } {
  const row = prepared(db, 
      `SELECT count(*) AS count,
              coalesce(sum(CASE WHEN kind = 'topup' THEN amount END), 0) AS topups,
              coalesce(sum(CASE WHEN kind = 'payment' THEN amount END), 0) AS payments
       FROM wallet_transactions WHERE state = 'pending' AND (@memberNo IS NULL OR member_no = @memberNo)`,
    )
    .get({ memberNo: memberNo ?? null }) as { count: number; topups: number; payments: number };
  return row;
}

/**
 * The portal's answers for applied wallet operations, recorded with one statement per batch.
 * `synced_at` is the portal's time of application (its `createdAt`), the clock the roster's
 * answers are stamped with too, so "which balance is newer" never mixes two clocks.
 */
function markSynced(db: SqliteDatabase, applied: ReadonlyArray<{ item: OutboxItem; outcome: { result?: unknown } }>, now: number): void {
  const rows = applied.map(({ item, outcome }) => {
    const result = outcome.result as Partial<WalletTransaction> | undefined;
    const appliedAt = typeof result?.createdAt === 'string' ? Date.parse(result.createdAt) : Number.NaN;
    return {
      id: item.clientRequestId,
      transactionId: typeof result?.transactionId === 'string' ? result.transactionId : null,
      balance: typeof result?.balance === 'number' ? result.balance : null,
      at: Number.isNaN(appliedAt) ? now : appliedAt,
    };
  });
  prepared(db, 
    `UPDATE wallet_transactions SET state = 'synced', portal_transaction_id = r.value ->> 'transactionId', balance_after = r.value ->> 'balance',
       decline_code = NULL, synced_at = r.value ->> 'at'
     FROM json_each(?) AS r WHERE wallet_transactions.client_request_id = r.value ->> 'id'`,
  ).run(JSON.stringify(rows));
}

/**
 * Outbox handlers of the wallet: the portal's answer updates the business row in the same
 * transaction that settles the outbox row. A refusal marks the row declined (flagged to
 * staff through the dead letter); a staff retry puts it back to pending.
 */
export function walletOutboxHandlers(now: () => number): OutboxHandlers {
  const handler = {
    onAppliedMany(db: SqliteDatabase, applied: ReadonlyArray<{ item: OutboxItem; outcome: { result?: unknown } }>) {
      markSynced(db, applied, now());
    },
    onDeadLettered(db: SqliteDatabase, item: OutboxItem, error: { code: string }) {
      prepared(db, "UPDATE wallet_transactions SET state = 'declined', decline_code = ? WHERE client_request_id = ?").run(error.code, item.clientRequestId);
    },
    // A dead letter whose register flag is open is settled on the flags screen, never discarded alone.
    onDiscarded(db: SqliteDatabase, item: OutboxItem) {
      refuseDiscardOfOpenFlag(db, item.clientRequestId);
    },
    onRetry(db: SqliteDatabase, item: OutboxItem) {
      prepared(db, "UPDATE wallet_transactions SET state = 'pending', decline_code = NULL, seq = ? WHERE client_request_id = ?").run(item.seq, item.clientRequestId);
    },
  };
  return { 'wallet.topup': handler, 'wallet.payment': handler, 'wallet.void': handler };
}
