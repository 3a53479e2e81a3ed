import type { SqliteDatabase } from '../db/database';
import type { DraftCipher } from '../db/sealing';
import { appendAudit } from '../staff';
import { carriesPersonalData } from '../sync/sealed-kinds';
import type { OperationKind } from '../../shared/portal-api/types';

/**
 * At start, after the database opened: is the at-rest key the one that sealed the data? A key
 * file lost or damaged (a disk fault, a restore without it) gives a new key; without this check
 * every sealed row would then fail on its own, and a sealed outbox row would block the queue.
 * When the key changed, in ONE transaction:
 * - a queued sign-up or e-mail change that no longer opens is kept in its place with a
 *   placeholder payload: the portal answers it (a rejection, or the answer it already recorded
 *   for that id and sequence number), so the money operations behind it are sent in order;
 * - drafts that no longer open are deleted; roster rows are deleted (the portal sends them
 *   again); names on register rows are blanked (the amounts stay);
 * - a report of exactly that (member numbers, kinds, counts: nothing personal) is kept for the
 *   staff status screen, and the audit log records it.
 * Money operations are never sealed (sealed-kinds.ts); ones an earlier version sealed are stored
 * plain here while the key still opens them.
 */
export interface KeyLossReport {
  detectedAt: number;
  /** Queued operations whose personal data is lost: they are sent with a placeholder and fail at the portal. */
  operations: Array<{ seq: number; kind: OperationKind; memberNo: string; createdAt: number }>;
  drafts: number;
  rosterRows: number;
  registerNames: number;
}

export type AtRestKeyStatus = { state: 'ok' } | { state: 'unavailable'; message: string } | { state: 'replaced'; report: KeyLossReport };

const SEALED = '$sealed';
/** What a lost sealed payload becomes: plain JSON the portal rejects as malformed, never applies. */
export const LOST_PAYLOAD = JSON.stringify({ $lost: 'at-rest key' });

export function checkAtRestKey(db: SqliteDatabase, cipher: DraftCipher, now: number): AtRestKeyStatus {
  const fingerprint = cipher.fingerprint('at-rest-key-check', 'v1');
  return db
    .transaction((): AtRestKeyStatus => {
      const stored = db.prepare('SELECT fingerprint FROM at_rest_key_check WHERE id = 1').get() as { fingerprint: string } | undefined;
      unsealMoneyOperations(db, cipher);
      let report: KeyLossReport | null = null;
      if (stored && stored.fingerprint !== fingerprint) {
        report = dropWhatNoLongerOpens(db, cipher, now);
        const lost = report.operations.length + report.drafts + report.rosterRows + report.registerNames;
        if (lost > 0) {
          db.prepare('INSERT INTO key_loss_reports (detected_at, report) VALUES (?, ?)').run(now, JSON.stringify(report));
          appendAudit(db, { at: now, staffId: null, action: 'kiosk.at_rest_key_replaced', detail: { operations: report.operations.length, drafts: report.drafts, rosterRows: report.rosterRows, registerNames: report.registerNames } });
        } else report = null;
      }
      // Written only when the key is new: an unchanged key costs a start no commit (and no fsync).
      if (stored?.fingerprint !== fingerprint) {
        db.prepare('INSERT INTO at_rest_key_check (id, fingerprint, set_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, set_at = excluded.set_at').run(fingerprint, now);
      }
      return latestKeyLoss(db) ?? (report ? { state: 'replaced', report } : { state: 'ok' });
    })
    .immediate();
}

/** The last key loss, if any: staff see it on the status screen until the data folder is wiped. */
export function latestKeyLoss(db: SqliteDatabase): AtRestKeyStatus | null {
  const row = db.prepare('SELECT report FROM key_loss_reports ORDER BY id DESC LIMIT 1').get() as { report: string } | undefined;
  return row ? { state: 'replaced', report: JSON.parse(row.report) as KeyLossReport } : null;
}

function opens(open: () => unknown): boolean {
  try {
    open();
    return true;
  } catch {
    return false;
  }
}

function unsealMoneyOperations(db: SqliteDatabase, cipher: DraftCipher): void {
  const rows = db.prepare(`SELECT id, kind, client_request_id AS crid, json_extract(payload, '$."${SEALED}"') AS sealed FROM outbox WHERE json_extract(payload, '$."${SEALED}"') IS NOT NULL`).all() as Array<{
    id: number;
    kind: OperationKind;
    crid: string;
    sealed: string;
  }>;
  const update = db.prepare('UPDATE outbox SET payload = ? WHERE id = ?');
  for (const row of rows) {
    if (carriesPersonalData(row.kind)) continue;
    try {
      update.run(JSON.stringify(cipher.open(Buffer.from(row.sealed, 'base64'), `outbox:${row.crid}`)), row.id);
    } catch {
      // Sealed with a key that is gone: handled as a lost row below.
    }
  }
}

function dropWhatNoLongerOpens(db: SqliteDatabase, cipher: DraftCipher, now: number): KeyLossReport {
  const report: KeyLossReport = { detectedAt: now, operations: [], drafts: 0, rosterRows: 0, registerNames: 0 };
  const outbox = db.prepare(
    `SELECT id, seq, kind, member_key AS memberNo, created_at AS createdAt, client_request_id AS crid, json_extract(payload, '$."${SEALED}"') AS sealed
     FROM outbox WHERE state IN ('pending', 'dead') AND json_extract(payload, '$."${SEALED}"') IS NOT NULL ORDER BY seq`,
  ).all() as Array<{ id: number; seq: number; kind: OperationKind; memberNo: string; createdAt: number; crid: string; sealed: string }>;
  for (const row of outbox) {
    if (opens(() => cipher.open(Buffer.from(row.sealed, 'base64'), `outbox:${row.crid}`))) continue;
    db.prepare('UPDATE outbox SET payload = ? WHERE id = ?').run(LOST_PAYLOAD, row.id);
    report.operations.push({ seq: row.seq, kind: row.kind, memberNo: row.memberNo, createdAt: row.createdAt });
  }
  for (const draft of db.prepare('SELECT id, flow, sealed FROM counter_drafts').all() as Array<{ id: string; flow: string; sealed: Buffer }>) {
    if (opens(() => cipher.open(draft.sealed, `counter_drafts:${draft.id}:${draft.flow}`))) continue;
    db.prepare('DELETE FROM counter_drafts WHERE id = ?').run(draft.id);
    report.drafts += 1;
  }
  for (const member of db.prepare('SELECT member_no AS memberNo, sealed FROM roster_members').all() as Array<{ memberNo: string; sealed: Buffer }>) {
    if (opens(() => cipher.open(member.sealed, `roster_members:${member.memberNo}`))) continue;
    db.prepare('DELETE FROM roster_members WHERE member_no = ?').run(member.memberNo);
    report.rosterRows += 1;
  }
  // The roster is the portal's: start its pull again from the beginning so the rows come back.
  if (report.rosterRows > 0) db.prepare("DELETE FROM sync_state WHERE key IN ('roster_cursor', 'roster_as_of')").run();
  const names = db.prepare('SELECT client_request_id AS crid, member_name_sealed AS sealed FROM register_transactions WHERE member_name_sealed IS NOT NULL').all() as Array<{ crid: string; sealed: Buffer }>;
  for (const row of names) {
    if (opens(() => cipher.open(row.sealed, `register_transactions:${row.crid}`))) continue;
    db.prepare('UPDATE register_transactions SET member_name_sealed = NULL WHERE client_request_id = ?').run(row.crid);
    report.registerNames += 1;
  }
  return report;
}
