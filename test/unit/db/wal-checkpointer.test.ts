/**
 * Issue 18: WAL checkpoints run on a worker's connection, not inside the core's commits.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKioskDatabase, type SqliteDatabase } from '../../../src/main/db/database';
import { startWalCheckpointer, truncateWal, type WalCheckpointer } from '../../../src/main/db/wal-checkpointer';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
let checkpointer: WalCheckpointer | null = null;
const autocheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true }) as number;

beforeEach(() => {
  temp = makeTempDir('wal-checkpointer-');
  db = openKioskDatabase(join(temp.dir, 'kiosk.sqlite'));
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB NOT NULL) STRICT');
});
afterEach(async () => {
  await checkpointer?.stop();
  checkpointer = null;
  db.close();
  temp.cleanup();
});

/** Commits `pages` pages' worth of rows, one transaction each, as a drain's settle slices do. */
function write(pages: number): void {
  const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
  for (let i = 0; i < pages; i++) insert.run(Buffer.alloc(3_000, i % 251));
}

describe('the WAL checkpointer', () => {
  it('copies the WAL into the database on its own connection while the core only writes', async () => {
    checkpointer = startWalCheckpointer(db, { intervalMs: 20, fallbackPages: 100_000 });
    expect(checkpointer).not.toBeNull();
    // The core's own checkpoint is only a far safety net while the worker runs.
    expect(autocheckpoint()).toBe(100_000);
    write(300);
    await expect.poll(() => checkpointer?.checkpoints(), { timeout: 10_000 }).toBeGreaterThan(0);
    // Everything the core wrote is in the database file, readable from any connection.
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
    expect(result?.checkpointed).toBe(result?.log);
  });

  it('gives the core its own automatic checkpoint back when it stops', async () => {
    checkpointer = startWalCheckpointer(db, { intervalMs: 20 });
    expect(autocheckpoint()).toBe(8_000);
    await checkpointer?.stop();
    checkpointer = null;
    expect(autocheckpoint()).toBe(1_000);
  });

  it('needs no worker for an in-memory database', () => {
    const memory = openKioskDatabase(':memory:');
    expect(startWalCheckpointer(memory)).toBeNull();
    memory.close();
  });

  it('truncates the WAL even while the worker checkpoints all the time', async () => {
    checkpointer = startWalCheckpointer(db, { intervalMs: 1 });
    for (let round = 0; round < 20; round++) {
      write(50);
      expect(truncateWal(db)).toBe(true);
      expect(statSync(join(temp.dir, 'kiosk.sqlite-wal')).size).toBe(0);
    }
  });
});
