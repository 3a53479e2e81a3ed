import type { SqliteDatabase } from './database';

/**
 * Runs `write` (its own transactions) with `synchronous = NORMAL`, then puts the connection's
 * setting back: its commits append to the WAL without the fsync that holds the core's event
 * loop (3–10 ms each on an idle disk, over 100 ms on a busy one; a scan waits behind it).
 *
 * Only for writes that a power cut may take back without harm because the portal gives them
 * again: its answers to queued operations (the outbox rows stay pending and the resend is
 * answered from the portal's record, exactly once by client request id) and the roster cache.
 * Never for a sale, a queued operation or anything a person was told is done: those commit
 * with FULL. Order is kept: the WAL is one file written in order, so the next FULL commit's
 * fsync makes these frames durable too, and a cut loses at most a suffix of relaxed commits.
 * Inside a transaction it changes nothing (the outer commit decides).
 */
export function withReplayableCommits<T>(db: SqliteDatabase, write: () => T): T {
  if (db.inTransaction || db.memory) return write();
  const previous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    return write();
  } finally {
    db.pragma(`synchronous = ${previous}`);
  }
}
