/**
 * The audit anchor (SECURITY.md §7): the kiosk anchors the head of its hash-chained audit log at
 * the reference portal over real HTTP on 127.0.0.1, and finds a consistent rewrite of the whole
 * chain (undetectable from the file alone) by comparing with the portal's anchor.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortalServerHandle } from '../../../src/portal/server';
import type { SqliteDatabase } from '../../../src/main/db/database';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { PortalClient } from '../../../src/main/sync/portal-client/client';
import { appendAudit, verifyAuditChain } from '../../../src/main/staff/audit';
import { AUDIT_GENESIS_HASH, auditRowHash } from '../../../src/main/staff/audit-chain';
import { AuditAnchorService, type AuditAnchorOptions } from '../../../src/main/staff/audit-anchor';
import { ConnectivityMonitor, healthProbe } from '../../../src/main/sync/connectivity';
import type { AuditAnchorStatus } from '../../../src/shared/api/audit-anchor';
import type { StaffStatus } from '../../../src/shared/api/common';
import { deviceToken, http, newDevice, openTestKioskDb, setFaults, startTestPortal, tempDir, waitFor } from '../../fixtures/portal/harness';

let dir: ReturnType<typeof tempDir>;
let portal: PortalServerHandle;
let device: { deviceId: string; secret: string };
let client: PortalClient;
let logs: string[];
const cleanups: Array<() => Promise<void> | void> = [];

beforeEach(async () => {
  dir = tempDir('audit-anchor-');
  portal = await startTestPortal();
  device = await newDevice(portal.url);
  client = new PortalClient({ baseUrl: portal.url, deviceId: device.deviceId, deviceSecret: device.secret, timeoutMs: 2_000 });
  logs = [];
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await portal.close();
  dir.remove();
});

function openDb(): SqliteDatabase {
  const db = openTestKioskDb(dir.path);
  cleanups.push(() => {
    db.close();
  });
  return db;
}

function audit(db: SqliteDatabase, n: number, action = 'register.confirm'): void {
  for (let i = 0; i < n; i++) appendAudit(db, { at: Date.now(), staffId: 'staff-a', action, detail: { amount: 100 * (i + 1) } });
}

function head(db: SqliteDatabase): { id: number; hash: string } {
  return db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string };
}

/** The anchor service as the sync services wire it, with quick timings. */
function anchorService(db: SqliteDatabase, overrides: Partial<AuditAnchorOptions> = {}): AuditAnchorService {
  const service = new AuditAnchorService({ db, client, connectivity: () => 'online', delayMs: 20, retryBaseMs: 50, retryMaxMs: 200, chunkRows: 3, log: (line) => logs.push(line), ...overrides });
  cleanups.push(() => service.stop());
  return service;
}

async function statusBecomes(service: AuditAnchorService, done: (s: AuditAnchorStatus) => boolean, what: string): Promise<AuditAnchorStatus> {
  await waitFor(() => done(service.status()), `${what} (last: ${JSON.stringify(service.status())})`);
  return service.status();
}

async function portalLatest(): Promise<{ status: number; body: { auditId: number; hash: string; rowCount: number; receivedAt: string } }> {
  const token = await deviceToken(portal.url, device);
  return http(portal.url, 'GET', '/v1/audit-anchors/latest', undefined, { authorization: `Bearer ${token}` });
}

function anchorsStored(): number {
  return (portal.service.db.prepare('SELECT count(*) AS n FROM audit_anchors WHERE device_id = ?').get(device.deviceId) as { n: number }).n;
}

/**
 * What someone with the file and a SQLite shell can do (test/unit/staff/audit-chain.test.ts's
 * attacker, one step further): drop the triggers, rewrite every row with fresh hashes so the
 * chain is consistent again, reset sqlite_sequence, and put the triggers back.
 */
function rewriteWholeChain(db: SqliteDatabase, change: (rows: Array<{ at: number; staffId: string | null; action: string; detail: string }>) => Array<{ at: number; staffId: string | null; action: string; detail: string }>): void {
  const triggers = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").all() as Array<{ sql: string }>;
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_chained;');
  const rows = db.prepare('SELECT at, staff_id AS staffId, action, detail FROM audit_log ORDER BY id').all() as Array<{ at: number; staffId: string | null; action: string; detail: string }>;
  const rewritten = change(rows);
  db.transaction(() => {
    db.prepare('DELETE FROM audit_log').run();
    db.prepare("UPDATE sqlite_sequence SET seq = 0 WHERE name = 'audit_log'").run();
    const insert = db.prepare('INSERT INTO audit_log (id, at, staff_id, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
    let previous = AUDIT_GENESIS_HASH;
    rewritten.forEach((row, i) => {
      const hash = auditRowHash(previous, row);
      insert.run(i + 1, row.at, row.staffId, row.action, row.detail, previous, hash);
      previous = hash;
    });
  })();
  for (const trigger of triggers) db.exec(trigger.sql);
  // From the file alone, nothing shows.
  expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: rewritten.length });
}

