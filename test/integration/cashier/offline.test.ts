import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { listWalletTransactions } from '../../../src/main/cashier/wallet-ledger';
import { DEMO_DEVICE_ID } from '../../../src/portal/demo-seed';
import { APP_TOKEN_RANDOM_BYTES, formatAppToken } from '../../../src/shared/barcode';
import { waitFor } from '../../fixtures/portal/harness';
import { RegisterKiosk } from '../../fixtures/register/register-kiosk';
import { newId, ok } from '../../helpers/register';

/**
 * Offline run (issue 6 acceptance): portal down, 50 mixed top-ups and payments (some over the
 * limits), portal back. The portal's balances and ledger then equal the kiosk's exactly;
 * refused ones never reached it; the ones the portal declines afterwards are flagged.
 */
const MEMBERS = Array.from({ length: 5 }, (_, i) => String(3500000000 + i));
const START_BALANCE = 4_000;

/** The till under test: portal, kiosk core, cashier signed in (test/fixtures/register/register-kiosk.ts). */
let till: RegisterKiosk;
let core: KioskCore;

beforeAll(async () => {
  till = await RegisterKiosk.start(
    'coop-register-offline-',
    MEMBERS.map((memberNo, i) => ({ memberNo, name: `会員 ${i}`, nameKana: 'カイイン', birthDate: '2005-01-01', balance: START_BALANCE })),
  );
  core = till.core;
});

afterAll(() => till?.close());

