import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KioskError } from '../../shared/errors';
import type { WipeResult } from '../../shared/api/admin';
import type { SqliteDatabase } from '../db/database';
import { truncateWal } from '../db/wal-checkpointer';
import { appendAudit, type StaffGate } from '../staff';
import type { CoreBasics, CoreModule, DatabaseAccess } from '../kiosk-module';

/** The admin room's dependencies: the admin role, the database, and dropping the at-rest key from memory. */
export type AdminModuleDeps = CoreBasics & DatabaseAccess & { staff(): StaffGate; forgetSealingKey(): void };
import { removeCrashDumps } from './crash-dumps';

/**
 * Where personal data rests in the kiosk database, and what a wipe does to it (SECURITY.md,
 * "Privacy"). Tables from migrations that a database does not have yet are skipped.
 */
const WIPE_STEPS: ReadonlyArray<{ table: string; sql: string; what: string }> = [
  { table: 'counter_drafts', sql: 'DELETE FROM counter_drafts', what: 'sealed sign-up / email-change drafts' },
  { table: 'counter_submissions', sql: 'DELETE FROM counter_submissions', what: 'submission states with masked addresses' },
  { table: 'roster_members', sql: 'DELETE FROM roster_members', what: 'member names, furigana, masked addresses, balances' },
  // The money records stay (end of day, accounting): only the member's name and free-text notes go.
  {
    table: 'register_transactions',
    sql: 'UPDATE register_transactions SET member_name_sealed = NULL, flag_note = NULL, flag_note_sealed = NULL WHERE member_name_sealed IS NOT NULL OR flag_note IS NOT NULL OR flag_note_sealed IS NOT NULL',
    what: 'names and flag notes on register rows',
  },
  // Receipts still owed or kept for a reprint carry the member number and, by setting, the name.
  // Sealed with the key the wipe drops, they could never print again: the documents go, the rows
  // say why (a receipt owed is set aside, not lost silently).
  {
    table: 'print_jobs',
    sql: "UPDATE print_jobs SET document_sealed = NULL, failure = CASE WHEN state = 'waiting' THEN 'removed by the personal-data wipe' ELSE failure END, state = CASE WHEN state = 'waiting' THEN 'failed' ELSE state END WHERE document_sealed IS NOT NULL",
    what: 'receipt documents waiting to print or kept for a reprint',
  },
  // Operations staff gave up on keep their payloads (profile, address, phone) until now.
  { table: 'outbox', sql: "DELETE FROM outbox WHERE state = 'discarded'", what: 'payloads of discarded operations' },
  { table: 'sync_state', sql: "DELETE FROM sync_state WHERE key IN ('roster_cursor', 'roster_as_of')", what: 'roster cursor (the roster is pulled afresh)' },
];

/** The draft key's files in the data folder: the web host's key file and the app's safeStorage-sealed one. */
export const DRAFT_KEY_FILES = ['draft.key', 'draft.key.sealed'] as const;

function tableExists(db: SqliteDatabase, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

/**
 * Admin functions of the core. `wipeKiosk` removes the personal data at rest: an admin does it
 * before a kiosk leaves the store (repair, disposal) or when it may have been tampered with.
 */
export function createAdminModule(context: AdminModuleDeps): CoreModule {
  return {
    handlers: {
      wipeKiosk: (): WipeResult => {
        const { staff } = context.staff().require('admin');
        const db = context.db();
        const waiting = db.prepare("SELECT count(*) AS n FROM outbox WHERE state IN ('pending', 'dead')").get() as { n: number };
        if (waiting.n > 0) {
          throw new KioskError('request_conflict', `${waiting.n} operation(s) are not sent yet or wait among the dead letters: send, retry or discard them first, so nothing is lost.`, {
            waiting: waiting.n,
          });
        }
        const rows: Record<string, number> = {};
        // Deleted cells and freed pages are overwritten with zeros, not just unlinked.
        db.pragma('secure_delete = ON');
        db.transaction(() => {
          for (const step of WIPE_STEPS) {
            if (tableExists(db, step.table)) rows[step.table] = db.prepare(step.sql).run().changes;
          }
        }).immediate();
        // The rows are gone; every step after this runs even when a file cannot be removed, so the
        // key is always dropped, the wipe always audited and the WAL always truncated.
        const problems: string[] = [];
        let keyFilesRemoved = 0;
        for (const name of DRAFT_KEY_FILES) {
          const path = join(context.config.dataDir, name);
          try {
            if (existsSync(path)) {
              rmSync(path, { force: true });
              keyFilesRemoved += 1;
            }
          } catch (error) {
            problems.push(`${name}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
          }
        }
        // The key in memory goes too: the next seal makes a fresh key (new file), no restart needed.
        context.forgetSealingKey();
        // Chromium's crash-dump folder inside the data folder (minidumps may hold screen contents).
        let crashDumps = { removed: 0, left: 0 };
        try {
          crashDumps = removeCrashDumps(context.config.dataDir);
        } catch (error) {
          problems.push(`crash-dumps: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
        }
        appendAudit(db, {
          at: context.now(),
          staffId: staff.id,
          action: 'admin.wipe_kiosk',
          detail: {
            rows,
            keyFilesRemoved,
            crashDumpFilesRemoved: crashDumps.removed,
            ...(crashDumps.left > 0 ? { crashDumpFilesLeft: crashDumps.left } : {}),
            ...(problems.length > 0 ? { problems } : {}),
          },
        });
        // The WAL still holds the old page images until it is checkpointed and truncated.
        truncateWal(db);
        context.log(
          `admin: kiosk wiped by ${staff.id} (${Object.entries(rows).map(([table, n]) => `${table} ${n}`).join(', ')}; ${keyFilesRemoved} key file(s); ${crashDumps.removed} crash-dump file(s)${crashDumps.left > 0 ? `, ${crashDumps.left} could not be removed` : ''}${problems.length > 0 ? `; not removed: ${problems.join(', ')}` : ''})`,
        );
        if (problems.length > 0) {
          throw new KioskError('wipe_incomplete', `The personal data rows were wiped, but some files could not be removed (${problems.join(', ')}): check the data folder's permissions, then wipe again.`, { problems });
        }
        return { rows, keyFilesRemoved };
      },
    },
  };
}
