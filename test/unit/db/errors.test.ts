import { describe, expect, it } from 'vitest';
import { classifyDatabaseError } from '../../../src/main/db/errors';

const sqlite = (code: string) => Object.assign(new Error(code), { name: 'SqliteError', code });

describe('classifyDatabaseError', () => {
  it.each([
    ['SQLITE_BUSY', 'db_locked'],
    ['SQLITE_BUSY_SNAPSHOT', 'db_locked'],
    ['SQLITE_LOCKED', 'db_locked'],
    ['SQLITE_READONLY', 'db_readonly'],
    ['SQLITE_READONLY_DBMOVED', 'db_readonly'],
    ['SQLITE_CANTOPEN', 'db_readonly'],
    ['SQLITE_FULL', 'db_full'],
    ['SQLITE_IOERR_WRITE', 'db_full'],
    ['SQLITE_CORRUPT', 'db_corrupt'],
    ['SQLITE_NOTADB', 'db_corrupt'],
    ['SQLITE_MISUSE', 'db_unavailable'],
  ])('%s → %s', (code, expected) => {
    const error = classifyDatabaseError(sqlite(code), '/data/kiosk.sqlite');
    expect(error.code).toBe(expected);
    expect(error.message).toContain('/data/kiosk.sqlite');
  });

  it('maps a full disk and a read-only folder from the file system too', () => {
    expect(classifyDatabaseError(Object.assign(new Error('no space'), { code: 'ENOSPC' }), 'f').code).toBe('db_full');
    expect(classifyDatabaseError(Object.assign(new Error('ro'), { code: 'EROFS', errno: -30 }), 'f').code).toBe('db_readonly');
  });
});
