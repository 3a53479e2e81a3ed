import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEMO_DEVICE_ID } from '../../../src/portal/demo-seed';
import { clearFaults, seedMembers, setFaults } from '../../fixtures/portal/harness';
import { runKillableChild } from '../../helpers/kill-child';
import { expectLedgersAgree, killTestPortal, walletRows } from '../../helpers/kill-test';

/**
 * Money test: SIGKILL the kiosk core while the register confirms transactions, at random
 * points (before the commit, between commit and the portal's answer, while the answer is being
 * recorded). Afterwards every transaction is either fully there (wallet row + register row +
 * audit entry, and at the portal exactly once) or not there at all — and every transaction the
 * screen was told "done"/"queued" for is there.
 *
 * Why this proves "the screen never said done for one that is not there": the child prints
 * "done <id>" only after `registerConfirm` returned, which is the moment the renderer would
 * render "done"; the handler returns only after the IMMEDIATE transaction committed under
 * synchronous=FULL. A kill can land anywhere, so if any path answered before the commit, some
 * run would show a "done" id missing from the database.
 */
const CHILD = join(process.cwd(), 'test', 'fixtures', 'register', 'kill-register-child.ts');
const KILLS = 10;

const fixture = killTestPortal('coop-register-kill-');

interface Run {
  confirming: string[];
  done: string[];
  refused: string[];
  drained: boolean;
}

/**
 * Runs the child. `kill`: SIGKILL it `afterMs` after its `afterDone`-th answered confirmation (so
 * every run makes progress whatever the machine's load, and the kill lands at a random point of a
 * later confirmation); null lets it finish.
 */
async function runChild(env: Record<string, string>, kill: { afterDone: number; afterMs: number } | null): Promise<Run> {
  const run: Run = { confirming: [], done: [], refused: [], drained: false };
  await runKillableChild(CHILD, {
    env,
    expectKill: kill !== null,
    guardMs: 60_000,
    onLine(line, killChild) {
      const [word, id] = line.split(' ');
      if (word === 'confirming' && id) run.confirming.push(id);
      else if (word === 'done' && id) {
        run.done.push(id);
        if (kill && run.done.length === kill.afterDone) setTimeout(killChild, kill.afterMs);
      } else if (word === 'refused' && id) run.refused.push(id);
      else if (word === 'drained') run.drained = true;
    },
  });
  return run;
}

describe('register money test: SIGKILL during confirmation', () => {
  it(`${KILLS} kills: each transaction fully there (once at the portal) or not at all; "done" only for committed ones`, { timeout: 180_000 }, async () => {
    const { portal, dir } = fixture;
    const members = await seedMembers(portal.url, 3, 3600000000, 50_000);
    const env = { KR_DATA_DIR: join(dir.path, 'kiosk'), KR_PORTAL_URL: portal.url, KR_MEMBERS: members.join(',') };
    // Slow answers and lost responses widen the window between the commit and the portal's answer.
    await setFaults(portal.url, { latencyMs: 15, dropAfterCommit: { rate: 0.1 }, seed: 7 });
    const confirming: string[] = [];
    const done: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const run = await runChild({ ...env, KR_MODE: 'run' }, { afterDone: 1 + Math.floor(Math.random() * 5), afterMs: Math.floor(Math.random() * 120) });
      confirming.push(...run.confirming);
      done.push(...run.done);
    }
    await clearFaults(portal.url);
    const drain = await runChild({ ...env, KR_MODE: 'drain' }, null);
    expect(drain.drained).toBe(true);
    expect(done.length).toBeGreaterThanOrEqual(KILLS);

    const db = new Database(join(dir.path, 'kiosk', 'kiosk.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const wallet = walletRows(db);
      const registerIds = new Set((db.prepare('SELECT client_request_id AS id FROM register_transactions').all() as Array<{ id: string }>).map((r) => r.id));
      const audited = new Set(
        (db.prepare("SELECT json_extract(detail, '$.clientRequestId') AS id FROM audit_log WHERE action IN ('register.topup', 'register.payment')").all() as Array<{ id: string }>).map((r) => r.id),
      );
      const local = new Set(wallet.map((w) => w.id));
      // Fully there or not at all: every wallet row has its register row and audit entry, and vice versa.
      expect(wallet.filter((w) => !registerIds.has(w.id) || !audited.has(w.id))).toEqual([]);
      expect([...registerIds].filter((id) => !local.has(id))).toEqual([]);
      // The screen never said done for a transaction that is not on disk.
      expect(done.filter((id) => !local.has(id))).toEqual([]);
      // Nothing appears that the register did not start.
      const started = new Set(confirming);
      expect(wallet.filter((w) => !started.has(w.id))).toEqual([]);
      // Every transaction reached the portal exactly once (or was declined there), none left pending.
      expect(wallet.filter((w) => w.state === 'pending')).toEqual([]);
      const ledger = portal.service.ledger({ deviceId: DEMO_DEVICE_ID });
      expectLedgersAgree(wallet, ledger, members, 50_000);
      // Transactions lost to a kill before their commit never reached the portal.
      const portalIds = new Set(ledger.transactions.map((t) => t.clientRequestId));
      const lost = confirming.filter((id) => !local.has(id));
      expect(lost.filter((id) => portalIds.has(id))).toEqual([]);
    } finally {
      db.close();
    }
  });
});
