import type { PortalContext } from './context';
import type { AppTokens } from './app-tokens';
import type { Members, MemberRow } from './members';
import { PortalProblem } from './problem';
import { iso, uuid } from './util';
import type { SequencedOperation, WalletTransaction } from '../shared/portal-api/types';

interface WalletRow {
  id: string;
  client_request_id: string;
  device_id: string;
  seq: number | null;
  member_no: string;
  kind: 'topup' | 'payment' | 'void';
  amount: number;
  balance_after: number;
  voids_transaction_id: string | null;
  voided_by: string | null;
  created_at: number;
}

/** A wallet_transactions row as inserted (voided_by is set later, by a void). */
type NewWalletRow = Omit<WalletRow, 'voided_by'> & { app_token: string | null; staff_id: string | null; kiosk_created_at: number | null };

/** What a top-up, payment or void decides; the rest of its row comes from the operation. */
interface WalletEntry {
  id: string;
  kind: WalletRow['kind'];
  memberNo: string;
  amount: number;
  balanceAfter: number;
  voidsTransactionId?: string;
  appToken?: string;
  staffId?: string;
  /** The kiosk's own time of the sale (ISO), when it sent one. */
  kioskCreatedAt?: string;
}

/** The one wallet-row builder: the operation gives request id, device and seq; the entry the rest. */
export function walletRow(deviceId: string, op: SequencedOperation, entry: WalletEntry, now: number): NewWalletRow {
  return {
    id: entry.id,
    client_request_id: op.clientRequestId,
    device_id: deviceId,
    seq: op.seq,
    member_no: entry.memberNo,
    kind: entry.kind,
    amount: entry.amount,
    balance_after: entry.balanceAfter,
    voids_transaction_id: entry.voidsTransactionId ?? null,
    app_token: entry.appToken ?? null,
    staff_id: entry.staffId ?? null,
    kiosk_created_at: entry.kioskCreatedAt ? Date.parse(entry.kioskCreatedAt) : null,
    created_at: now,
  };
}

function toTransaction(row: WalletRow): WalletTransaction {
  return {
    transactionId: row.id,
    clientRequestId: row.client_request_id,
    kind: row.kind,
    memberNo: row.member_no,
    amount: row.amount,
    balance: row.balance_after,
    createdAt: iso(row.created_at),
    voidsTransactionId: row.voids_transaction_id,
    deviceId: row.device_id,
    seq: row.seq,
  };
}

type MoneyPayload = { memberNo: string; amount: number; appToken?: string; staffId?: string; createdAt?: string };
type VoidPayload = { memberNo: string; targetClientRequestId: string; staffId: string; supervisorId: string; createdAt?: string };

export interface Ledger {
  transactions: WalletTransaction[];
  declines: Array<{ clientRequestId: string; deviceId: string; seq: number | null; memberNo: string; kind: string; amount: number; code: string; createdAt: string }>;
  balances: Record<string, number>;
}

/** The member wallet: top-ups, payments, voids (as sequenced operations), statements and the dev ledger. */
export class Wallet {
  constructor(
    private readonly ctx: PortalContext,
    private readonly members: Members,
    private readonly appTokens: AppTokens,
  ) {}

