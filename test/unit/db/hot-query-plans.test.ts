/**
 * Issue 18: every query on the scan, panel and confirm paths (and the sync metrics and the
 * settle of a drained batch) must cost the same after a year of sales as on the first day.
 * The real functions run against a database with history while every SQL text they prepare
 * is recorded; EXPLAIN QUERY PLAN of each must show no full scan of a table or index and no
 * temporary B-tree (a sort of everything the search found). No ANALYZE: the kiosk never runs it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRegisterTransaction, memberBalance, offlineExposure, registerQueue, voidableTransaction } from '../../../src/main/cashier/ledger';
import { businessDay, recordSale, registerNames } from '../../../src/main/cashier/sales';
import { walletOutboxHandlers } from '../../../src/main/cashier/wallet-ledger';
import { openKioskDatabase, type SqliteDatabase } from '../../../src/main/db/database';
import { DraftCipher } from '../../../src/main/db/sealing';
import { RosterStore } from '../../../src/main/members/roster';
import { SqliteOutboxStore } from '../../../src/main/sync/outbox';
import { appendAudit } from '../../../src/main/staff/audit';
import { makeTempDir } from '../../helpers/temp-dir';

const NOW = Date.UTC(2026, 5, 1, 3, 0, 0);
const MEMBERS = 200;
const SYNCED_ROWS = 20_000;
const memberNo = (i: number) => String(2024000000 + i);

/**
 * Plans that say SCAN but read one row: the last row of a rowid B-tree (`ORDER BY <rowid> DESC LIMIT 1`).
 * Each entry says why; anything else with a SCAN fails.
 */
const ONE_STEP_SCANS = new Map<string, string>([['SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1', 'the head of the audit chain: the last rowid, one step']]);

let temp: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
const recorded = new Set<string>();

