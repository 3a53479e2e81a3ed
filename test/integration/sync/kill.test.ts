import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { clearFaults, ledger, newDevice, seedMembers, setFaults } from '../../fixtures/portal/harness';
import { runKillableChild } from '../../helpers/kill-child';
import { expectLedgersAgree, killTestPortal, walletRows } from '../../helpers/kill-test';

const CHILD = join(process.cwd(), 'test', 'fixtures', 'portal', 'kill-child.ts');
const KILLS = 32;

const fixture = killTestPortal('coop-kill-');

interface ChildRun {
  committed: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  drained: boolean;
}

/** Runs the child; kills it `killAfterMs` after it says ready (null: let it finish, bounded). */
async function runChild(envExtra: Record<string, string>, killAfterMs: number | null): Promise<ChildRun> {
  const run: ChildRun = { committed: [], code: null, signal: null, drained: false };
  const ended = await runKillableChild(CHILD, {
    env: envExtra,
    expectKill: killAfterMs !== null,
    // No child outlives 30 s.
    guardMs: 30_000,
    onLine(line, kill) {
      if (line === 'ready' && killAfterMs !== null) setTimeout(kill, killAfterMs);
      else if (line.startsWith('committed ')) run.committed.push(line.slice('committed '.length));
      else if (line === 'drained') run.drained = true;
    },
  });
  return { ...run, ...ended };
}

describe('kill test: SIGKILL the kiosk core at random points', () => {
  it(`survives ${KILLS} kills with zero lost, zero duplicated, integrity ok`, { timeout: 300_000 }, async () => {
    const { portal, dir } = fixture;
    const device = await newDevice(portal.url);
    const members = await seedMembers(portal.url, 4, 3300000000, 90_000);
    const env = {
      KILL_DB: join(dir.path, 'kiosk.sqlite'),
      KILL_PORTAL_URL: portal.url,
      KILL_DEVICE_ID: device.deviceId,
      KILL_DEVICE_SECRET: device.secret,
      KILL_MEMBERS: members.join(','),
      KILL_MAX: '60',
    };
    // Lost responses and 5xx on top of the kills.
    await setFaults(portal.url, { dropAfterCommit: { rate: 0.08 }, serverError: { rate: 0.05, status: 503 }, seed: 42 });
    const committed: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const run = await runChild({ ...env, KILL_MODE: 'run' }, 20 + Math.floor(Math.random() * 350));
      expect(run.signal).toBe('SIGKILL');
      committed.push(...run.committed);
    }
    await clearFaults(portal.url);
    const drain = await runChild({ ...env, KILL_MODE: 'drain' }, null);
    expect(drain.drained).toBe(true);

    const db = new Database(env.KILL_DB, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const kiosk = walletRows(db);
      const pendingOutbox = (db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
      expect(pendingOutbox).toBe(0);
      // Nothing the child reported committed is missing locally.
      const local = new Set(kiosk.map((k) => k.id));
      expect(committed.filter((id) => !local.has(id))).toEqual([]);
      expect(committed.length).toBeGreaterThan(KILLS);

      const synced = kiosk.filter((k) => k.state === 'synced');
      const declined = kiosk.filter((k) => k.state === 'declined');
      expect(synced.length + declined.length).toBe(kiosk.length); // nothing left pending
      // Portal ledger equals kiosk ledger (zero duplicated; same ids, members, kinds and amounts; balances add up).
      expectLedgersAgree(kiosk, await ledger(portal.url, { deviceId: device.deviceId }), members, 90_000);
    } finally {
      db.close();
    }
  });
});
