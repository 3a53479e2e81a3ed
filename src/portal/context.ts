import type { Statement } from 'better-sqlite3';
import type { PortalDatabase } from './db';
import type { PortalLimits } from './limits';

/** What every resource of the portal shares: its database, clock, limits and prepared statements. */
export interface PortalContext {
  readonly db: PortalDatabase;
  readonly now: () => number;
  readonly limits: PortalLimits;
  /** A prepared statement, compiled once per SQL text. */
  sql(text: string): Statement;
}

export function createPortalContext(db: PortalDatabase, now: () => number, limits: PortalLimits): PortalContext {
  const statements = new Map<string, Statement>();
  return {
    db,
    now,
    limits,
    sql(text) {
      let stmt = statements.get(text);
      if (!stmt) {
        stmt = db.prepare(text);
        statements.set(text, stmt);
      }
      return stmt;
    },
  };
}