describe('audit anchor at the portal', () => {
  it('anchors the head at start and again as audit rows appear (verifying the chain in chunks)', async () => {
    const db = openDb();
    audit(db, 4);
    const service = anchorService(db);
    service.start();
    const first = await statusBecomes(service, (s) => s.state === 'anchored' && s.auditId === 4, 'the first anchor');
    expect(first).toMatchObject({ state: 'anchored', auditId: 4, rowCount: 4, at: expect.any(Number) });
    expect((await portalLatest()).body).toMatchObject({ auditId: 4, hash: head(db).hash, rowCount: 4 });

    audit(db, 3, 'staff.sign_in');
    await statusBecomes(service, (s) => s.state === 'anchored' && s.auditId === 7, 'the anchor after new rows');
    expect((await portalLatest()).body).toMatchObject({ auditId: 7, hash: head(db).hash, rowCount: 7 });
    // A burst of rows is one anchor, not one per row.
    expect(anchorsStored()).toBe(2);
    // Nothing new: nothing posted.
    await service.checkNow();
    expect(anchorsStored()).toBe(2);
  });

  it('leaves an empty log unchecked and posts nothing', async () => {
    const db = openDb();
    const service = anchorService(db);
    expect(await service.checkNow()).toEqual({ state: 'unchecked' });
    expect((await portalLatest()).status).toBe(404);
  });

  it.each([
    {
      what: 'the same number of rows, one entry covered up',
      change: (rows: Array<{ at: number; staffId: string | null; action: string; detail: string }>) => rows.map((row, i) => (i === 2 ? { ...row, detail: '{"amount":1}' } : row)),
      reason: 'hash_differs',
    },
    {
      what: 'the last rows removed',
      change: (rows: Array<{ at: number; staffId: string | null; action: string; detail: string }>) => rows.slice(0, 3),
      reason: 'local_row_missing',
    },
    {
      what: 'one row removed and more appended past the anchored id',
      change: (rows: Array<{ at: number; staffId: string | null; action: string; detail: string }>) => [...rows.filter((_, i) => i !== 1), ...rows.slice(0, 4)],
      reason: 'hash_differs',
    },
  ])('detects a consistent rewrite of the whole chain against the portal’s anchor: $what', async ({ change, reason }) => {
    const db = openDb();
    audit(db, 5);
    const before = anchorService(db);
    before.start();
    const anchored = await statusBecomes(before, (s) => s.state === 'anchored' && s.auditId === 5, 'the anchor');
    const anchoredHash = head(db).hash;
    before.stop();

    rewriteWholeChain(db, change);

    // The kiosk starts again on the rewritten file.
    const after = anchorService(db);
    after.start();
    const status = await statusBecomes(after, (s) => s.state === 'mismatch', 'the mismatch');
    expect(status).toMatchObject({ state: 'mismatch', reason, auditId: 5, anchoredAt: anchored.state === 'anchored' ? anchored.at : -1 });
    expect(logs.filter((line) => line.includes('MISMATCH'))).toHaveLength(1);
    expect(logs.join('\n')).toMatch(/do not wipe this kiosk/);
    // The kiosk did not anchor the rewritten chain: the portal still holds the original head.
    expect((await portalLatest()).body).toMatchObject({ auditId: 5, hash: anchoredHash });
    // Sticky: new rows do not clear it.
    audit(db, 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(after.status()).toMatchObject({ state: 'mismatch', reason });
  });

  it('reports a chain broken in the file itself as chain_broken, without posting', async () => {
    const db = openDb();
    audit(db, 4);
    db.exec('DROP TRIGGER audit_log_no_update;');
    db.prepare(`UPDATE audit_log SET detail = '{"amount":1}' WHERE id = 2`).run();
    const service = anchorService(db);
    expect(await service.checkNow()).toMatchObject({ state: 'mismatch', reason: 'chain_broken', auditId: 2 });
    expect((await portalLatest()).status).toBe(404);
  });

  it('a new head the portal refuses (it does not continue the latest anchor) is a mismatch: portal_refused', async () => {
    const db = openDb();
    audit(db, 3);
    // Another kiosk with this kiosk's credentials (a clone) anchored further, between this kiosk's look and its post.
    const token = await deviceToken(portal.url, device);
    const clone = await http(portal.url, 'POST', '/v1/audit-anchors', { auditId: 9, hash: 'c'.repeat(64), rowCount: 9, createdAt: new Date().toISOString() }, { authorization: `Bearer ${token}` });
    expect(clone.status).toBe(201);
    const service = anchorService(db, { client: { getLatestAuditAnchor: async () => null, postAuditAnchor: (anchor) => client.postAuditAnchor(anchor) } });
    const status = await service.checkNow();
    expect(status).toMatchObject({ state: 'mismatch', reason: 'portal_refused', auditId: 3, anchoredAt: expect.any(Number) });
    expect(logs.join('\n')).toMatch(/MISMATCH \(portal_refused\)/);
    // Without the race, the portal's anchor is checked first: row 9 is not in this log.
    const honest = anchorService(db);
    expect(await honest.checkNow()).toMatchObject({ state: 'mismatch', reason: 'local_row_missing', auditId: 9 });
  });

  it('offline → pending, then anchored when the portal is back', async () => {
    const db = openDb();
    audit(db, 2);
    const monitor = new ConnectivityMonitor({ probe: healthProbe(client, undefined, 300), intervalsMs: { online: 100, degraded: 50, offline: 50 } });
    cleanups.push(() => monitor.stop());
    const service = anchorService(db, { connectivity: () => monitor.state });
    monitor.onChange((s) => service.connectivityChanged(s.state));
    monitor.start();
    service.start();
    await statusBecomes(service, (s) => s.state === 'anchored' && s.auditId === 2, 'the first anchor');

    await setFaults(portal.url, { downForSeconds: 1.5, includeHealth: true });
    await waitFor(() => monitor.state === 'offline', 'offline');
    audit(db, 1);
    const pending = await statusBecomes(service, (s) => s.state === 'pending', 'pending');
    expect(pending).toMatchObject({ state: 'pending', reason: 'offline', lastAnchored: { auditId: 2 } });

    await statusBecomes(service, (s) => s.state === 'anchored' && s.auditId === 3, 'anchored after the portal came back');
    expect((await portalLatest()).body).toMatchObject({ auditId: 3, hash: head(db).hash });
  });

  it('pending while the portal answers errors, retried with backoff until anchored', async () => {
    const db = openDb();
    audit(db, 2);
    await setFaults(portal.url, { serverError: { count: 2, status: 503 }, pathPrefix: '/v1/audit-anchors' });
    const service = anchorService(db);
    service.start();
    await statusBecomes(service, (s) => s.state === 'pending', 'pending');
    expect(service.status()).toMatchObject({ state: 'pending', reason: 'rate_limited', lastAnchored: null });
    await statusBecomes(service, (s) => s.state === 'anchored' && s.auditId === 2, 'anchored after the errors');
  });
});

describe('audit anchor on the staff status screen (kiosk core)', () => {
  async function startCore(lines: string[]): Promise<KioskCore> {
    const config = { ...loadConfig({ KIOSK_DATA_DIR: dir.path, KIOSK_HEALTH_INTERVAL_SECONDS: '60' }), healthIntervalMs: 200 };
    const core = await KioskCore.create({ config, hostMode: 'web', version: '0.0.0-test', portal: { url: portal.url, embedded: false }, demo: true, log: (line) => lines.push(line) });
    await waitFor(() => core.services()?.sync.connectivity.state === 'online', 'the kiosk reaching the portal');
    return core;
  }

  async function staffStatus(core: KioskCore): Promise<StaffStatus> {
    const result = await core.call('getStaffStatus', {});
    if (!result.ok) throw new Error(result.error.code);
    return result.value as StaffStatus;
  }

  it('shows the anchor, and after a consistent rewrite of the file a mismatch, logged through the core’s log', async () => {
    const first: string[] = [];
    const core = await startCore(first);
    let closed = false;
    cleanups.push(() => (closed ? undefined : core.close()));
    expect((await core.call('staffSignIn', { staffNo: '1001', pin: '1111' })).ok).toBe(true);
    const anchor = core.services()?.sync.auditAnchor as AuditAnchorService;
    expect(await anchor.checkNow()).toMatchObject({ state: 'anchored' });
    expect((await staffStatus(core)).auditAnchor).toMatchObject({ state: 'anchored', auditId: expect.any(Number) });
    const db = core.services()?.db as SqliteDatabase;
    const anchoredId = head(db).id;
    closed = true;
    await core.close();

    const file = openTestKioskDb(dir.path);
    rewriteWholeChain(file, (rows) => rows.map((row) => ({ ...row, at: row.at + 1 })));
    file.close();

    const lines: string[] = [];
    const again = await startCore(lines);
    cleanups.push(() => again.close());
    expect(await again.services()?.sync.auditAnchor.checkNow()).toMatchObject({ state: 'mismatch', reason: 'hash_differs', auditId: anchoredId });
    expect((await again.call('staffSignIn', { staffNo: '1001', pin: '1111' })).ok).toBe(true);
    expect((await staffStatus(again)).auditAnchor).toMatchObject({ state: 'mismatch', reason: 'hash_differs', auditId: anchoredId, anchoredAt: expect.any(Number) });
    expect(lines.filter((line) => /audit anchor: MISMATCH \(hash_differs\)/.test(line))).toHaveLength(1);
  });
});
