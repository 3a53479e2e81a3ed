/**
 * Issue 18: commits the portal gives back after a power cut (its answers to queued operations,
 * the roster cache) skip the fsync that holds the core's loop; everything else stays FULL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordWalletTransaction, walletOutboxHandlers } from '../../../src/main/cashier/wallet-ledger';
import { openKioskDatabase, type SqliteDatabase } from '../../../src/main/db/database';
import { withReplayableCommits } from '../../../src/main/db/replayable-commits';
import { DraftCipher } from '../../../src/main/db/sealing';
import { RosterStore } from '../../../src/main/members/roster';
import { appendAudit } from '../../../src/main/staff/audit';
import { SqliteOutboxStore } from '../../../src/main/sync/outbox';
import type { OperationOutcome } from '../../../src/shared/portal-api/types';

const NORMAL = 1;
const FULL = 2;
const synchronous = (db: SqliteDatabase) => db.pragma('synchronous', { simple: true }) as number;

let dir: string;
let db: SqliteDatabase;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-replayable-'));
  db = openKioskDatabase(join(dir, 'kiosk.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('withReplayableCommits', () => {
  it('commits with NORMAL inside and puts FULL back after, also when the write throws', () => {
    expect(withReplayableCommits(db, () => synchronous(db))).toBe(NORMAL);
    expect(synchronous(db)).toBe(FULL);
    expect(() => withReplayableCommits(db, () => { throw new Error('refused'); })).toThrow('refused');
    expect(synchronous(db)).toBe(FULL);
  });

  it('changes nothing inside a transaction: the outer commit decides', () => {
    const seen = db.transaction(() => withReplayableCommits(db, () => synchronous(db)))();
    expect(seen).toBe(FULL);
  });
});

function queue(n: number): SqliteOutboxStore {
  const store = new SqliteOutboxStore(db, walletOutboxHandlers(() => Date.now()), appendAudit);
  for (let i = 0; i < n; i++) recordWalletTransaction(db, { memberNo: '1234567890', kind: 'topup', amount: 100 + i, now: Date.now() });
  return store;
}

const applied = (store: SqliteOutboxStore, n: number) =>
  store.nextBatch(n).map((item) => ({
    item,
    outcome: { clientRequestId: item.clientRequestId, seq: item.seq, kind: item.kind, outcome: 'applied', status: 201, replayed: false, result: { balance: 1_000 } } as OperationOutcome,
  }));

describe("the outbox's settle", () => {
  it('records the portal’s answers with NORMAL, in order, and the connection is FULL again after', () => {
    const store = queue(5);
    const seenInside: number[] = [];
    // The handler runs inside the settle's transaction: it sees the setting the commit will use.
    const handlers = walletOutboxHandlers(() => Date.now());
    const wallet = handlers['wallet.topup'];
    const spy = new SqliteOutboxStore(db, { 'wallet.topup': { ...wallet, onAppliedMany: (d, rows) => { seenInside.push(synchronous(d)); wallet?.onAppliedMany?.(d, rows); } } }, appendAudit);
    const results = applied(store, 5);
    expect(spy.settle(results, Date.now())).toEqual({ applied: 5, dead: 0, deferred: 0 });
    expect(seenInside).toEqual([NORMAL]);
    expect(synchronous(db)).toBe(FULL);
    expect(store.counts().depth).toBe(0);
    const synced = db.prepare("SELECT seq FROM wallet_transactions WHERE state = 'synced' ORDER BY seq").all() as Array<{ seq: number }>;
    expect(synced.map((r) => r.seq)).toEqual(results.map((r) => r.item.seq));
  });

  it('is still all or nothing: a handler that throws leaves every row pending and FULL restored', () => {
    const store = queue(3);
    const failing = new SqliteOutboxStore(db, { 'wallet.topup': { onAppliedMany: () => { throw new Error('disk full'); } } }, appendAudit);
    expect(() => failing.settle(applied(store, 3), Date.now())).toThrow('disk full');
    expect(store.counts().depth).toBe(3);
    expect((db.prepare("SELECT count(*) AS n FROM wallet_transactions WHERE state = 'pending'").get() as { n: number }).n).toBe(3);
    expect(synchronous(db)).toBe(FULL);
  });
});

describe('the roster cache', () => {
  const rosterKey = new DraftCipher(randomBytes(32));

  /** The setting in force each time a roster row is written (read just before the statement runs). */
  function watchRosterWrites(): number[] {
    const seen: number[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      const statement = prepare(sql);
      if (!sql.includes('INSERT INTO roster_members')) return statement;
      const run = statement.run.bind(statement);
      statement.run = ((...args: unknown[]) => {
        seen.push(synchronous(db));
        return run(...(args as Parameters<typeof run>));
      }) as typeof statement.run;
      return statement;
    }) as typeof db.prepare;
    return seen;
  }

  it('writes a pulled page with NORMAL and leaves the connection FULL', () => {
    const roster = new RosterStore(db, () => rosterKey);
    const seen = watchRosterWrites();
    const member = { memberNo: '2024000002', cardBarcode: 'A2024000002A', name: '佐藤 花子', nameKana: 'サトウ ハナコ', status: 'active' as const, maskedEmail: null, portalRegistered: true, balance: 0, version: 1 };
    expect(roster.applyPage([member], 'cursor-1', Date.now(), Date.now())).toBe(true);
    expect(seen).toEqual([NORMAL]);
    expect(synchronous(db)).toBe(FULL);
    expect(roster.cursor()).toBe('cursor-1');
  });

  it('caches a live answer with NORMAL and leaves the connection FULL', () => {
    const roster = new RosterStore(db, () => rosterKey);
    const seen = watchRosterWrites();
    roster.refresh({ memberNo: '2024000001', cardBarcode: 'A2024000001A', name: '山田 太郎', nameKana: 'ヤマダ タロウ', status: 'active', maskedEmail: null, portalRegistered: true, balance: 500, asOf: new Date().toISOString() } as never, Date.now());
    expect(seen).toEqual([NORMAL]);
    expect(synchronous(db)).toBe(FULL);
    expect(roster.byMemberNo('2024000001')?.member.name).toBe('山田 太郎');
  });
});
