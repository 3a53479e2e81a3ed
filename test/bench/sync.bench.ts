/**
 * Sync benchmarks (issue 3), each pair measured side by side in the same run:
 * - durable enqueue (wallet row + outbox row, one transaction, WAL + synchronous=FULL) vs a raw
 *   better-sqlite3 single-row insert with the same pragmas;
 * - a 10,000-operation backlog drained in batches vs one request per operation, over real
 *   HTTP to the reference portal on 127.0.0.1;
 * - memory before / after the batched drain;
 * - the batch-size curve (100 / 200 / 500 per request) behind the engine's default.
 */
import { appendAudit } from '../../src/main/staff/audit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openKioskDatabase, type SqliteDatabase } from '../../src/main/db/database';
import { PortalClient } from '../../src/main/sync/portal-client/client';
import { DEFAULT_BATCH_SIZE, SyncEngine, batchTransport, singleRequestTransport, type SyncTransport } from '../../src/main/sync/engine';
import { SqliteOutboxStore } from '../../src/main/sync/outbox';
import { recordWalletTransaction, walletOutboxHandlers } from '../../src/main/cashier/wallet-ledger';
import { startPortalServer } from '../../src/portal/server';
import { ms, percentile, type BenchRow } from './bench-row';

const GROUP = 'sync';
const ENQUEUE_N = 2_000;
const BACKLOG = 10_000;
const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function enqueueBench(dir: string): BenchRow[] {
  const kiosk = openKioskDatabase(join(dir, 'enqueue-kiosk.sqlite'));
  const raw = new Database(join(dir, 'enqueue-raw.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, member_no TEXT NOT NULL, amount INTEGER NOT NULL, created_at INTEGER NOT NULL) STRICT');
  const insert = raw.prepare('INSERT INTO t (member_no, amount, created_at) VALUES (?, ?, ?)');
  const durable: number[] = [];
  const single: number[] = [];
  // Warm both (statement caches, the Ajv schemas), then alternate blocks so drift hits both.
  recordWalletTransaction(kiosk, { memberNo: '1234567890', kind: 'topup', amount: 1, now: Date.now() });
  insert.run('1234567890', 1, Date.now());
  for (let block = 0; block < 8; block++) {
    for (let i = 0; i < ENQUEUE_N / 8; i++) {
      let t = performance.now();
      recordWalletTransaction(kiosk, { memberNo: '1234567890', kind: i % 3 === 0 ? 'payment' : 'topup', amount: 100 + i, now: Date.now() });
      durable.push(performance.now() - t);
      t = performance.now();
      insert.run('1234567890', 100 + i, Date.now());
      single.push(performance.now() - t);
    }
  }
  kiosk.close();
  raw.close();
  const d50 = percentile(durable, 50);
  const d99 = percentile(durable, 99);
  const r50 = percentile(single, 50);
  const r99 = percentile(single, 99);
  return [
    { group: GROUP, name: 'durable enqueue (wallet + outbox row) p50', value: ms(d50, 3) },
    { group: GROUP, name: 'durable enqueue (wallet + outbox row) p99', value: ms(d99, 3), target: '< 20 ms', ok: d99 < 20 },
    { group: GROUP, name: 'raw single-row insert, same pragmas p50', value: ms(r50, 3) },
    { group: GROUP, name: 'raw single-row insert, same pragmas p99', value: ms(r99, 3) },
    { group: GROUP, name: 'durable enqueue / raw insert (p50 | p99)', value: `${(d50 / r50).toFixed(2)}x | ${(d99 / r99).toFixed(2)}x` },
  ];
}

async function drain(engine: SyncEngine): Promise<void> {
  for (let i = 0; i < BACKLOG * 2; i++) {
    const step = await engine.drainOnce();
    if (step.kind === 'empty') return;
    if (step.kind === 'failed') throw new Error(`drain failed: ${step.error.reason} ${step.error.message}`);
  }
}

function fillBacklog(db: SqliteDatabase, members: string[]): void {
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < BACKLOG; i++) recordWalletTransaction(db, { memberNo: members[i % members.length] as string, kind: 'topup', amount: 1, now });
  })();
}

