import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openKioskDatabase, schemaVersion } from '../../../src/main/db/database';
import { MIGRATIONS } from '../../../src/main/db/migrations';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir('migration-0012-')));
afterEach(() => temp.cleanup());

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('migration 0012 (repair requests)', () => {
  it('lets counter drafts and submissions be repair requests, keeping their rows, checks and indexes', () => {
    const file = join(temp.dir, 'k.sqlite');
    const before = MIGRATIONS.findIndex((m) => m.version === 12);
    const old = openKioskDatabase(file, { migrations: MIGRATIONS.slice(0, before) });
    expect(() => old.prepare("INSERT INTO counter_drafts (id, flow, member_key, step, created_at, updated_at, expires_at, sealed) VALUES (?, 'repair', ?, 'problem', 1, 1, 2, x'00')").run(ID(9), 'b'.repeat(64))).toThrow(/CHECK/);
    old.prepare("INSERT INTO counter_drafts (id, flow, member_key, step, created_at, updated_at, expires_at, sealed) VALUES (?, 'signup', ?, 'email', 1, 1, 2, x'0102')").run(ID(1), 'a'.repeat(64));
    old.prepare("INSERT INTO counter_submissions (client_request_id, flow, draft_id, member_no, state, masked_email, created_at, updated_at) VALUES (?, 'emailChange', ?, '2024000001', 'queued', 't***@e***.jp', 1, 1)").run(ID(2), ID(1));
    old.close();

    const db = openKioskDatabase(file);
    try {
      expect(schemaVersion(db)).toBe(12);
      expect(db.prepare('SELECT id, flow, step, hex(sealed) AS sealed FROM counter_drafts').all()).toEqual([{ id: ID(1), flow: 'signup', step: 'email', sealed: '0102' }]);
      expect(db.prepare('SELECT flow, member_no, masked_email FROM counter_submissions').all()).toEqual([{ flow: 'emailChange', member_no: '2024000001', masked_email: 't***@e***.jp' }]);
      db.prepare("INSERT INTO counter_drafts (id, flow, member_key, step, created_at, updated_at, expires_at, sealed) VALUES (?, 'repair', ?, 'problem', 1, 1, 2, x'00')").run(ID(3), 'a'.repeat(64));
      db.prepare("INSERT INTO counter_submissions (client_request_id, flow, draft_id, member_no, state, created_at, updated_at) VALUES (?, 'repair', ?, '2024000001', 'queued', 1, 1)").run(ID(4), ID(3));
      expect(() => db.prepare("INSERT INTO counter_submissions (client_request_id, flow, draft_id, member_no, state, created_at, updated_at) VALUES (?, 'other', ?, '2024000001', 'queued', 1, 1)").run(ID(5), ID(3))).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO counter_drafts (id, flow, member_key, step, created_at, updated_at, expires_at, sealed) VALUES (?, 'repair', ?, 'problem', 1, 1, 2, x'00')").run(ID(6), 'a'.repeat(64))).toThrow(/UNIQUE/);
      const sql = (name: string) => (db.prepare("SELECT sql FROM sqlite_master WHERE name = ?").get(name) as { sql: string } | undefined)?.sql;
      expect(sql('counter_drafts')).toMatch(/STRICT$/);
      expect(sql('counter_submissions')).toMatch(/STRICT$/);
      expect(sql('counter_drafts_expiry')).toBeDefined();
      expect(sql('counter_submissions_member')).toBeDefined();
      expect(migrate(db)).toBe(12);
      expect(MIGRATIONS.at(-1)).toMatchObject({ version: 12, name: 'repair-requests' });
    } finally {
      db.close();
    }
  });
});
