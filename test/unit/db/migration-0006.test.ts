import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openKioskDatabase, schemaVersion } from '../../../src/main/db/database';
import { MIGRATIONS } from '../../../src/main/db/migrations';
import { makeTempDir } from '../../helpers/temp-dir';

const ROSTER_NAME = '旧名簿 平文子';
const REGISTER_NAME = 'Plaintext Legacyname';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir('migration-0006-')));
afterEach(() => temp.cleanup());

/** A version-5 database as an earlier kiosk left it: names in clear, written without secure_delete. */
function legacyDatabase(file: string): { saleIds: string[] } {
  openKioskDatabase(file, { migrations: MIGRATIONS.slice(0, 5) }).close();
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('secure_delete = OFF');
  const saleIds: string[] = [];
  raw.transaction(() => {
    const roster = raw.prepare(
      `INSERT INTO roster_members (member_no, card_barcode, name, name_kana, status, masked_email, portal_registered, balance, version, updated_at)
       VALUES (?, ?, ?, 'キュウメイボ', 'active', 'o***@example.ac.jp', 0, 500, 1, 1)`,
    );
    const wallet = raw.prepare(
      `INSERT INTO wallet_transactions (client_request_id, seq, member_no, kind, amount, created_at, state) VALUES (?, ?, '2024000061', 'topup', 1000, ?, 'synced')`,
    );
    const register = raw.prepare(
      `INSERT INTO register_transactions (client_request_id, business_day, source, member_name, cash_received, change_given, staff_id, staff_name, flag_note)
       VALUES (?, '2026-01-05', 'card', ?, 1000, 0, 's1', 'Cashier', ?)`,
    );
    // Enough rows for page splits, which leave stale copies in free space when secure_delete is off.
    for (let i = 0; i < 300; i++) {
      roster.run(String(2024000100 + i), `A${2024000100 + i}B`, `${ROSTER_NAME} ${i}`);
      const id = randomUUID();
      saleIds.push(id);
      wallet.run(id, i + 1, 1_700_000_000_000 + i);
      register.run(id, `${REGISTER_NAME} ${i}`, i === 0 ? 'note of the supervisor' : null);
    }
    raw.prepare("INSERT INTO sync_state (key, value) VALUES ('roster_cursor', 'c-9'), ('roster_as_of', '1'), ('other_state', 'kept')").run();
  })();
  raw.close();
  return { saleIds };
}

function fileHolds(file: string, text: string): boolean {
  return [file, `${file}-wal`].some((path) => {
    try {
      return readFileSync(path).includes(Buffer.from(text, 'utf8'));
    } catch {
      return false;
    }
  });
}

describe('migration 0006 (sealed names)', () => {
  it('rebuilds roster_members and register_transactions as STRICT tables without names in clear', () => {
    const file = join(temp.dir, 'k.sqlite');
    const { saleIds } = legacyDatabase(file);
    expect(fileHolds(file, ROSTER_NAME)).toBe(true);
    expect(fileHolds(file, REGISTER_NAME)).toBe(true);

    const db = openKioskDatabase(file, { migrations: MIGRATIONS.slice(0, 6) });
    expect(schemaVersion(db)).toBe(6);
    const sql = (name: string) => (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) as { sql: string }).sql;
    expect(sql('roster_members')).toMatch(/STRICT$/);
    expect(sql('register_transactions')).toMatch(/STRICT$/);
    const columns = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns('roster_members')).toEqual(['member_no', 'card_barcode', 'status', 'portal_registered', 'balance', 'version', 'updated_at', 'sealed']);
    expect(columns('register_transactions')).not.toContain('member_name');
    expect(columns('register_transactions')).toContain('member_name_sealed');
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('roster_members_card', 'register_transactions_day')").all() as Array<{ name: string }>).map((r) => r.name);
    expect(indexes.sort()).toEqual(['register_transactions_day', 'roster_members_card']);

    // The roster and its cursor are gone (re-pulled sealed); other sync state stays.
    expect(db.prepare('SELECT count(*) AS n FROM roster_members').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT key FROM sync_state ORDER BY key').all()).toEqual([{ key: 'other_state' }]);
    // Register rows keep their money and staff columns; the old names are dropped, notes kept until the retention.
    expect(db.prepare('SELECT count(*) AS n FROM register_transactions WHERE member_name_sealed IS NULL').get()).toEqual({ n: 300 });
    expect(db.prepare('SELECT cash_received, change_given, staff_name, flag_note FROM register_transactions WHERE client_request_id = ?').get(saleIds[0])).toEqual({
      cash_received: 1000,
      change_given: 0,
      staff_name: 'Cashier',
      flag_note: 'note of the supervisor',
    });
    expect(db.pragma('foreign_key_check')).toEqual([]);

    // Nothing sealed is accepted that could not be a sealed blob; no BLOB goes into the old TEXT shape.
    expect(() => db.prepare("INSERT INTO roster_members (member_no, card_barcode, status, balance, version, updated_at, sealed) VALUES ('2024000001', 'c', 'active', 0, 1, 1, x'00')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO roster_members (member_no, card_barcode, status, balance, version, updated_at, sealed) VALUES ('2024000001', 'c', 'active', 0, 1, 1, 'plain text name that is long enough')").run()).toThrow(/TEXT/);

    // Freed pages were zeroed: once the WAL is checkpointed, no name is left in the files.
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fileHolds(file, ROSTER_NAME)).toBe(false);
    expect(fileHolds(file, REGISTER_NAME)).toBe(false);
    expect(fileHolds(file, 'キュウメイボ')).toBe(false);
    db.close();
  });

  it('is forward-only and applies once', () => {
    const file = join(temp.dir, 'k2.sqlite');
    const db = openKioskDatabase(file, { migrations: MIGRATIONS.slice(0, 6) });
    expect(migrate(db, MIGRATIONS.slice(0, 6))).toBe(6);
    expect(MIGRATIONS[5]).toMatchObject({ version: 6, name: 'sealed-names' });
    db.close();
  });
});
