import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { recordWalletTransaction } from '../../../src/main/cashier/wallet-ledger';
import { DEMO_DEVICE_ID } from '../../../src/portal/demo-seed';
import { startTestCore } from '../../helpers/core';
import { runKillableChild } from '../../helpers/kill-child';
import { ensureLazyFs, mountLazyFs, type LazyFs } from '../../helpers/lazyfs';
import { makeTempDir } from '../../helpers/temp-dir';

/**
 * The reference portal's power cuts (issue 13): its data folder on LazyFS while a kiosk drains a
 * queue in batches; the portal process is SIGKILLed at random points and LazyFS drops what it
 * had not synced. Every batch the portal answered must stay applied (the kiosk deleted those
 * rows; were they lost at the portal, they would be missing at the end, or the sequence would
 * stall), and the kiosk's retries of unanswered batches apply once.
 */
const PORTAL_MAIN = join(process.cwd(), 'src', 'portal', 'main.ts');
const QUEUED = 400;
const CUTS = 6;
const MEMBER = '2024000003';

let disk: LazyFs;
let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore | null = null;

beforeAll(async () => {
  await ensureLazyFs();
}, 20 * 60_000);
beforeEach(async () => {
  disk = await mountLazyFs('coop-portal-cut-');
  temp = makeTempDir('portal-cut-kiosk-');
});
afterEach(async () => {
  await core?.close();
  core = null;
  await disk.unmount();
  temp.cleanup();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('power cuts of the reference portal (LazyFS)', () => {
  it(`${CUTS} cuts during a batch drain: every answered batch stays applied, retries apply once`, { timeout: 150_000 }, async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const portalEnv = { PORTAL_PORT: String(port), PORTAL_DATA_DIR: join(disk.mountPoint, 'portal'), PORTAL_MODE: 'demo' };
    core = await startTestCore(temp.dir, { healthIntervalMs: 100 }, url);
    const services = core.services();
    if (!services) throw new Error('no database');
    const { db } = services;
    const now = Date.now();
    for (let i = 0; i < QUEUED; i++) recordWalletTransaction(db, { memberNo: MEMBER, kind: 'topup', amount: 1 + (i % 7), now, offline: true });
    const pending = () => (db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;

    let answeredBeforeCuts = 0;
    for (let cut = 0; cut <= CUTS && pending() > 0; cut++) {
      const last = cut === CUTS;
      const before = pending();
      let killAt = 0;
      await runKillableChild(PORTAL_MAIN, {
        env: portalEnv,
        expectKill: true,
        guardMs: 60_000,
        onLine(_line, kill) {
          // The portal is listening: let the kiosk drain, and cut the portal after a random part of a batch.
          if (killAt) return;
          killAt = Date.now();
          const tick = setInterval(() => {
            services.sync.engine.kick();
            const drained = before - pending();
            if ((!last && drained >= 1 + Math.floor(Math.random() * 80)) || pending() === 0) {
              clearInterval(tick);
              setTimeout(kill, last ? 0 : Math.floor(Math.random() * 40));
            }
          }, 10);
        },
      });
      await disk.clearCache();
      answeredBeforeCuts += before - pending();
    }
    expect(pending()).toBe(0);
    expect(answeredBeforeCuts).toBe(QUEUED);

    // The portal's own file, after the last cut: every answered operation is there, once.
    const portalDb = new Database(join(disk.mountPoint, 'portal', 'portal.sqlite'), { readonly: true });
    try {
      expect(portalDb.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = (portalDb.prepare('SELECT client_request_id AS id FROM device_operations WHERE device_id = ?').all(DEMO_DEVICE_ID) as Array<{ id: string }>).map((r) => r.id);
      const local = (db.prepare("SELECT client_request_id AS id, state FROM wallet_transactions").all() as Array<{ id: string; state: string }>);
      expect(local.filter((w) => w.state !== 'synced')).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(local.map((w) => w.id).sort());
    } finally {
      portalDb.close();
    }
  });
});
