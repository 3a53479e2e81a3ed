/** The cashier's day: totals per cashier and per kind, the drawer count, and the CSV export. */
import type { EndOfDay, RegisterTotals } from '../../shared/api/register';
import type { SqliteDatabase } from '../db/database';
import { prepared } from '../db/sql';
import { appendAudit } from '../staff';
import { VIEW_SELECT, type ViewRow } from './ledger';
import { flagSummary } from './flags';
import type { RegisterCsvRow } from './register-csv';
import type { Cashier } from './sales';

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
 * The totals are what the portal keeps (queued and synced rows): a later decline is a flag,
 * shown apart with how it was settled, so the totals agree with the portal's ledger to the yen.
 * The drawer holds the cash of everything that happened at the counter: expected cash = float +
 * top-ups − voided top-ups (declined later or not) + cash collected today for flags. Declines
 * the cashier saw at once are reported apart and move no cash.
 */
export function endOfDay(db: SqliteDatabase, day: string, drawerFloat: number, now: number): EndOfDay {
  const rows = prepared(
    db,
    `SELECT r.staff_id, max(r.staff_name) AS staff_name, w.kind, t.kind AS target_kind, w.state = 'declined' AS declined, count(*) AS count, sum(w.amount) AS amount
     FROM register_transactions r
     JOIN wallet_transactions w ON w.client_request_id = r.client_request_id
     LEFT JOIN wallet_transactions t ON t.client_request_id = w.target_client_request_id
     WHERE r.business_day = ? AND r.counter_declined_at IS NULL
     GROUP BY r.staff_id, w.kind, t.kind, w.state = 'declined'`,
  ).all(day) as Array<TotalsRow & { declined: 0 | 1 }>;
  let totals = EMPTY_TOTALS;
  // The drawer holds the cash of everything that happened at the counter, declined later or not.
  let counterCash = 0;
  const perCashier = new Map<string, RegisterTotals & { staffId: string; staffName: string }>();
  for (const row of rows) {
    if (row.kind === 'topup') counterCash += row.amount;
    else if (row.kind === 'void' && row.target_kind === 'topup') counterCash -= row.amount;
    // The totals are the e-money the portal keeps: a later decline is a flag, not a sale.
    if (row.declined === 1) continue;
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
  const flags = flagSummary(db, day);
  // Cash a supervisor collected for a flag today is in today's drawer.
  const expectedCash = drawerFloat + counterCash + flags.resolved.cash.amount;
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
    flags,
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

/** The day's rows for the CSV (oldest first, declines at the counter included). */
export function dayCsvRows(db: SqliteDatabase, day: string): RegisterCsvRow[] {
  const rows = prepared(db, `${VIEW_SELECT} WHERE r.business_day = ? ORDER BY w.created_at, w.rowid`).all(day) as ViewRow[];
  return rows.map((r) => ({
    seq: r.seq,
    createdAt: r.created_at,
    clientRequestId: r.client_request_id,
    kind: r.kind,
    source: r.source,
    memberNo: r.member_no,
    amount: r.amount,
    cashReceived: r.cash_received,
    change: r.change_given,
    cashier: r.staff_name,
    supervisor: r.supervisor_name,
    state: r.state,
    offline: r.offline === 1,
    declinedAtCounter: r.counter_declined_at !== null,
    declineCode: r.decline_code,
    voids: r.target_client_request_id,
    balanceAfter: r.balance_after,
    flagOutcome: r.flag_outcome,
  }));
}
