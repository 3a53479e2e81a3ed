import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../../src/shared/errors';
import { assertDurable, migrate, openKioskDatabase, schemaVersion } from '../../../src/main/db/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/main/db/migrations';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir()));
afterEach(() => temp.cleanup());

function openError(file: string, options?: Parameters<typeof openKioskDatabase>[1]): KioskError {
  try {
    openKioskDatabase(file, options).close();
  } catch (error) {
    expect(error).toBeInstanceOf(KioskError);
    return error as KioskError;
  }
  throw new Error('expected openKioskDatabase to fail');
}

describe('openKioskDatabase', () => {
  it('opens WAL with synchronous=FULL and foreign keys, migrated to the latest version', () => {
    const db = openKioskDatabase(join(temp.dir, 'k.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('refuses a connection that is not synchronous=FULL (the start-up check)', () => {
    const db = new Database(join(temp.dir, 'n.sqlite'));
    db.pragma('journal_mode = WAL');
    // better-sqlite3's build defaults WAL to NORMAL; the check must catch it.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    expect(() => assertDurable(db)).toThrow(/synchronous is 1, expected FULL/);
    db.close();
  });

  it('is idempotent: opening again applies nothing twice', () => {
    const file = join(temp.dir, 'k.sqlite');
    openKioskDatabase(file).close();
    const db = openKioskDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database written by a newer kiosk version', () => {
    const file = join(temp.dir, 'newer.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const error = openError(file);
    expect(error.code).toBe('db_too_new');
    expect(error.details).toMatchObject({ fileVersion: LATEST_SCHEMA_VERSION + 5, knownVersion: LATEST_SCHEMA_VERSION });
  });

  it('reports a file that is not a database as db_corrupt', () => {
    const file = join(temp.dir, 'garbage.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    expect(openError(file).code).toBe('db_corrupt');
  });

  it('reports a database locked by another program as db_locked', () => {
    const file = join(temp.dir, 'locked.sqlite');
    openKioskDatabase(file).close();
    const holder = new Database(file);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expect(openError(file, { busyTimeoutMs: 50 }).code).toBe('db_locked');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('reports a full disk as db_full', () => {
    const db = openKioskDatabase(join(temp.dir, 'full.sqlite'));
    // max_page_count makes SQLite hit SQLITE_FULL exactly as a full disk does.
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
    let caught: unknown;
    try {
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('k', 'x'.repeat(100_000));
    } catch (error) {
      caught = error;
    }
    db.close();
    expect((caught as { code?: string }).code).toBe('SQLITE_FULL');
  });

  it('reports a read-only database as db_readonly', () => {
    const file = join(temp.dir, 'ro.sqlite');
    openKioskDatabase(file).close();
    // Root ignores file modes, so open the connection read-only to get SQLite's own refusal.
    const db = openKioskDatabase(file, { readonly: true });
    let caught: unknown;
    try {
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('k', 'v');
    } catch (error) {
      caught = error;
    }
    db.close();
    expect((caught as { code?: string }).code).toMatch(/^SQLITE_READONLY/);
  });
});

describe('migrations', () => {
  it('are numbered 1, 2, 3… without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('0001 creates staff, the PIN lockout row, an append-only audit log and settings, all STRICT', () => {
    const db = openKioskDatabase(join(temp.dir, 'm1.sqlite'), { migrations: MIGRATIONS.slice(0, 1) });
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string; sql: string }>;
    expect(tables.map((t) => t.name).sort()).toEqual(['audit_log', 'pin_lockout', 'settings', 'staff']);
    for (const table of tables) expect(table.sql).toMatch(/STRICT$/);
    expect(db.prepare('SELECT failed_attempts FROM pin_lockout').get()).toEqual({ failed_attempts: 0 });
    db.prepare("INSERT INTO audit_log (at, staff_id, action) VALUES (1, NULL, 'x')").run();
    expect(() => db.prepare("UPDATE audit_log SET action = 'y'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => db.prepare("INSERT INTO staff VALUES ('a', 'A', 'owner', 'h', 1, 0)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO settings VALUES ('k', x'00')").run()).toThrow(/cannot store BLOB value in TEXT column/);
    db.close();
  });

  it('a failing step rolls back whole and leaves user_version where it was', () => {
    const file = join(temp.dir, 'fail.sqlite');
    const db = openKioskDatabase(file, { migrations: MIGRATIONS.slice(0, 1) });
    const broken = { version: 99, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE half (x INTEGER) STRICT; SELECT * FROM missing_table;') };
    expect(() => migrate(db, [...MIGRATIONS.slice(0, 1), broken])).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('applies every pending step in one transaction: a fresh file is migrated whole or not at all', () => {
    const db = new Database(join(temp.dir, 'fresh.sqlite'));
    const broken = { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', up: (d: Database.Database) => d.exec('SELECT * FROM missing_table;') };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    let commits = 0;
    // One commit for the whole chain (each commit of a WAL database is an fsync).
    const raw = db as unknown as { transaction: typeof db.transaction };
    const original = raw.transaction.bind(db);
    raw.transaction = ((fn: (...args: unknown[]) => unknown) => {
      commits++;
      return original(fn);
    }) as typeof db.transaction;
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(commits).toBe(1);
    db.close();
  });
});
