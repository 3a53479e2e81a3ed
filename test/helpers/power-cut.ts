import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEMO_DEVICE_ID } from '../../src/portal/demo-seed';
import type { PortalServerHandle } from '../../src/portal/server';
import { clearFaults, seedMembers, setFaults, startTestPortal, tempDir } from '../fixtures/portal/harness';
import { runKillableChild } from './kill-child';
import { walletRows } from './kill-test';
import { mountLazyFs } from './lazyfs';

/**
 * Power cuts of the kiosk core: its data folder is on LazyFS; a child process confirms top-ups
 * and payments and saves a counter sign-up draft; at a random point it is SIGKILLed and LazyFS
 * drops every write that was not fsynced (the power cut); the portal is down for part of the
 * cuts so operations are queued at the cut. The kiosk restarts after every cut. At the end one
 * more start drains the outbox with the portal up, and the figures are compared with the portal.
 */
export interface PowerCutOptions {
  cuts: number;
  /** Control run: the kiosk opens its database with synchronous=NORMAL (test-only switch). */
  synchronousNormal?: boolean;
  /** Progress lines (the bench prints them). */
  progress?: (line: string) => void;
}

export interface PowerCutReport {
  cuts: number;
  /** Confirmations the screen showed as done or queued. */
  acknowledged: number;
  /** Acknowledged transactions the portal never got, or the kiosk's own ledger no longer has. */
  lost: string[];
  /** Client request ids the portal recorded more than once. */
  duplicated: string[];
  /** Starts that ended with a database or key problem (a person would be needed). */
  neededPerson: number;
  /** Operations still queued after the final drain. */
  stuck: boolean;
  integrity: string;
  /** Local wallet rows marked synced that the portal does not have, or differs on; and the other way round. */
  ledgerMismatches: string[];
  /** Members whose portal balance is not the seed plus what the kiosk synced. */
  balanceMismatches: string[];
  /** The last draft save acknowledged before the last cut, and what the final start found. */
  draft: { lastAcknowledged: string | null; startedAfter: string[]; found: string };
  /** Largest number of acknowledged operations queued (not yet at the portal) at a cut. */
  maxQueuedAtCut: number;
}

const CHILD = join(process.cwd(), 'test', 'fixtures', 'power', 'power-cut-child.ts');
const BALANCE = 50_000;

