/**
 * Money exceptions settled to zero: a transaction the portal declined after the fact (an
 * offline payment, a void it refused) is a flag until a supervisor settles it with an outcome.
 * Settling closes the outbox's dead letter in the SAME transaction, and discarding the dead
 * letter anywhere else is refused, so the flag and the dead letter never disagree.
 */
import type { FlagOutcome, FlagSummary } from '../../shared/api/register';
import { KioskError } from '../../shared/errors';
import type { SqliteDatabase } from '../db/database';
import type { SealingSource } from '../db/sealing';
import { prepared } from '../db/sql';
import { appendAudit } from '../staff';

/** The supervisor's note, sealed at rest (it may name the member); AAD binds it to its row. */
export interface FlagNotes {
  seal(note: string, clientRequestId: string): Buffer;
  open(sealed: Buffer | null, clientRequestId: string): string;
}

export function flagNotes(sealing: SealingSource): FlagNotes {
  const aad = (id: string) => `register_flags:${id}`;
  return {
    // Unlike a name on a sale, a note is not written at all without the key (nothing in clear).
    seal: (note, id) => sealing().seal(note, aad(id)),
    open: (sealed, id) => {
      if (sealed === null) return '';
      try {
        const note = sealing().open<unknown>(sealed, aad(id));
        return typeof note === 'string' ? note : '';
      } catch {
        return '';
      }
    },
  };
}

export interface ResolveFlagInput {
  clientRequestId: string;
  outcome: FlagOutcome;
  note: string;
  /** Who is signed in, and who approved (the same person for a supervisor). */
  staffId: string;
  supervisorId: string;
  businessDay: string;
  now: number;
}

/** Settles one open flag and closes its dead letter: one IMMEDIATE transaction, audited (the note's length only). */
export function resolveFlag(db: SqliteDatabase, input: ResolveFlagInput, notes: FlagNotes): void {
  const sealed = notes.seal(input.note, input.clientRequestId);
  db.transaction(() => {
    const info = prepared(
      db,
      `UPDATE register_transactions SET flag_resolved_at = ?, flag_resolved_by = ?, flag_outcome = ?, flag_note_sealed = ?, flag_resolved_day = ?
       WHERE client_request_id = ? AND flag_resolved_at IS NULL AND counter_declined_at IS NULL
         AND client_request_id IN (SELECT client_request_id FROM wallet_transactions WHERE state = 'declined')`,
    ).run(input.now, input.supervisorId, input.outcome, sealed, input.businessDay, input.clientRequestId);
    if (info.changes === 0) throw new KioskError('invalid_input', 'No open flag with that id: it may have been settled already. Reload the list.');
    const closed = prepared(db, "UPDATE outbox SET state = 'discarded' WHERE client_request_id = ? AND state = 'dead'").run(input.clientRequestId);
    const row = prepared(db, 'SELECT kind, amount FROM wallet_transactions WHERE client_request_id = ?').get(input.clientRequestId) as { kind: string; amount: number };
    appendAudit(db, {
      at: input.now,
      staffId: input.staffId,
      action: 'register.flag_resolved',
      detail: {
        clientRequestId: input.clientRequestId,
        kind: row.kind,
        amount: row.amount,
        outcome: input.outcome,
        supervisorId: input.supervisorId,
        deadLetterClosed: closed.changes > 0,
        noteLength: input.note.length,
      },
    });
  }).immediate();
}

/**
 * Called by the outbox inside its discard transaction: a dead letter whose flag is still open is
 * not discarded on its own (the throw rolls the discard back); it is settled on the flags screen.
 */
export function refuseDiscardOfOpenFlag(db: SqliteDatabase, clientRequestId: string): void {
  const open = prepared(
    db,
    `SELECT 1 FROM register_transactions r JOIN wallet_transactions w ON w.client_request_id = r.client_request_id
     WHERE r.client_request_id = ? AND w.state = 'declined' AND r.counter_declined_at IS NULL AND r.flag_resolved_at IS NULL`,
  ).get(clientRequestId);
  if (open) throw new KioskError('flag_open', 'This declined transaction is a flag of the register: settle it on the register’s flags screen (outcome and note); that closes this entry too.');
}

/** Open flags (all days), and the flags settled on `day` per outcome: the end-of-day figures. */
export function flagSummary(db: SqliteDatabase, day: string): FlagSummary {
  const open = prepared(
    db,
    `SELECT count(*) AS count, coalesce(sum(w.amount), 0) AS amount
     FROM register_transactions r JOIN wallet_transactions w ON w.client_request_id = r.client_request_id
     WHERE w.state = 'declined' AND r.counter_declined_at IS NULL AND r.flag_resolved_at IS NULL`,
  ).get() as { count: number; amount: number };
  const rows = prepared(
    db,
    `SELECT r.flag_outcome AS outcome, count(*) AS count, coalesce(sum(w.amount), 0) AS amount
     FROM register_transactions r JOIN wallet_transactions w ON w.client_request_id = r.client_request_id
     WHERE r.flag_resolved_day = ? GROUP BY r.flag_outcome`,
  ).all(day) as Array<{ outcome: FlagOutcome; count: number; amount: number }>;
  const resolved = { cash: { count: 0, amount: 0 }, written_off: { count: 0, amount: 0 }, paid_later: { count: 0, amount: 0 } };
  for (const row of rows) resolved[row.outcome] = { count: row.count, amount: row.amount };
  return { open, resolved };
}
