import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKioskDatabase, schemaVersion } from '../../../src/main/db/database';
import { MIGRATIONS } from '../../../src/main/db/migrations';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir('migration-0010-')));
afterEach(() => temp.cleanup());

const BEFORE_0010 = MIGRATIONS.filter((m) => m.version < 10);

function counts(db: Database.Database): Record<string, number> {
  return Object.fromEntries((db.prepare('SELECT state, n FROM outbox_state_counts').all() as Array<{ state: string; n: number }>).map((r) => [r.state, r.n]));
}

describe('migration 0010 (history-independent lookups)', () => {
  it('counts the outbox rows an earlier kiosk left, then keeps the counts with every write', () => {
    const file = join(temp.dir, 'kiosk.sqlite');
    openKioskDatabase(file, { migrations: BEFORE_0010 }).close();
    const raw = new Database(file);
    const insert = raw.prepare(`INSERT INTO outbox (seq, client_request_id, kind, member_key, payload, state, created_at) VALUES (?, ?, 'wallet.topup', '2024000001', '{}', ?, ?)`);
    ['pending', 'pending', 'pending', 'dead', 'discarded'].forEach((state, i) => insert.run(i + 1, randomUUID(), state, 1_000 + i));
    raw.close();

    const db = openKioskDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 10) });
    try {
      expect(schemaVersion(db)).toBe(10);
      expect(counts(db)).toEqual({ pending: 3, dead: 1, discarded: 1 });
      db.prepare(`INSERT INTO outbox (seq, client_request_id, kind, member_key, payload, created_at) VALUES (10, ?, 'wallet.topup', '2024000001', '{}', 5)`).run(randomUUID());
      db.prepare("UPDATE outbox SET state = 'dead' WHERE seq = 1").run();
      db.prepare("UPDATE outbox SET attempts = attempts + 1 WHERE seq = 2").run();
      db.prepare('DELETE FROM outbox WHERE seq IN (2, 4)').run();
      expect(counts(db)).toEqual({ pending: 2, dead: 1, discarded: 1 });
      // A rolled-back write leaves the counts as they were (same transaction as the row).
      expect(() =>
        db.transaction(() => {
          db.prepare('DELETE FROM outbox WHERE seq = 3').run();
          throw new Error('rolled back');
        })(),
      ).toThrow('rolled back');
      expect(counts(db)).toEqual({ pending: 2, dead: 1, discarded: 1 });
    } finally {
      db.close();
    }
  });

  it('adds the partial indexes the hot lookups read through', () => {
    const db = openKioskDatabase(join(temp.dir, 'fresh.sqlite'));
    try {
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['wallet_transactions_latest_synced', 'wallet_transactions_pending_member', 'register_transactions_day_live', 'outbox_pending_created']));
      const plan = (db.prepare(
        `EXPLAIN QUERY PLAN SELECT balance_after, synced_at FROM wallet_transactions
         WHERE member_no = ? AND state = 'synced' AND balance_after IS NOT NULL AND synced_at IS NOT NULL ORDER BY synced_at DESC, seq DESC LIMIT 1`,
      ).all('2024000001') as Array<{ detail: string }>).map((r) => r.detail);
      expect(plan.join('\n')).toContain('wallet_transactions_latest_synced');
      expect(plan.join('\n')).not.toContain('TEMP B-TREE');
    } finally {
      db.close();
    }
  });
});
