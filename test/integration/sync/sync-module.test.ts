import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAudit } from '../../../src/main/staff/audit';
import { recordWalletTransaction } from '../../../src/main/cashier/wallet-ledger';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { startPortalServer } from '../../../src/portal/server';
import { startTestCore } from '../../helpers/core';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let portal: Awaited<ReturnType<typeof startPortalServer>>;
let core: KioskCore;

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeEach(async () => {
  temp = makeTempDir();
  portal = await startPortalServer({ port: 0, dbPath: ':memory:', mode: 'demo' });
  core = await startTestCore(temp.dir, { healthIntervalMs: 200 }, portal.url);
});
afterEach(async () => {
  await core.close();
  await portal.close();
  temp.cleanup();
});

describe('sync module (staff side of the queue)', () => {
  it('shows a refused payment as a dead letter; a cashier may retry but not discard; a supervisor discards, audited', async () => {
    const services = core.services();
    if (!services) throw new Error('database not open');
    // Member 2024000005 has no balance: the portal refuses the payment for good.
    recordWalletTransaction(services.db, { memberNo: '2024000005', kind: 'payment', amount: 999_999, now: Date.now() });
    services.sync.engine.kick();

    expect(await core.call('getSyncOverview', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    await core.call('staffSignIn', { staffNo: '1001', pin: '1111' });
    const overview = await waitFor(
      async () => core.call('getSyncOverview', {}),
      (r) => r.ok && (r.value as { deadLetters: unknown[] }).deadLetters.length === 1,
      'the dead letter',
    );
    const dead = (overview as { ok: true; value: { deadLetters: Array<{ id: number; kind: string; memberKey: string; error: { reason: string } } > ; metrics: { deadLetters: number; depth: number } } }).value;
    expect(dead.metrics).toMatchObject({ deadLetters: 1, depth: 0 });
    expect(dead.deadLetters[0]).toMatchObject({ kind: 'wallet.payment', memberKey: '2024000005' });
    const id = dead.deadLetters[0]?.id as number;

    expect(await core.call('discardDeadLetter', { id })).toMatchObject({ ok: false, error: { code: 'supervisor_required' } });
    expect(await core.call('retryDeadLetter', { id })).toMatchObject({ ok: true });
    // Refused again: back among the dead letters.
    await waitFor(async () => core.call('getSyncOverview', {}), (r) => r.ok && (r.value as { deadLetters: unknown[] }).deadLetters.length === 1, 'the retried dead letter');

    await core.call('staffSignOut', {});
    await core.call('staffSignIn', { staffNo: '2001', pin: '2222' });
    expect(await core.call('discardDeadLetter', { id, note: 'member paid in cash' })).toMatchObject({ ok: true, value: { deadLetters: [] } });
    const actions = readAudit(services.db).map((entry) => entry.action);
    // One audit row per action, written by the outbox store in the state change's transaction.
    expect(actions.filter((action) => action === 'sync.dead_letter.retry')).toHaveLength(1);
    expect(actions.filter((action) => action === 'sync.dead_letter.discard')).toHaveLength(1);
    // The note's free text never reaches the append-only audit, only its length.
    const discard = readAudit(services.db).find((entry) => entry.action === 'sync.dead_letter.discard');
    expect(JSON.stringify(discard)).not.toContain('paid in cash');
    expect(discard?.detail).toMatchObject({ noteLength: 'member paid in cash'.length });

    const status = await core.call('getStaffStatus', {});
    expect(status).toMatchObject({ ok: true, value: { portal: { connectivity: { state: 'online' } }, sync: { deadLetters: 0 } } });
  });

  it('validates dead-letter ids at the boundary', async () => {
    await core.call('staffSignIn', { staffNo: '2001', pin: '2222' });
    expect(await core.call('discardDeadLetter', { id: -1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await core.call('retryDeadLetter', { id: '1' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
