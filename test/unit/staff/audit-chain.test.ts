import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskDatabase, type SqliteDatabase } from '../../../src/main/db/database';
import { MIGRATIONS } from '../../../src/main/db/migrations';
import { appendAudit, readAudit, verifyAuditChain } from '../../../src/main/staff/audit';
import { AUDIT_GENESIS_HASH } from '../../../src/main/staff/audit-chain';
import { makeTempDir } from '../../helpers/temp-dir';

let db: SqliteDatabase | null = null;
const cleanups: Array<() => void> = [];
afterEach(() => {
  db?.close();
  db = null;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function auditedDatabase(rows = 6): SqliteDatabase {
  db = openKioskDatabase(':memory:');
  for (let i = 0; i < rows; i++) appendAudit(db, { at: 1_000 + i, staffId: i % 2 ? 'staff-a' : null, action: `test.action_${i}`, detail: { n: i } });
  return db;
}

/** What someone with the file and a SQLite shell can do: drop the append-only triggers. */
function dropTriggers(target: SqliteDatabase): void {
  target.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_chained;');
}

describe('audit log hash chain', () => {
  it('chains every row from the genesis hash, and verifies', () => {
    const target = auditedDatabase();
    const rows = target.prepare('SELECT id, prev_hash AS prevHash, hash FROM audit_log ORDER BY id').all() as Array<{ id: number; prevHash: string; hash: string }>;
    expect(rows[0]?.prevHash).toBe(AUDIT_GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    expect(new Set(rows.map((row) => row.hash)).size).toBe(rows.length);
    expect(verifyAuditChain(target)).toEqual({ ok: true, rows: 6, head: rows.at(-1)?.hash });
    expect(readAudit(target, 1)[0]).toMatchObject({ action: 'test.action_5', detail: { n: 5 } });
  });

  it('verifies an empty log', () => {
    db = openKioskDatabase(':memory:');
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 0, head: AUDIT_GENESIS_HASH });
  });

  it('keeps the chain when appendAudit runs inside a caller’s transaction that rolls back', () => {
    const target = auditedDatabase(2);
    expect(() =>
      target.transaction(() => {
        appendAudit(target, { at: 5, staffId: null, action: 'rolled.back' });
        throw new Error('business change failed');
      })(),
    ).toThrow('business change failed');
    appendAudit(target, { at: 6, staffId: null, action: 'after.rollback' });
    expect(verifyAuditChain(target)).toMatchObject({ ok: true, rows: 3 });
  });

  it('refuses edits, deletes and unchained inserts through the triggers', () => {
    const target = auditedDatabase(2);
    expect(() => target.prepare("UPDATE audit_log SET action = 'x' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => target.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(/append-only/);
    expect(() => target.prepare("INSERT INTO audit_log (at, staff_id, action) VALUES (1, NULL, 'raw')").run()).toThrow(/appendAudit/);
    const forgedHead = 'f'.repeat(64);
    expect(() => target.prepare("INSERT INTO audit_log (at, staff_id, action, prev_hash, hash) VALUES (1, NULL, 'raw', ?, ?)").run(forgedHead, forgedHead)).toThrow(/appendAudit/);
  });

  it('detects a row edited behind the triggers’ back', () => {
    const target = auditedDatabase();
    dropTriggers(target);
    target.prepare(`UPDATE audit_log SET detail = '{"n":99}' WHERE id = 3`).run();
    expect(verifyAuditChain(target)).toMatchObject({ ok: false, problem: 'hash_mismatch', id: 3, rows: 2 });
  });

  it('detects a changed staff id or time even when the detail is untouched', () => {
    const target = auditedDatabase();
    dropTriggers(target);
    target.prepare("UPDATE audit_log SET staff_id = 'someone-else' WHERE id = 2").run();
    expect(verifyAuditChain(target)).toMatchObject({ ok: false, problem: 'hash_mismatch', id: 2 });
  });

  it('detects a row deleted from the middle', () => {
    const target = auditedDatabase();
    dropTriggers(target);
    target.prepare('DELETE FROM audit_log WHERE id = 4').run();
    expect(verifyAuditChain(target)).toMatchObject({ ok: false, problem: 'broken_link', id: 5 });
  });

  it('detects rows deleted from the end, also when new rows were appended afterwards', () => {
    const target = auditedDatabase();
    dropTriggers(target);
    target.prepare('DELETE FROM audit_log WHERE id >= 5').run();
    expect(verifyAuditChain(target)).toMatchObject({ ok: false, problem: 'truncated', id: 6 });
    appendAudit(target, { at: 9_999, staffId: null, action: 'after.truncation' });
    expect(verifyAuditChain(target)).toMatchObject({ ok: false, problem: 'broken_link', id: 7 });
  });

  it('detects a row whose hash was recomputed without relinking its successor', () => {
    const target = auditedDatabase();
    dropTriggers(target);
    const row = target.prepare('SELECT prev_hash AS prevHash FROM audit_log WHERE id = 2').get() as { prevHash: string };
    const canonical = JSON.stringify([1_001, 'staff-a', 'test.action_1', '{"n":-1}']);
    const hash = createHash('sha256').update(row.prevHash).update('\n').update(canonical).digest('hex');
    target.prepare(`UPDATE audit_log SET detail = '{"n":-1}', hash = ? WHERE id = 2`).run(hash);
    expect(verifyAuditChain(target)).toMatchObject({ ok: false, problem: 'broken_link', id: 3 });
  });

  it('migration 0005 chains the rows written before it', () => {
    const temp = makeTempDir('audit-chain-');
    cleanups.push(temp.cleanup);
    const file = join(temp.dir, 'kiosk.sqlite');
    const before = openKioskDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < 5) });
    const insert = before.prepare('INSERT INTO audit_log (at, staff_id, action, detail) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < 4; i++) insert.run(i, null, `old.${i}`, '{}');
    before.close();
    db = openKioskDatabase(file);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 4 });
    appendAudit(db, { at: 10, staffId: null, action: 'new' });
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 5 });
  });
});
