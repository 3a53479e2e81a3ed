import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKioskDatabase, schemaVersion } from '../../../src/main/db/database';
import { MIGRATIONS } from '../../../src/main/db/migrations';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir('migration-0011-')));
afterEach(() => temp.cleanup());

describe('migration 0011 (flags, identification, print jobs)', () => {
  it('adds the flag outcome and sealed note, empties clear notes, and creates print_jobs', () => {
    const file = join(temp.dir, 'k.sqlite');
    openKioskDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < 11) }).close();
    const raw = new Database(file);
    const settled = randomUUID();
    const open = randomUUID();
    for (const [i, id] of [settled, open].entries()) {
      raw.prepare("INSERT INTO wallet_transactions (client_request_id, seq, member_no, kind, amount, created_at, state) VALUES (?, ?, '2024000061', 'payment', 700, 1, 'declined')").run(id, i + 1);
    }
    raw.prepare("INSERT INTO register_transactions (client_request_id, business_day, source, staff_id, staff_name, flag_resolved_at, flag_resolved_by, flag_note) VALUES (?, '2026-01-05', 'card', 's1', 'C', 5, 's2', 'called Yamada')").run(settled);
    raw.prepare("INSERT INTO register_transactions (client_request_id, business_day, source, staff_id, staff_name) VALUES (?, '2026-01-05', 'manual', 's1', 'C')").run(open);
    raw.close();

    const db = openKioskDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 11) });
    expect(schemaVersion(db)).toBe(11);
    expect(db.prepare('SELECT flag_note, flag_outcome, flag_resolved_day FROM register_transactions WHERE client_request_id = ?').get(settled)).toEqual({ flag_note: null, flag_outcome: 'written_off', flag_resolved_day: '2026-01-05' });
    expect(db.prepare('SELECT flag_outcome, typed_approved_by FROM register_transactions WHERE client_request_id = ?').get(open)).toEqual({ flag_outcome: null, typed_approved_by: null });
    expect(() => db.prepare("UPDATE register_transactions SET flag_outcome = 'forgotten' WHERE client_request_id = ?").run(open)).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE register_transactions SET flag_note_sealed = x'00' WHERE client_request_id = ?").run(open)).toThrow(/CHECK/);
    const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'print_jobs'").get() as { sql: string }).sql;
    expect(sql).toMatch(/STRICT$/);
    expect(() => db.prepare("INSERT INTO print_jobs (id, printer, kind, kick_drawer, enqueued_at) VALUES ('j', 'tcp:x', 'poster', 0, 1)").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO print_jobs (id, printer, client_request_id, kind, kick_drawer, enqueued_at) VALUES ('j', 'tcp:x', ?, 'receipt', 1, 1)").run(open);
    expect(db.prepare("SELECT state FROM print_jobs WHERE id = 'j'").get()).toEqual({ state: 'waiting' });
    db.close();
  });

});
