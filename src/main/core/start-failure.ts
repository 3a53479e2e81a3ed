import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { StartFailureSchema, type StartFailure } from '../../shared/api/kiosk-mode';
import type { HostMode } from '../../shared/kiosk-api';
import { fsyncDirectory, writeFileDurably } from '../db/durable-file';
import { ensurePrivateDir } from '../db/private-files';

/** The file in the data folder that keeps why the last start failed, until an admin acknowledges it. */
export const START_FAILURE_FILE = 'last-start-failure.json';

/** Longest reason kept (a configuration message lists every bad variable; a stack is never kept). */
const MAX_MESSAGE = 4000;

/**
 * Records a failed start durably (fsync of the file and the folder): the next start shows it on the
 * staff status screen. Never throws: a start that failed because the data folder is unwritable cannot
 * record that there, so the reason stays on stderr alone (the caller prints it anyway).
 */
export function recordStartFailure(dataDir: string, failure: { hostMode: HostMode; message: string; at?: number }): boolean {
  try {
    ensurePrivateDir(dataDir);
    const record: StartFailure = { at: failure.at ?? Date.now(), hostMode: failure.hostMode, message: failure.message.slice(0, MAX_MESSAGE) };
    writeFileDurably(join(dataDir, START_FAILURE_FILE), Buffer.from(JSON.stringify(record)));
    return true;
  } catch {
    return false;
  }
}

/** The recorded failure, or null (none, or a file that is not one: it is ignored rather than trusted). */
export function readStartFailure(dataDir: string): StartFailure | null {
  const path = join(dataDir, START_FAILURE_FILE);
  if (!existsSync(path)) return null;
  try {
    const parsed = StartFailureSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Acknowledged: the file goes, durably. */
export function clearStartFailure(dataDir: string): void {
  rmSync(join(dataDir, START_FAILURE_FILE), { force: true });
  fsyncDirectory(dataDir);
}
