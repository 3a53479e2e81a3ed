import type { Database } from 'better-sqlite3';

/**
 * One forward-only schema step. `version` is its number in `PRAGMA user_version`; steps run
 * in order inside one transaction each, and a database is never migrated backwards.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