interface DrainRun {
  elapsed: number;
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
  portalRows: number;
}

/** One drain of a fresh 10,000-op backlog into a fresh portal, so no run pays for another's rows. */
async function drainRun(dir: string, name: string, transport: (client: PortalClient) => SyncTransport, batchSize: number): Promise<DrainRun> {
  const portal = await startPortalServer({ port: 0, dbPath: join(dir, `${name}-portal.sqlite`), mode: 'demo', limits: { maxBalance: 10_000_000 } });
  try {
    const members = Array.from({ length: 50 }, (_, i) => String(5_000_000_000 + i));
    portal.service.upsertMembers(members.map((memberNo) => ({ memberNo, name: 'B', nameKana: 'ビー', birthDate: '2000-01-01', balance: 0 })));
    await portal.service.upsertDevice(name, 'bench-secret-123');
    const db = openKioskDatabase(join(dir, `${name}.sqlite`));
    fillBacklog(db, members);
    const client = new PortalClient({ baseUrl: portal.url, deviceId: name, deviceSecret: 'bench-secret-123' });
    await client.authenticate();
    const engine = new SyncEngine({ store: new SqliteOutboxStore(db, walletOutboxHandlers(Date.now), appendAudit), transport: transport(client), batchSize });
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage();
    const t = performance.now();
    await drain(engine);
    const elapsed = performance.now() - t;
    const after = process.memoryUsage();
    const pending = engine.metrics().depth;
    db.close();
    if (pending !== 0) throw new Error(`${name}: ${pending} left`);
    return { elapsed, before, after, portalRows: portal.service.ledger({ deviceId: name }).transactions.length };
  } finally {
    await portal.close();
  }
}

async function drainBench(dir: string): Promise<BenchRow[]> {
  const opsPerSecond = (run: DrainRun) => `${ms(run.elapsed, 0)} (${Math.round((BACKLOG / run.elapsed) * 1000)} ops/s)`;
  const batched = await drainRun(dir, 'bench-batched', batchTransport, DEFAULT_BATCH_SIZE);
  const single = await drainRun(dir, 'bench-single', singleRequestTransport, DEFAULT_BATCH_SIZE);
  // The batch-size curve behind DEFAULT_BATCH_SIZE (engine.ts).
  const smaller = await drainRun(dir, 'bench-batched-100', batchTransport, 100);
  const larger = await drainRun(dir, 'bench-batched-500', batchTransport, 500);
  const ratio = single.elapsed / batched.elapsed;
  const rows = [batched, single, smaller, larger].map((run) => run.portalRows);
  return [
    { group: GROUP, name: `drain ${BACKLOG.toLocaleString('en')} ops, batched (${DEFAULT_BATCH_SIZE}/request, the default)`, value: opsPerSecond(batched) },
    { group: GROUP, name: `drain ${BACKLOG.toLocaleString('en')} ops, one request per op`, value: opsPerSecond(single) },
    { group: GROUP, name: 'batched vs one request per op', value: `${ratio.toFixed(1)}x`, target: '>= 10x', ok: ratio >= 10 },
    { group: GROUP, name: `drain ${BACKLOG.toLocaleString('en')} ops, batched (100/request)`, value: opsPerSecond(smaller) },
    { group: GROUP, name: `drain ${BACKLOG.toLocaleString('en')} ops, batched (500/request)`, value: opsPerSecond(larger) },
    { group: GROUP, name: 'heap before / after batched drain', value: `${MB(batched.before.heapUsed)} / ${MB(batched.after.heapUsed)}` },
    { group: GROUP, name: 'rss before / after batched drain', value: `${MB(batched.before.rss)} / ${MB(batched.after.rss)}` },
    { group: GROUP, name: 'portal ledger rows after each drain', value: rows.join(' / '), target: String(BACKLOG), ok: rows.every((n) => n === BACKLOG) },
  ];
}

export default async function syncBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'coop-sync-bench-'));
  try {
    return [...enqueueBench(dir), ...(await drainBench(dir))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