function seedHistory(): void {
  const wallet = db.prepare(
    `INSERT INTO wallet_transactions (client_request_id, seq, member_no, kind, amount, created_at, state, balance_after, synced_at, portal_transaction_id)
     VALUES (?, ?, ?, ?, ?, ?, 'synced', ?, ?, ?)`,
  );
  const register = db.prepare(
    `INSERT INTO register_transactions (client_request_id, business_day, source, cash_received, change_given, staff_id, staff_name)
     VALUES (?, ?, 'card', NULL, NULL, 's1', 'Cashier')`,
  );
  const outbox = db.prepare(`INSERT INTO outbox (seq, client_request_id, kind, member_key, payload, state, created_at) VALUES (?, ?, 'wallet.payment', ?, '{}', ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < SYNCED_ROWS; i++) {
      const id = randomUUID();
      const at = NOW - (SYNCED_ROWS - i) * 60_000;
      wallet.run(id, i + 1, memberNo(i % MEMBERS), i % 3 === 0 ? 'topup' : 'payment', 100 + (i % 50), at, 5_000, at + 500, `pt-${i}`);
      register.run(id, businessDay(at));
    }
    for (let i = 0; i < 300; i++) outbox.run(SYNCED_ROWS + 1 + i, randomUUID(), memberNo(i % MEMBERS), i % 3 === 0 ? 'dead' : 'discarded', NOW - i);
    db.prepare('UPDATE sync_sequence SET next_seq = ?').run(SYNCED_ROWS + 1_000);
    db.prepare("INSERT INTO staff (id, display_name, role, pin_hash, active, created_at) VALUES ('s1', 'Cashier', 'cashier', 'x', 1, 0)").run();
  })();
}

/** Runs the hot paths as the register does, recording every statement they prepare. */
function runHotPaths(): void {
  const cipher = new DraftCipher(randomBytes(32));
  const roster = new RosterStore(db, () => cipher);
  roster.applyPage(
    Array.from({ length: MEMBERS }, (_, i) => ({ memberNo: memberNo(i), cardBarcode: `A${memberNo(i)}B`, name: `Member ${i}`, nameKana: 'メンバー', status: 'active' as const, maskedEmail: null, balance: 5_000, version: 1 })),
    'cursor-1',
    NOW,
    NOW,
  );
  const names = registerNames(() => cipher);
  const store = new SqliteOutboxStore(db, walletOutboxHandlers(() => NOW), appendAudit);
  const original = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    recorded.add(sql);
    return original(sql);
  }) as typeof db.prepare;
  try {
    const member = memberNo(7);
    // Scan → panel: roster lookup, then the balance (online) and the offline allowance (offline).
    const found = roster.byCardBarcode(`A${member}B`) ?? roster.byMemberNo(member);
    memberBalance(db, member, { balance: found?.member.balance ?? 0, asOf: found?.asOf ?? 0 });
    offlineExposure(db, member);
    // Confirm: the checks, the one-transaction write, the queue bar and the voidable window.
    const saleIds = [randomUUID(), randomUUID()];
    for (const [index, clientRequestId] of saleIds.entries()) {
      recordSale(db, {
        clientRequestId,
        kind: 'payment',
        memberNo: member,
        memberName: 'Member 7',
        amount: 100,
        cashReceived: null,
        change: null,
        cashier: { id: 's1', displayName: 'Cashier' },
        source: 'card',
        offline: index === 1,
        now: NOW + index,
        day: businessDay(NOW + index),
      }, names);
    }
    registerQueue(db);
    voidableTransaction(db, businessDay(NOW), names);
    getRegisterTransaction(db, saleIds[0] as string, names);
    memberBalance(db, member, { balance: 5_000, asOf: NOW - 1 });
    // Sync: metrics on every tick, and the settle of a drained batch.
    store.counts();
    const batch = store.nextBatch(100);
    store.settle(batch.map((item) => ({ item, outcome: { clientRequestId: item.clientRequestId, seq: item.seq, kind: item.kind, replayed: false, outcome: 'applied' as const, status: 200, result: { transactionId: `pt-${item.seq}`, balance: 4_900, createdAt: new Date(NOW).toISOString() } } })), NOW + 10);
    store.counts();
  } finally {
    db.prepare = original as typeof db.prepare;
  }
}

beforeAll(() => {
  temp = makeTempDir('hot-query-plans-');
  db = openKioskDatabase(join(temp.dir, 'kiosk.sqlite'));
  seedHistory();
  runHotPaths();
});
afterAll(() => {
  db.close();
  temp.cleanup();
});

function planOf(sql: string): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...new Array(sql.split('?').length - 1).fill(null)) as Array<{ detail: string }>).map((row) => row.detail);
}

describe('queries on the scan, panel and confirm paths (issue 18)', () => {
  it('records the statements of every hot path', () => {
    const text = [...recorded].join('\n');
    for (const fragment of ['FROM roster_members WHERE card_barcode', 'ORDER BY synced_at DESC', "w.state = 'pending'", 'FROM outbox_state_counts', 'INSERT INTO register_transactions', 'r.business_day = ?', 'UPDATE wallet_transactions SET state']) {
      expect(text).toContain(fragment);
    }
  });

  it('reads through an index: no full scan of a table or index, no temporary B-tree', () => {
    const offenders: string[] = [];
    for (const sql of recorded) {
      if (!/^\s*(SELECT|UPDATE|DELETE|INSERT|WITH)/i.test(sql)) continue;
      const plan = sql.includes('@') ? planNamed(sql) : planOf(sql);
      for (const step of plan) {
        const fullScan = /^SCAN /.test(step) && !/VIRTUAL TABLE|CONSTANT ROW/.test(step) && !ONE_STEP_SCANS.has(sql);
        if (fullScan || /USE TEMP B-TREE/.test(step)) offenders.push(`${step}\n    in: ${sql.replace(/\s+/g, ' ').trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

function planNamed(sql: string): string[] {
  const params = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map((m) => [m[1], null]));
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((row) => row.detail);
}