  statement(memberNo: string, limit: number): { memberNo: string; balance: number; asOf: string; transactions: WalletTransaction[] } {
    const member = this.members.memberRow(memberNo);
    const rows = this.ctx.sql('SELECT * FROM wallet_transactions WHERE member_no = ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(memberNo, limit) as WalletRow[];
    return { memberNo, balance: member.balance, asOf: iso(this.ctx.now()), transactions: rows.map(toTransaction) };
  }

  ledger(filter: { memberNo?: string; deviceId?: string }): Ledger {
    const params = { memberNo: filter.memberNo ?? null, deviceId: filter.deviceId ?? null };
    const where = '(@memberNo IS NULL OR member_no = @memberNo) AND (@deviceId IS NULL OR device_id = @deviceId)';
    const rows = this.ctx.sql(`SELECT * FROM wallet_transactions WHERE ${where} ORDER BY rowid`).all(params) as WalletRow[];
    const declines = this.ctx.sql(`SELECT * FROM wallet_declines WHERE ${where} ORDER BY rowid`).all(params) as Array<{
      client_request_id: string;
      device_id: string;
      seq: number | null;
      member_no: string;
      kind: string;
      amount: number;
      code: string;
      created_at: number;
    }>;
    const balances: Record<string, number> = {};
    const memberRows = this.ctx.sql('SELECT member_no, balance FROM members WHERE (@memberNo IS NULL OR member_no = @memberNo)').all({ memberNo: params.memberNo }) as Array<{
      member_no: string;
      balance: number;
    }>;
    for (const m of memberRows) balances[m.member_no] = m.balance;
    return {
      transactions: rows.map(toTransaction),
      declines: declines.map((d) => ({ clientRequestId: d.client_request_id, deviceId: d.device_id, seq: d.seq, memberNo: d.member_no, kind: d.kind, amount: d.amount, code: d.code, createdAt: iso(d.created_at) })),
      balances,
    };
  }

  /** Records a declined wallet operation for the dev ledger (kept once per client request id). */
  recordDecline(deviceId: string, op: SequencedOperation, code: string): void {
    const p = op.payload as { memberNo: string; amount?: number };
    this.ctx
      .sql('INSERT OR IGNORE INTO wallet_declines (client_request_id, device_id, seq, member_no, kind, amount, code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(op.clientRequestId, deviceId, op.seq, p.memberNo, op.kind.slice('wallet.'.length), p.amount ?? 0, code, this.ctx.now());
  }

  /** What a top-up or payment checks: the member's status and balance (not the whole profile row). */
  private walletMember(memberNo: string): { balance: number } {
    const row = this.ctx.sql('SELECT status, balance FROM members WHERE member_no = ?').get(memberNo) as { status: MemberRow['status']; balance: number } | undefined;
    if (!row) throw new PortalProblem('member_not_found');
    if (row.status !== 'active') throw new PortalProblem('member_not_active');
    return row;
  }

  private insert(deviceId: string, op: SequencedOperation, entry: WalletEntry): WalletTransaction {
    const row = walletRow(deviceId, op, entry, this.ctx.now());
    this.ctx
      .sql(
        `INSERT INTO wallet_transactions (id, client_request_id, device_id, seq, member_no, kind, amount, balance_after, voids_transaction_id,
           app_token, staff_id, kiosk_created_at, created_at)
         VALUES (@id, @client_request_id, @device_id, @seq, @member_no, @kind, @amount, @balance_after, @voids_transaction_id,
           @app_token, @staff_id, @kiosk_created_at, @created_at)`,
      )
      .run(row);
    this.ctx.sql('UPDATE members SET balance = ? WHERE member_no = ?').run(row.balance_after, row.member_no);
    this.members.touchMember(row.member_no);
    return toTransaction({ ...row, voided_by: null });
  }

  applyTopup(deviceId: string, op: SequencedOperation, p: MoneyPayload): WalletTransaction {
    const member = this.walletMember(p.memberNo);
    const { maxTopupPerTransaction, maxBalance } = this.ctx.limits;
    if (p.amount > maxTopupPerTransaction) {
      throw new PortalProblem('account_money_topup_transfer_limit_exceeded', undefined, { details: { limit: maxTopupPerTransaction } });
    }
    if (member.balance + p.amount > maxBalance) {
      throw new PortalProblem('account_balance_exceeded', undefined, { details: { limit: maxBalance, balance: member.balance } });
    }
    const id = uuid();
    if (p.appToken) this.appTokens.use(p.appToken, p.memberNo, 'charge', id);
    return this.insert(deviceId, op, {
      id, kind: 'topup', memberNo: p.memberNo, amount: p.amount, balanceAfter: member.balance + p.amount,
      appToken: p.appToken, staffId: p.staffId, kioskCreatedAt: p.createdAt,
    });
  }

  applyPayment(deviceId: string, op: SequencedOperation, p: MoneyPayload): WalletTransaction {
    const member = this.walletMember(p.memberNo);
    const id = uuid();
    if (p.appToken) this.appTokens.use(p.appToken, p.memberNo, 'pay', id);
    if (member.balance < p.amount) {
      throw new PortalProblem('account_balance_not_enough', undefined, { details: { balance: member.balance, amount: p.amount } });
    }
    return this.insert(deviceId, op, {
      id, kind: 'payment', memberNo: p.memberNo, amount: p.amount, balanceAfter: member.balance - p.amount,
      appToken: p.appToken, staffId: p.staffId, kioskCreatedAt: p.createdAt,
    });
  }

  applyVoid(deviceId: string, op: SequencedOperation, p: VoidPayload): WalletTransaction {
    const member = this.members.memberRow(p.memberNo);
    const target = this.ctx.sql('SELECT * FROM wallet_transactions WHERE client_request_id = ? AND member_no = ?').get(p.targetClientRequestId, p.memberNo) as
      | WalletRow
      | undefined;
    if (!target) throw new PortalProblem('transaction_not_found');
    if (target.kind === 'void') throw new PortalProblem('transaction_not_voidable');
    if (target.voided_by !== null) throw new PortalProblem('transaction_already_voided');
    const balance = target.kind === 'topup' ? member.balance - target.amount : member.balance + target.amount;
    if (balance < 0) throw new PortalProblem('account_balance_not_enough', 'The top-up has already been spent.');
    const id = uuid();
    const view = this.insert(deviceId, op, {
      id, kind: 'void', memberNo: p.memberNo, amount: target.amount, balanceAfter: balance,
      voidsTransactionId: target.id, staffId: p.staffId, kioskCreatedAt: p.createdAt,
    });
    this.ctx.sql('UPDATE wallet_transactions SET voided_by = ? WHERE id = ?').run(id, target.id);
    return view;
  }
}
