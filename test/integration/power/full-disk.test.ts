import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { DEMO_DEVICE_ID } from '../../../src/portal/demo-seed';
import type { PortalServerHandle } from '../../../src/portal/server';
import { seedMembers, setFaults, startTestPortal, tempDir } from '../../fixtures/portal/harness';
import { loadConfig } from '../../../src/main/config';
import { KioskCore as Core } from '../../../src/main/core/kiosk-core';
import { truncateWal } from '../../../src/main/db/wal-checkpointer';
import { newId, ok, refused } from '../../helpers/register';

/**
 * A full disk (issue 13): the kiosk's data folder on a 6 MB tmpfs that the test fills. A sale, a
 * draft save and a sync that need space fail with `db_full` (a message in both languages that
 * says what to do), leave nothing half-written, and the sale is not acknowledged; once space is
 * freed the same kiosk, without a restart, does all three again.
 */
const DRAFT_MEMBER = { memberNo: '2024000001', birthDate: '2005-04-12' };

let base: string;
let mountPoint: string;
let portalDir: ReturnType<typeof tempDir>;
let portal: PortalServerHandle;
let core: KioskCore;
let members: string[];

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'coop-full-disk-'));
  mountPoint = join(base, 'disk');
  mkdirSync(mountPoint);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m,mode=0700', 'tmpfs', mountPoint]);
  portalDir = tempDir('coop-full-disk-portal-');
  portal = await startTestPortal({ dbPath: join(portalDir.path, 'portal.sqlite') });
  members = await seedMembers(portal.url, 1, 3950000000, 50_000);
  const config = loadConfig({ KIOSK_DATA_DIR: join(mountPoint, 'kiosk'), KIOSK_HEALTH_INTERVAL_SECONDS: '0.2', KIOSK_REGISTER_WAIT_SECONDS: '0.5' });
  core = await Core.create({ config, hostMode: 'web', version: '0.0.0-test', portal: { url: portal.url, embedded: false }, demo: true, log: () => undefined });
}, 60_000);

afterAll(async () => {
  await core?.close();
  await portal?.close();
  portalDir?.remove();
  // A file the kiosk closed a moment ago can keep the mount busy briefly: retry, then detach it
  // lazily (it goes once the last handle closes) so the folder can always be removed.
  for (let attempt = 0; ; attempt += 1) {
    try {
      execFileSync('umount', [mountPoint], { stdio: 'ignore' });
      break;
    } catch (error) {
      if (attempt >= 4) {
        execFileSync('umount', ['-l', mountPoint]);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      void error;
    }
  }
  rmSync(base, { recursive: true, force: true });
});

/** Fills the file system to the last byte with one file; returns a function that frees it. */
function fillDisk(): () => void {
  const filler = join(mountPoint, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  try {
    for (;;) writeSync(fd, chunk, 0, 512);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return () => rmSync(filler);
}

async function waitOnline(): Promise<void> {
  for (let i = 0; i < 400 && (await ok(core, 'getKioskState', {})).connectivity.state !== 'online'; i++) await new Promise((r) => setTimeout(r, 25));
}

function pendingOutbox(): number {
  return (core.services()?.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
}

describe('a full disk', () => {
  it('a sale, a draft save and a sync fail with db_full and leave nothing half-written; all work again once space is freed, without a restart', { timeout: 90_000 }, async () => {
    await waitOnline();
    await ok(core, 'staffSignIn', { staffNo: '1001', pin: '1111' });
    const memberNo = members[0] as string;
    await ok(core, 'registerOpenMember', { memberNo });
    const first = newId();
    expect((await ok(core, 'registerConfirm', { clientRequestId: first, kind: 'topup', memberNo, amount: 500 })).outcome).toBe('done');
    const services = core.services();
    if (!services) throw new Error('no database');
    const { db } = services;
    // The portal goes down: a top-up is queued; then the disk fills.
    await setFaults(portal.url, { downForSeconds: 3 });
    for (let i = 0; i < 400 && (await ok(core, 'getKioskState', {})).connectivity.state === 'online'; i++) await new Promise((r) => setTimeout(r, 25));
    const queued = newId();
    expect((await ok(core, 'registerConfirm', { clientRequestId: queued, kind: 'topup', memberNo, amount: 200 })).outcome).toBe('queued');
    // The WAL worker keeps the WAL short and reuses its space, where a commit would still fit:
    // truncated first, every commit below needs new space on the full disk.
    expect(truncateWal(db)).toBe(true);
    const free = fillDisk();

    // The sale: refused, not acknowledged, no trace of it.
    const sale = newId();
    const saleRefusal = await refused(core, 'registerConfirm', { clientRequestId: sale, kind: 'topup', memberNo, amount: 300 });
    expect(saleRefusal.code).toBe('db_full');
    expect(db.prepare('SELECT count(*) AS n FROM wallet_transactions WHERE client_request_id = ?').get(sale)).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM outbox WHERE client_request_id = ?').get(sale)).toEqual({ n: 0 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The sync: the portal is back and applies the queued top-up, but its answer cannot be recorded: the row stays queued.
    await waitOnline();
    for (let i = 0; i < 20; i++) {
      services.sync.engine.kick();
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(db.prepare('SELECT client_request_id AS id FROM outbox WHERE state = ?').all('pending')).toEqual([{ id: queued }]);
    // The draft save: refused the same way, no draft row.
    const draftRefusal = await core.invoke('counterStart', { flow: 'signup', ...DRAFT_MEMBER, via: 'card', language: 'ja' });
    expect(draftRefusal.ok ? 'saved' : draftRefusal.error.code).toBe('db_full');
    expect(db.prepare('SELECT count(*) AS n FROM counter_drafts').get()).toEqual({ n: 0 });
    // The message for db_full (what to do, no restart; both languages): test/unit/renderer/power-messages.test.ts.

    free();
    // Without a restart: the sale, the draft and the sync work again.
    expect((await ok(core, 'registerConfirm', { clientRequestId: sale, kind: 'topup', memberNo, amount: 300 })).outcome).toBe('done');
    const draft = await ok(core, 'counterStart', { flow: 'signup', ...DRAFT_MEMBER, via: 'card', language: 'ja' });
    expect(draft.step).toBe('email');
    await ok(core, 'counterSetEmail', { email: 'full.disk@example.ac.jp', emailConfirm: 'full.disk@example.ac.jp' });
    expect(db.prepare('SELECT count(*) AS n FROM counter_drafts').get()).toEqual({ n: 1 });
    for (let i = 0; i < 400 && pendingOutbox() > 0; i++) {
      services.sync.engine.kick();
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(pendingOutbox()).toBe(0);
    const atPortal = portal.service.ledger({ deviceId: DEMO_DEVICE_ID }).transactions.map((t) => t.clientRequestId);
    // The queued top-up once (its retry was answered from the portal's record), the sale made after freeing space once.
    expect(atPortal.filter((id) => [first, queued, sale].includes(id)).sort()).toEqual([first, queued, sale].sort());
    expect(new Set(atPortal).size).toBe(atPortal.length);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
