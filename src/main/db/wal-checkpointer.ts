import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from './database';

/**
 * WAL checkpoints on a worker thread, off the core's event loop.
 *
 * SQLite checkpoints on the connection whose commit takes the WAL past `wal_autocheckpoint`
 * pages: inside that commit, with two fsyncs and up to 4 MB copied. Settling a 5,000-operation
 * drain writes about 13,000 WAL pages, so a dozen of those commits held the loop for 10–100 ms
 * each while a cashier scanned (issue 18). Here a second connection, on its own thread and open
 * only while it works, runs a PASSIVE checkpoint every `intervalMs` (it never blocks the core's
 * reads or writes, and finds nothing to do while the kiosk is idle). Kept open between rounds it
 * made the core's close at shutdown not the last one, so the WAL stayed behind (power-cut test). The core's own automatic checkpoint stays as a safety
 * net at `fallbackPages`, for a WAL that outgrows the worker.
 *
 * The worker's connection is FULL like the core's, so a checkpoint syncs the WAL before it copies
 * and the database after. Explicit truncations (retention, wipe) still run on the core's
 * connection through `truncateWal`, which waits out a checkpoint of the worker in progress.
 */
export interface WalCheckpointer {
  /** Checkpoints the worker has run that copied pages (for tests and the bench). */
  checkpoints(): Promise<number>;
  stop(): Promise<void>;
}

export interface WalCheckpointerOptions {
  /** Between PASSIVE checkpoints (ms). Default 1,000. */
  intervalMs?: number;
  /** The core connection's own automatic checkpoint, kept as a safety net (pages). Default 8,000 (32 MB). */
  fallbackPages?: number;
}

/** SQLite's default for `wal_autocheckpoint`, restored when the worker stops. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1_000;

/** The worker's code: plain CommonJS run with `eval`, so the built app needs no extra entry file. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let copied = 0;
// A connection per round, closed again at once: between rounds the core's connection is the
// only one, so its close at shutdown is the last and removes the WAL as usual.
const run = () => {
  let db = null;
  try {
    db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
    db.pragma('synchronous = FULL');
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    if (result && result.checkpointed > 0) copied += 1;
  } catch {
    // Busy or closing: the next round tries again; the core's fallback checkpoint still holds.
  } finally {
    try {
      db?.close();
    } catch {}
  }
};
const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'count') parentPort.postMessage({ checkpoints: copied });
  if (message === 'stop') {
    clearInterval(timer);
    parentPort.postMessage({ stopped: true });
  }
});
`;

/** Starts the worker for `db`'s file; an in-memory or read-only database needs none (null). */
export function startWalCheckpointer(db: SqliteDatabase, options: WalCheckpointerOptions = {}): WalCheckpointer | null {
  if (db.memory || db.readonly) return null;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: db.name, intervalMs: options.intervalMs ?? 1_000 } });
  // Its timer must not keep a stopping process alive.
  worker.unref();
  let failed = false;
  worker.on('error', () => {
    // The worker is gone: the core checkpoints itself again at SQLite's default.
    failed = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  });
  db.pragma(`wal_autocheckpoint = ${options.fallbackPages ?? 8_000}`);

  const ask = <T>(message: string, field: keyof T & string): Promise<T[typeof field] | null> =>
    new Promise((resolve) => {
      if (failed) return resolve(null);
      const onMessage = (reply: T) => {
        if (reply[field] === undefined) return;
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolve(reply[field]);
      };
      const onExit = () => {
        worker.off('message', onMessage);
        resolve(null);
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      worker.postMessage(message);
    });

  return {
    async checkpoints() {
      return (await ask<{ checkpoints: number }>('count', 'checkpoints')) ?? 0;
    },
    async stop() {
      await ask<{ stopped: boolean }>('stop', 'stopped');
      await worker.terminate();
      if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    },
  };
}

/** How long `truncateWal` waits out a checkpoint in progress on another connection (the worker's). */
const TRUNCATE_WAIT_MS = 1_000;
const TRUNCATE_RETRY_MS = 5;

/**
 * Checkpoints and truncates the WAL (deleted personal data leaves its old page images there),
 * waiting, bounded, for a checkpoint the worker is running: SQLite refuses a second one at once
 * (busy), without its busy handler. Returns whether the WAL was truncated. Never inside a
 * transaction (it returns false).
 */
export function truncateWal(db: SqliteDatabase): boolean {
  if (db.inTransaction) return false;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + TRUNCATE_WAIT_MS;
  for (;;) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    if (!result || result.busy === 0) return true;
    if (Date.now() >= deadline) return false;
    Atomics.wait(sleeper, 0, 0, TRUNCATE_RETRY_MS);
  }
}
