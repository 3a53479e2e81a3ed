import Database from 'better-sqlite3';
import { KioskError } from '../../shared/errors';
import { classifyDatabaseError } from './errors';
import { preparePrivateDatabaseFile } from './private-files';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import type { Migration } from './migrations/types';

export type SqliteDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /** Milliseconds to wait on another writer before failing with `db_locked`. */
  busyTimeoutMs?: number;
  /** Schema steps to apply; tests pass a prefix to migrate step by step. */
  migrations?: readonly Migration[];
  readonly?: boolean;
}

/** `PRAGMA synchronous` values; FULL is 2. */
const SYNCHRONOUS_FULL = 2;

/**
 * Opens the kiosk's money database: WAL with synchronous=FULL (better-sqlite3 builds SQLite
 * with WAL defaulting to NORMAL, which can lose acknowledged commits on power loss), foreign
 * keys on, then runs the forward-only migrations. Every failure is a KioskError with a
 * `db_*` code the UI can explain.
 */
export function openKioskDatabase(file: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    // The file, its WAL and shared memory: 0600 (personal data and money).
    if (file !== ':memory:' && !options.readonly) preparePrivateDatabaseFile(file);
    db = new Database(file, { readonly: options.readonly ?? false, timeout: options.busyTimeoutMs ?? 2_000 });
    applyConnectionPragmas(db);
    if (!options.readonly) migrate(db, options.migrations ?? MIGRATIONS);
    return db;
  } catch (error) {
    db?.close();
    throw classifyDatabaseError(error, file);
  }
}

export function applyConnectionPragmas(db: SqliteDatabase): void {
  // Reading the schema first turns a file that is not a database into SQLITE_NOTADB here.
  db.pragma('schema_version');
  if (!db.readonly) {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal' && db.name !== ':memory:') {
      throw new KioskError('db_unavailable', `The database could not switch to WAL (journal_mode=${String(mode)}).`);
    }
  }
  db.pragma(`synchronous = ${testOnlySynchronous() ?? 'FULL'}`);
  db.pragma('foreign_keys = ON');
  // Personal data that is deleted or blanked is overwritten with zeros, not just unlinked; on
  // from the first write, so page splits leave no stale copies in free space either.
  db.pragma('secure_delete = ON');
  assertDurable(db);
}

/**
 * TEST ONLY: `KIOSK_TEST_ONLY_SYNCHRONOUS=NORMAL` makes the kiosk open its database with
 * synchronous=NORMAL, for the power-cut bench's control row (it shows that LazyFS loses
 * acknowledged transactions then). Read here and nowhere else; never set it on a kiosk.
 */
function testOnlySynchronous(): 'NORMAL' | null {
  return process.env.KIOSK_TEST_ONLY_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : null;
}

/** Start-up check of DESIGN.md §6: a confirmed transaction must be on disk. */
export function assertDurable(db: SqliteDatabase): void {
  const synchronous = db.pragma('synchronous', { simple: true });
  if (synchronous !== SYNCHRONOUS_FULL && testOnlySynchronous() === null) {
    throw new KioskError('db_unavailable', `synchronous is ${String(synchronous)}, expected FULL (2).`);
  }
  if (db.pragma('foreign_keys', { simple: true }) !== 1) {
    throw new KioskError('db_unavailable', 'foreign_keys could not be enabled.');
  }
}

export function schemaVersion(db: SqliteDatabase): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Applies the steps above the file's `user_version`, all in one transaction, and refuses a
 * file written by a newer kiosk (it may hold data this version would misread).
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  const newest = Math.max(latest, LATEST_SCHEMA_VERSION);
  if (current > newest) {
    throw new KioskError(
      'db_too_new',
      `The database has schema version ${current}, but this kiosk only knows up to ${newest}. Install the newer kiosk version or restore a backup.`,
      { fileVersion: current, knownVersion: newest },
    );
  }
  const pending = migrations.filter((step) => step.version > current);
  if (pending.length === 0) return current;
  // Every pending step in one transaction: a fresh data folder pays one commit (one fsync of
  // the WAL) instead of one per step (issue 18, the first start), and an upgrade is all or nothing.
  db.transaction(() => {
    for (const step of pending) {
      step.up(db);
      db.pragma(`user_version = ${Math.trunc(step.version)}`);
    }
  }).immediate();
  return schemaVersion(db);
}