describe('offline run', () => {
  it('queues 50 mixed transactions within the limits and reconciles exactly with the portal', { timeout: 60_000 }, async () => {
    // The kiosk learns every balance while online (the roster copy it will use offline).
    for (const m of MEMBERS) await ok(core, 'registerOpenMember', { memberNo: m });
    // Behind the kiosk's back, member 0 spends at another till: the kiosk still believes 4,000.
    till.portal.service.upsertMembers([{ memberNo: MEMBERS[0] as string, name: '会員 0', nameKana: 'カイイン', birthDate: '2005-01-01', balance: 100 }]);

    await till.portal.close();
    const { connectivity } = till.services().sync;
    await waitFor(async () => (await connectivity.probeNow()).state === 'offline', 'kiosk offline');

    const accepted: string[] = [];
    const refused: Array<{ id: string; code: string }> = [];
    // A fixed, mixed script: cash top-ups, payments inside and outside the limits.
    const amounts = [500, 1200, 300, 2500, 3500, 800, 50_000, 60_000, 150, 2000];
    for (let i = 0; i < 50; i++) {
      const memberNo = MEMBERS[i % MEMBERS.length] as string;
      const payment = i % 3 !== 0;
      const amount = amounts[i % amounts.length] as number;
      const id = newId();
      const result = await core.invoke('registerConfirm', { clientRequestId: id, kind: payment ? 'payment' : 'topup', memberNo, amount });
      if (result.ok) {
        expect(result.value.outcome).toBe('queued');
        expect(result.value.transaction.offline).toBe(true);
        accepted.push(id);
      } else {
        refused.push({ id, code: result.error.code });
      }
    }
    // Every limit kind was hit, and some transactions went through.
    const codes = new Set(refused.map((r) => r.code));
    for (const code of ['offline_limit_transaction', 'offline_limit_member', 'topup_limit']) expect(codes.has(code)).toBe(true);
    expect(accepted.length).toBeGreaterThan(15);
    // App tokens are refused offline ("use the physical card").
    const { scan } = await ok(core, 'injectSimulatedScan', { data: formatAppToken('pay', randomBytes(APP_TOKEN_RANDOM_BYTES)) });
    const tokenResult = await core.invoke('registerOpenScan', { scanId: scan?.id as string });
    expect(tokenResult.ok ? null : tokenResult.error.code).toBe('app_token_offline');

    const db = till.services().db;
    const state = await ok(core, 'getRegisterState', {});
    const local = listWalletTransactions(db);
    expect(state.queue.count).toBe(accepted.length);
    expect(state.queue.sum).toBe(local.reduce((n, t) => n + t.amount, 0));
    expect(local.map((t) => t.clientRequestId).sort()).toEqual([...accepted].sort());
    const member0Payments = local.filter((t) => t.memberNo === MEMBERS[0] && t.kind === 'payment');
    expect(member0Payments.length).toBeGreaterThan(0);

    await till.startPortal();
    await waitFor(() => listWalletTransactions(db, { state: 'pending' }).length === 0 && connectivity.state === 'online', 'queue drained', 800);

    const ledger = till.portal.service.ledger({ deviceId: DEMO_DEVICE_ID });
    const after = listWalletTransactions(db);
    const synced = after.filter((t) => t.state === 'synced');
    const declined = after.filter((t) => t.state === 'declined');
    expect(synced.length + declined.length).toBe(accepted.length);
    // The portal's ledger equals the kiosk's: same ids, kinds, members and amounts, once each.
    expect(ledger.transactions.map((t) => t.clientRequestId).sort()).toEqual(synced.map((t) => t.clientRequestId).sort());
    const byId = new Map(ledger.transactions.map((t) => [t.clientRequestId, t]));
    for (const t of synced) expect(byId.get(t.clientRequestId)).toMatchObject({ kind: t.kind, memberNo: t.memberNo, amount: t.amount });
    expect(ledger.declines.map((d) => d.clientRequestId).sort()).toEqual(declined.map((t) => t.clientRequestId).sort());
    // Refused ones never reached the portal.
    const portalIds = new Set([...ledger.transactions.map((t) => t.clientRequestId), ...ledger.declines.map((d) => d.clientRequestId)]);
    expect(refused.filter((r) => portalIds.has(r.id))).toEqual([]);
    // Member 0's offline payments beyond the real balance were declined and are flagged for staff.
    expect(declined.length).toBeGreaterThan(0);
    expect(declined.every((t) => t.memberNo === MEMBERS[0])).toBe(true);
    const flagged = await ok(core, 'registerFlagged', {});
    expect(flagged.map((t) => t.clientRequestId).sort()).toEqual(declined.map((t) => t.clientRequestId).sort());
    expect((await ok(core, 'getRegisterState', {})).queue.flagged).toBe(declined.length);
    // Balances: the portal's equal what the kiosk's synced ledger implies, and the kiosk's panel shows the same.
    for (const [i, m] of MEMBERS.entries()) {
      const start = i === 0 ? 100 : START_BALANCE;
      const delta = synced.filter((t) => t.memberNo === m).reduce((n, t) => n + (t.kind === 'topup' ? t.amount : -t.amount), 0);
      expect(ledger.balances[m]).toBe(start + delta);
      const panel = await ok(core, 'registerOpenMember', { memberNo: m });
      expect(panel.balance.lastKnown).toBe(ledger.balances[m]);
      expect(panel.balance.pendingDebits).toBe(0);
    }
    // A supervisor handles a flag (audited); it leaves the list.
    await ok(core, 'staffSignIn', { staffNo: '2001', pin: '2222' });
    const note = 'Asked 山田 to pay in cash';
    const left = await ok(core, 'registerResolveFlag', { clientRequestId: declined[0]?.clientRequestId as string, outcome: 'cash', note });
    expect(left).toHaveLength(declined.length - 1);
    // The note's free text stays on the register row (blanked by the retention), never in the append-only audit.
    const audit = db.prepare("SELECT detail FROM audit_log WHERE action = 'register.flag_resolved'").all() as Array<{ detail: string }>;
    expect(audit.map((a) => JSON.parse(a.detail))).toEqual([expect.objectContaining({ clientRequestId: declined[0]?.clientRequestId, outcome: 'cash', deadLetterClosed: true, noteLength: note.length })]);
    expect(JSON.stringify(audit)).not.toContain('山田');
  });
});
