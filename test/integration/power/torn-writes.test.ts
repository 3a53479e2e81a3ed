import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_DEVICE_ID } from '../../../src/portal/demo-seed';
import type { PortalServerHandle } from '../../../src/portal/server';
import { seedMembers, startTestPortal, tempDir } from '../../fixtures/portal/harness';
import { runKillableChild } from '../../helpers/kill-child';
import { ensureLazyFs, mountLazyFs, type LazyFs } from '../../helpers/lazyfs';

/**
 * Torn writes (issue 13): LazyFS persists only part of one write (torn-op) or only some of a run
 * of writes (torn-seq), then dies like a power cut. On the WAL and on the key file, the kiosk
 * must start again with a right state: every acknowledged transaction there (and at the portal
 * once), the database intact, or stop and say what to do. Never a silently wrong state.
 */
const CHILD = join(process.cwd(), 'test', 'fixtures', 'power', 'power-cut-child.ts');

let disk: LazyFs;
let portal: PortalServerHandle;
let portalDir: ReturnType<typeof tempDir>;
let env: Record<string, string>;
let members: string[];

beforeAll(async () => {
  await ensureLazyFs();
}, 20 * 60_000);
beforeEach(async () => {
  disk = await mountLazyFs('coop-torn-');
  portalDir = tempDir('coop-torn-portal-');
  portal = await startTestPortal({ dbPath: join(portalDir.path, 'portal.sqlite') });
  members = await seedMembers(portal.url, 2, 3900000000, 50_000);
  env = { PC_DATA_DIR: join(disk.mountPoint, 'kiosk'), PC_PORTAL_URL: portal.url, PC_MEMBERS: members.join(',') };
});
afterEach(async () => {
  await portal.close();
  portalDir.remove();
  await disk.unmount();
});

/** Runs the kiosk until `afterDone` confirmations answered, arms the fault, and waits for LazyFS to die of it. */
async function runUntilTorn(afterDone: number, arm: () => Promise<void>): Promise<{ acknowledged: string[]; refusedAfterTear: string[] }> {
  const acknowledged: string[] = [];
  const refusedAfterTear: string[] = [];
  let armed = false;
  await runKillableChild(CHILD, {
    env: { ...env, PC_MODE: 'run' },
    expectKill: true,
    guardMs: 60_000,
    onLine(line, kill) {
      const [word, id, code] = line.split(' ');
      if (word === 'done' && id) acknowledged.push(id);
      if (word === 'refused' && id && armed) refusedAfterTear.push(code ?? '');
      if (word === 'done' && acknowledged.length === afterDone && !armed) {
        armed = true;
        void arm().then(async () => {
          await disk.waitForDeath(20_000);
          kill();
        });
      }
    },
  });
  expect(disk.alive()).toBe(false);
  await disk.remount();
  return { acknowledged, refusedAfterTear };
}

async function drainAndCheck(acknowledged: string[]): Promise<void> {
  const lines: string[] = [];
  await runKillableChild(CHILD, { env: { ...env, PC_MODE: 'drain' }, expectKill: false, guardMs: 90_000, onLine: (line) => lines.push(line) });
  expect(lines.filter((line) => line.startsWith('problem'))).toEqual([]);
  expect(lines).toContain('drained');
  const db = new Database(join(env.PC_DATA_DIR as string, 'kiosk.sqlite'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const local = new Set((db.prepare('SELECT client_request_id AS id FROM wallet_transactions').all() as Array<{ id: string }>).map((r) => r.id));
    expect(acknowledged.filter((id) => !local.has(id))).toEqual([]);
    const atPortal = portal.service.ledger({ deviceId: DEMO_DEVICE_ID }).transactions.map((t) => t.clientRequestId);
    expect(new Set(atPortal).size).toBe(atPortal.length);
    expect(acknowledged.filter((id) => !atPortal.includes(id))).toEqual([]);
  } finally {
    db.close();
  }
}

describe('torn writes (LazyFS)', () => {
  it('torn-op on the WAL: the half-written frame is discarded at restart; every acknowledged transaction is there and at the portal once', { timeout: 120_000 }, async () => {
    const wal = join(env.PC_DATA_DIR as string, 'kiosk.sqlite-wal');
    const { acknowledged } = await runUntilTorn(3, () => disk.tornOp(wal, 3, [1, 3]));
    await drainAndCheck(acknowledged);
  });

  it('torn-seq on the WAL: writes persisted out of order are discarded at restart; nothing acknowledged is lost', { timeout: 120_000 }, async () => {
    const wal = join(env.PC_DATA_DIR as string, 'kiosk.sqlite-wal');
    const { acknowledged } = await runUntilTorn(3, () => disk.tornSeq(wal, [1, 3]));
    await drainAndCheck(acknowledged);
  });

  it('torn-op on the key file as it is first written: the kiosk starts again with a whole new key, nothing sealed was lost', { timeout: 120_000 }, async () => {
    const keyTemp = join(env.PC_DATA_DIR as string, 'draft.key.tmp');
    await disk.tornOp(keyTemp, 2, [1]);
    const lines: string[] = [];
    // The first start dies with LazyFS while it writes the key; the kiosk is then cut.
    await runKillableChild(CHILD, {
      env: { ...env, PC_MODE: 'run' },
      expectKill: true,
      guardMs: 60_000,
      onLine: (line) => lines.push(line),
    }).catch(() => undefined);
    await disk.waitForDeath(20_000);
    expect(disk.alive()).toBe(false);
    await disk.remount();
    // Never a short key in place: either no key yet, or a whole one.
    const key = join(env.PC_DATA_DIR as string, 'draft.key');
    if (existsSync(key)) expect(readFileSync(key).length).toBe(32);
    await drainAndCheck([]);
    expect(readFileSync(key).length).toBe(32);
  });
});
