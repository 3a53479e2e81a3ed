import { KioskError } from '../../shared/errors';

/**
 * Turns a better-sqlite3 / SQLite failure into a KioskError the UI can explain.
 * SQLite's primary result codes are stable: https://www.sqlite.org/rescode.html
 */
export function classifyDatabaseError(error: unknown, file: string): KioskError {
  if (error instanceof KioskError) return error;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new KioskError('db_locked', `The database ${file} is locked by another program.`, { sqlite: code });
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) {
    return new KioskError('db_readonly', `The database ${file} cannot be written (${message}).`, { sqlite: code });
  }
  if (code.startsWith('SQLITE_FULL') || code.startsWith('SQLITE_IOERR')) {
    return new KioskError('db_full', `The disk holding ${file} is full or failing (${message}).`, { sqlite: code });
  }
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return new KioskError('db_corrupt', `The database ${file} is damaged (${message}).`, { sqlite: code });
  }
  if ((error as { errno?: unknown })?.errno !== undefined && ['EACCES', 'EROFS', 'EPERM'].includes(code)) {
    return new KioskError('db_readonly', `The data folder for ${file} cannot be written (${message}).`, { errno: code });
  }
  if (code === 'ENOSPC') {
    return new KioskError('db_full', `The disk holding ${file} is full.`, { errno: code });
  }
  return new KioskError('db_unavailable', `The database ${file} could not be used (${message}).`, code ? { sqlite: code } : undefined);
}
