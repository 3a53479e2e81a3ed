import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './database';

const cache = new WeakMap<SqliteDatabase, Map<string, Statement>>();

/** A prepared statement, compiled once per connection and SQL text (the hot paths run it per operation). */
export function prepared(db: SqliteDatabase, sql: string): Statement {
  let map = cache.get(db);
  if (!map) {
    map = new Map();
    cache.set(db, map);
  }
  let stmt = map.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    map.set(sql, stmt);
  }
  return stmt;
}