export async function runPowerCuts(options: PowerCutOptions): Promise<PowerCutReport> {
  const disk = await mountLazyFs('coop-power-');
  const portalDir = tempDir('coop-power-portal-');
  let portal: PortalServerHandle | null = null;
  try {
    portal = await startTestPortal({ dbPath: join(portalDir.path, 'portal.sqlite') });
    const members = await seedMembers(portal.url, 3, 3700000000, BALANCE);
    const dataDir = join(disk.mountPoint, 'kiosk');
    const env: Record<string, string> = { PC_DATA_DIR: dataDir, PC_PORTAL_URL: portal.url, PC_MEMBERS: members.join(',') };
    if (options.synchronousNormal) env.KIOSK_TEST_ONLY_SYNCHRONOUS = 'NORMAL';

    const acknowledged: string[] = [];
    let neededPerson = 0;
    let lastDrafted: string | null = null;
    let startedAfter: string[] = [];
    let maxQueuedAtCut = 0;
    for (let cut = 0; cut < options.cuts; cut++) {
      // Every third run starts with the portal down (its listener closed for 3 s): confirmations are queued.
      await waitPortalUp(portal.url);
      if (cut % 3 === 2) await setFaults(portal.url, { downForSeconds: 5 });
      const afterDone = 1 + Math.floor(Math.random() * 6);
      const afterMs = Math.floor(Math.random() * 60);
      let done = 0;
      let problem = false;
      const queuedNow = new Set<string>();
      await runKillableChild(CHILD, {
        env: { ...env, PC_MODE: 'run' },
        expectKill: true,
        guardMs: 60_000,
        onLine(line, kill) {
          const [word, id, outcome] = line.split(' ');
          if (word === 'problem') problem = true;
          else if (word === 'done' && id) {
            acknowledged.push(id);
            if (outcome === 'queued') queuedNow.add(id);
            if (++done === afterDone) setTimeout(kill, afterMs);
          } else if (word === 'drafting' && id) startedAfter.push(id);
          else if (word === 'drafted' && id) {
            lastDrafted = id;
            startedAfter = [];
          }
        },
      }).catch((error: unknown) => {
        // A start that stopped with a problem ends by itself: that is a restart that needs a person.
        if (!problem) throw error;
      });
      await disk.clearCache();
      maxQueuedAtCut = Math.max(maxQueuedAtCut, queuedNow.size, queuedOnDisk(join(dataDir, 'kiosk.sqlite')));
      if (problem) {
        neededPerson += 1;
        options.progress?.(`cut ${cut + 1}: the kiosk did not start again`);
        break;
      }
      if ((cut + 1) % 20 === 0) options.progress?.(`cut ${cut + 1}/${options.cuts}: ${acknowledged.length} acknowledged`);
    }

    await waitPortalUp(portal.url);
    await clearFaults(portal.url);
    let drained = false;
    let found = 'not checked';
    await runKillableChild(CHILD, {
      env: { ...env, PC_MODE: 'drain' },
      expectKill: false,
      guardMs: 90_000,
      onLine(line) {
        if (line === 'drained') drained = true;
        else if (line.startsWith('draftstate ')) found = line.slice('draftstate '.length);
        else if (line.startsWith('problem ')) neededPerson += 1;
      },
    });

    const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const integrity = String(db.pragma('integrity_check', { simple: true }));
      const wallet = walletRows(db);
      const ledger = portal.service.ledger({ deviceId: DEMO_DEVICE_ID });
      const atPortal = new Map<string, number>();
      for (const t of ledger.transactions) atPortal.set(t.clientRequestId, (atPortal.get(t.clientRequestId) ?? 0) + 1);
      const declined = new Set(ledger.declines.map((d) => d.clientRequestId));
      const local = new Set(wallet.map((w) => w.id));
      const lost = acknowledged.filter((id) => (!atPortal.has(id) && !declined.has(id)) || !local.has(id));
      const duplicated = [...atPortal].filter(([, n]) => n > 1).map(([id]) => id);
      const synced = wallet.filter((w) => w.state === 'synced');
      const byId = new Map(ledger.transactions.map((t) => [t.clientRequestId, t]));
      const ledgerMismatches = [
        ...synced.filter((w) => {
          const t = byId.get(w.id);
          return !t || t.memberNo !== w.memberNo || t.kind !== w.kind || t.amount !== w.amount;
        }).map((w) => `kiosk ${w.id}`),
        ...ledger.transactions.filter((t) => !synced.some((w) => w.id === t.clientRequestId)).map((t) => `portal ${t.clientRequestId}`),
      ];
      const balanceMismatches = members.filter((m) => {
        const delta = synced.filter((w) => w.memberNo === m).reduce((n, w) => n + (w.kind === 'topup' ? w.amount : w.kind === 'payment' ? -w.amount : 0), 0);
        return ledger.balances[m] !== BALANCE + delta;
      });
      return {
        cuts: options.cuts,
        acknowledged: acknowledged.length,
        lost,
        duplicated,
        neededPerson,
        stuck: !drained,
        integrity,
        ledgerMismatches,
        balanceMismatches,
        draft: { lastAcknowledged: lastDrafted, startedAfter, found },
        maxQueuedAtCut,
      };
    } finally {
      db.close();
    }
  } finally {
    await portal?.close();
    portalDir.remove();
    await disk.unmount();
  }
}

/** Operations waiting in the outbox right after a cut (what the kiosk must still send). */
function queuedOnDisk(file: string): number {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

async function waitPortalUp(url: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(new URL('/v1/health', url))).ok) return;
    } catch {
      // still down
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('The test portal did not come back.');
}
