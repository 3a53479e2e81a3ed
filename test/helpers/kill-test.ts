import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, expect } from 'vitest';
import type { PortalServerHandle } from '../../src/portal/server';
import { startTestPortal, tempDir } from '../fixtures/portal/harness';

/**
 * What the kill tests share (the sync engine's and the register's): a reference portal on a file
 * in a temporary folder for the whole file, and the final check that the kiosk's wallet ledger
 * and the portal's agree after the kills.
 */
export function killTestPortal(prefix: string): { readonly portal: PortalServerHandle; readonly dir: ReturnType<typeof tempDir> } {
  let portal: PortalServerHandle | undefined;
  let dir: ReturnType<typeof tempDir> | undefined;
  beforeAll(async () => {
    dir = tempDir(prefix);
    portal = await startTestPortal({ dbPath: join(dir.path, 'portal.sqlite') });
  });
  afterAll(async () => {
    await portal?.close();
    dir?.remove();
  });
  return {
    get portal() {
      if (!portal) throw new Error('the kill test portal starts in beforeAll');
      return portal;
    },
    get dir() {
      if (!dir) throw new Error('the kill test folder is made in beforeAll');
      return dir;
    },
  };
}

/** What the comparison reads of a portal ledger (the admin API's and the service's alike). */
export interface PortalLedger {
  transactions: ReadonlyArray<{ clientRequestId: string; memberNo: string; kind: string; amount: number }>;
  declines: ReadonlyArray<{ clientRequestId: string }>;
  balances: Readonly<Record<string, number>>;
}

export interface WalletRow {
  id: string;
  memberNo: string;
  kind: string;
  amount: number;
  state: string;
}

/** The kiosk's wallet ledger as the kill tests compare it, oldest first. */
export function walletRows(db: Database.Database): WalletRow[] {
  return db.prepare('SELECT client_request_id AS id, member_no AS memberNo, kind, amount, state FROM wallet_transactions ORDER BY seq').all() as WalletRow[];
}

/**
 * The portal's ledger equals the kiosk's: every synced row there exactly once (same member, kind
 * and amount) and nothing else, the same declines, and each member's balance is the start
 * balance plus what was synced.
 */
export function expectLedgersAgree(wallet: readonly WalletRow[], ledger: PortalLedger, members: readonly string[], startBalance: number): void {
  const portalIds = ledger.transactions.map((t) => t.clientRequestId);
  expect(new Set(portalIds).size).toBe(portalIds.length); // zero duplicated
  const synced = wallet.filter((w) => w.state === 'synced');
  const byId = new Map(ledger.transactions.map((t) => [t.clientRequestId, t]));
  expect([...portalIds].sort()).toEqual(synced.map((w) => w.id).sort());
  for (const w of synced) expect(byId.get(w.id)).toMatchObject({ memberNo: w.memberNo, kind: w.kind, amount: w.amount });
  expect(ledger.declines.map((d) => d.clientRequestId).sort()).toEqual(wallet.filter((w) => w.state === 'declined').map((w) => w.id).sort());
  for (const m of members) {
    const delta = synced.filter((w) => w.memberNo === m).reduce((n, w) => n + (w.kind === 'topup' ? w.amount : -w.amount), 0);
    expect(ledger.balances[m]).toBe(startBalance + delta);
  }
}
