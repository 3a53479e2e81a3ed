import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openKioskDatabase, schemaVersion } from '../../../src/main/db/database';
import { MIGRATIONS } from '../../../src/main/db/migrations';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir('migration-0007-')));
afterEach(() => temp.cleanup());

describe('migration 0007 (at-rest key check)', () => {
  it('adds the key fingerprint row and the key-loss reports as STRICT tables to a version-6 database, keeping its rows', () => {
    const file = join(temp.dir, 'k.sqlite');
    const old = openKioskDatabase(file, { migrations: MIGRATIONS.slice(0, 6) });
    old.prepare("INSERT INTO sync_state (key, value) VALUES ('last_success_at', '1')").run();
    old.close();
    const db = openKioskDatabase(file, { migrations: MIGRATIONS.slice(0, 7) });
    try {
      expect(schemaVersion(db)).toBe(7);
      expect(db.prepare("SELECT value FROM sync_state WHERE key = 'last_success_at'").get()).toEqual({ value: '1' });
      const sql = (name: string) => (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) as { sql: string }).sql;
      expect(sql('at_rest_key_check')).toMatch(/STRICT$/);
      expect(sql('key_loss_reports')).toMatch(/STRICT$/);
      // One row only, a 64-hex fingerprint; reports must be JSON.
      db.prepare('INSERT INTO at_rest_key_check (id, fingerprint, set_at) VALUES (1, ?, 1)').run('a'.repeat(64));
      expect(() => db.prepare('INSERT INTO at_rest_key_check (id, fingerprint, set_at) VALUES (2, ?, 1)').run('b'.repeat(64))).toThrow(/CHECK/);
      expect(() => db.prepare('UPDATE at_rest_key_check SET fingerprint = ? WHERE id = 1').run('short')).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO key_loss_reports (detected_at, report) VALUES (1, 'not json')").run()).toThrow(/CHECK/);
      expect(migrate(db, MIGRATIONS.slice(0, 7))).toBe(7);
      expect(MIGRATIONS[6]).toMatchObject({ version: 7, name: 'at-rest-key-check' });
    } finally {
      db.close();
    }
  });
});
