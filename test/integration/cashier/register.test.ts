import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { listWalletTransactions } from '../../../src/main/cashier/wallet-ledger';
import { readAudit } from '../../../src/main/staff/audit';
import { DEMO_DEVICE_ID } from '../../../src/portal/demo-seed';
import { formatMemberCardCodabar } from '../../../src/shared/barcode';
import { RegisterKiosk } from '../../fixtures/register/register-kiosk';
import { newId, ok, refused } from '../../helpers/register';

const TARO = '2024000001'; // 5,000 yen
const KEN = '2024000003'; // 800 yen
const MISAKI = '2024000004'; // 95,000 yen
const SHO = '2024000005'; // suspended

/** The till under test: portal, kiosk core, cashier signed in (test/fixtures/register/register-kiosk.ts). */
let till: RegisterKiosk;
let core: KioskCore;

async function simulate(data: string): Promise<string> {
  const { scan } = await ok(core, 'injectSimulatedScan', { data });
  if (!scan) throw new Error('the simulator produced no scan');
  return scan.id;
}

function portalLedger() {
  return till.portal.service.ledger({ deviceId: DEMO_DEVICE_ID });
}

beforeAll(async () => {
  till = await RegisterKiosk.start('coop-register-');
  core = till.core;
});

afterAll(() => till?.close());

describe('register online', () => {
  it('needs a staff session', async () => {
    await ok(core, 'staffSignOut', {});
    expect((await refused(core, 'getRegisterState', {})).code).toBe('not_signed_in');
    await ok(core, 'staffSignIn', { staffNo: '1001', pin: '1111' });
    const state = await ok(core, 'getRegisterState', {});
    expect(state.limits.topupPresets).toEqual([1000, 2000, 3000, 5000, 10000]);
    expect(state.online).toBe(true);
  });

  it('opens the member panel from a card scan at once from the roster, then with the live balance', async () => {
    const refreshed = new Promise<unknown>((resolve) => {
      const off = core.onEvent((envelope) => {
        if (envelope.event === 'registerMemberRefreshed') {
          off();
          resolve(envelope.payload);
        }
      });
    });
    const scanId = await simulate(formatMemberCardCodabar(TARO));
    const panel = await ok(core, 'registerOpenScan', { scanId });
    expect(panel).toMatchObject({ memberNo: TARO, name: '山田 太郎', live: false, source: 'card', tokenMode: null, offlineAllowance: null });
    expect(panel.balance).toEqual({ lastKnown: 5000, pendingDebits: 0, pendingCredits: 0, available: 5000 });
    expect(await refreshed).toMatchObject({ memberNo: TARO, live: true, balance: { lastKnown: 5000, available: 5000 } });
    const junk = await simulate('4901234567894');
    expect((await refused(core, 'registerOpenScan', { scanId: junk })).code).toBe('not_member_card');
  });

  it('tops up with cash and change, applied once at the portal', async () => {
    const id = newId();
    const result = await ok(core, 'registerConfirm', { clientRequestId: id, kind: 'topup', memberNo: TARO, amount: 1000, cashReceived: 5000 });
    expect(result.outcome).toBe('done');
    expect(result.transaction).toMatchObject({ clientRequestId: id, kind: 'topup', amount: 1000, cashReceived: 5000, change: 4000, state: 'synced', balanceAfter: 6000, offline: false });
    expect(result.transaction.receiptCode).toMatch(/^TX\d{8}-[0-9A-F]{8}$/);
    expect(portalLedger().transactions.filter((t) => t.clientRequestId === id)).toHaveLength(1);
    expect(till.portal.service.ledger({ memberNo: TARO }).balances[TARO]).toBe(6000);
    expect((await refused(core, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: TARO, amount: 1000, cashReceived: 500 })).code).toBe('invalid_input');
  });

  it('a double tap (same client request id, concurrent and repeated) records one transaction', async () => {
    const id = newId();
    const input = { clientRequestId: id, kind: 'payment' as const, memberNo: TARO, amount: 300 };
    const [a, b] = await Promise.all([core.invoke('registerConfirm', input), core.invoke('registerConfirm', input)]);
    const again = await ok(core, 'registerConfirm', input);
    expect(a.ok && b.ok).toBe(true);
    expect([a.ok && a.value.replayed, b.ok && b.value.replayed].sort()).toEqual([false, true]);
    expect(again.replayed).toBe(true);
    expect(listWalletTransactions(till.services().db, { memberNo: TARO }).filter((t) => t.clientRequestId === id)).toHaveLength(1);
    expect(portalLedger().transactions.filter((t) => t.clientRequestId === id)).toHaveLength(1);
    // The same id with another body is refused, not applied.
    expect((await refused(core, 'registerConfirm', { ...input, amount: 301 })).code).toBe('request_conflict');
  });

  it('refuses a payment over the balance before writing anything', async () => {
    await ok(core, 'registerOpenMember', { memberNo: KEN });
    const id = newId();
    const r = await refused(core, 'registerConfirm', { clientRequestId: id, kind: 'payment', memberNo: KEN, amount: 1000 });
    expect(r.code).toBe('insufficient_balance');
    expect(r.details).toMatchObject({ available: 800 });
    expect(listWalletTransactions(till.services().db, { memberNo: KEN })).toHaveLength(0);
    const paid = await ok(core, 'registerConfirm', { clientRequestId: newId(), kind: 'payment', memberNo: KEN, amount: 800 });
    expect(paid.transaction).toMatchObject({ state: 'synced', balanceAfter: 0 });
  });

  it('explains the portal’s top-up and balance limits; nothing is flagged for them', async () => {
    await ok(core, 'registerOpenMember', { memberNo: MISAKI });
    const big = await refused(core, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: TARO, amount: 60_000, cashReceived: 60_000 });
    expect(big.code).toBe('topup_limit');
    const over = await refused(core, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: MISAKI, amount: 10_000 });
    expect(over.code).toBe('balance_limit');
    const state = await ok(core, 'getRegisterState', {});
    expect(state.queue.flagged).toBe(0);
    expect(till.services().sync.engine.metrics().deadLetters).toBe(0);
    expect((await ok(core, 'registerEndOfDay', {})).declinedAtCounter.count).toBe(2);
    expect((await refused(core, 'registerOpenMember', { memberNo: '2099999999' })).code).toBe('member_not_found');
    await ok(core, 'registerOpenMember', { memberNo: SHO });
    expect((await refused(core, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: SHO, amount: 1000 })).code).toBe('member_not_active');
  });

  it('app tokens: pay, charge, points, used and expired', async () => {
    const pay = till.portal.service.mintAppToken(TARO, 'pay');
    const payScan = await simulate(pay.token);
    const panel = await ok(core, 'registerOpenScan', { scanId: payScan });
    expect(panel).toMatchObject({ memberNo: TARO, tokenMode: 'pay', source: 'appToken', live: true });
    expect(panel.tokenRef).toBeTruthy();
    // The mode decides the screen: a pay token cannot top up.
    expect((await refused(core, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: TARO, amount: 500, tokenRef: panel.tokenRef as string })).code).toBe('token_mode');
    const paid = await ok(core, 'registerConfirm', { clientRequestId: newId(), kind: 'payment', memberNo: TARO, amount: 500, tokenRef: panel.tokenRef as string });
    expect(paid.transaction).toMatchObject({ source: 'appToken', state: 'synced' });
    // The same token again (the same scan re-opened): used.
    expect((await refused(core, 'registerOpenScan', { scanId: payScan })).code).toBe('token_used');

    const charge = till.portal.service.mintAppToken(TARO, 'charge');
    const chargePanel = await ok(core, 'registerOpenScan', { scanId: await simulate(charge.token) });
    expect(chargePanel.tokenMode).toBe('charge');
    const charged = await ok(core, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: TARO, amount: 2000, tokenRef: chargePanel.tokenRef as string });
    expect(charged.outcome).toBe('done');

    const points = till.portal.service.mintAppToken(TARO, 'points');
    expect((await ok(core, 'registerOpenScan', { scanId: await simulate(points.token) })).tokenMode).toBe('points');

    const expired = till.portal.service.mintAppToken(KEN, 'pay', 1);
    await new Promise((r) => setTimeout(r, 5));
    expect((await refused(core, 'registerOpenScan', { scanId: await simulate(expired.token) })).code).toBe('token_expired');
  });

  it('voids the last transaction only with a supervisor', async () => {
    const sale = await ok(core, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: TARO, amount: 3000 });
    const state = await ok(core, 'getRegisterState', {});
    expect(state.voidable?.clientRequestId).toBe(sale.transaction.clientRequestId);
    const voidId = newId();
    const input = { clientRequestId: voidId, targetClientRequestId: sale.transaction.clientRequestId };
    expect((await refused(core, 'registerVoidLast', input)).code).toBe('supervisor_required');
    expect((await refused(core, 'registerVoidLast', { ...input, approval: { staffNo: '1001', pin: '1111' } })).code).toBe('supervisor_required');
    expect((await refused(core, 'registerVoidLast', { ...input, approval: { staffNo: '2001', pin: '9876' } })).code).toBe('pin_wrong');
    const voided = await ok(core, 'registerVoidLast', { ...input, approval: { staffNo: '2001', pin: '2222' } });
    expect(voided.outcome).toBe('done');
    expect(voided.transaction).toMatchObject({ kind: 'void', amount: 3000, targetClientRequestId: sale.transaction.clientRequestId, supervisorName: expect.any(String), change: 3000 });
    // The cashier stays signed in; the approval is audited.
    expect((await ok(core, 'getStaffSession', {}))?.staff.role).toBe('cashier');
    expect(readAudit(till.services().db, 20).some((e) => e.action === 'staff.approval' && e.detail.forStaffId === 'demo-cashier')).toBe(true);
    expect((await ok(core, 'getRegisterState', {})).voidable).toBeNull();
    expect((await refused(core, 'registerVoidLast', { clientRequestId: newId(), targetClientRequestId: sale.transaction.clientRequestId, approval: { staffNo: '2001', pin: '2222' } })).code).toBe('void_not_allowed');

    // A supervisor at the register voids without a second PIN.
    const next = await ok(core, 'registerConfirm', { clientRequestId: newId(), kind: 'payment', memberNo: TARO, amount: 100 });
    await ok(core, 'staffSignIn', { staffNo: '2001', pin: '2222' });
    const bySupervisor = await ok(core, 'registerVoidLast', { clientRequestId: newId(), targetClientRequestId: next.transaction.clientRequestId });
    expect(bySupervisor.transaction.state).toBe('synced');
    await ok(core, 'staffSignIn', { staffNo: '1001', pin: '1111' });
    const portalVoids = portalLedger().transactions.filter((t) => t.kind === 'void');
    expect(portalVoids).toHaveLength(2);
  });

  it('end-of-day totals equal the ledger; counted cash and CSV', async () => {
    const report = await ok(core, 'registerEndOfDay', {});
    const db = till.services().db;
    const rows = db
      .prepare(
        `SELECT w.kind, w.amount, t.kind AS target, r.staff_id AS staff FROM wallet_transactions w JOIN register_transactions r USING (client_request_id)
         LEFT JOIN wallet_transactions t ON t.client_request_id = w.target_client_request_id WHERE r.counter_declined_at IS NULL`,
      )
      .all() as Array<{ kind: string; amount: number; target: string | null; staff: string }>;
    const sum = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).reduce((n, r) => n + r.amount, 0);
    expect(report.totals.topupAmount).toBe(sum((r) => r.kind === 'topup'));
    expect(report.totals.paymentAmount).toBe(sum((r) => r.kind === 'payment'));
    expect(report.totals.voidTopupAmount).toBe(sum((r) => r.kind === 'void' && r.target === 'topup'));
    expect(report.totals.voidPaymentAmount).toBe(sum((r) => r.kind === 'void' && r.target === 'payment'));
    expect(report.expectedCash).toBe(sum((r) => r.kind === 'topup') - sum((r) => r.kind === 'void' && r.target === 'topup'));
    expect(report.perCashier.map((c) => c.staffName).length).toBe(new Set(rows.map((r) => r.staff)).size);
    expect(report.perCashier.reduce((n, c) => n + c.paymentAmount, 0)).toBe(report.totals.paymentAmount);
    // The portal's ledger for this kiosk holds exactly the synced rows.
    const synced = listWalletTransactions(db, { state: 'synced' });
    expect(portalLedger().transactions.map((t) => t.clientRequestId).sort()).toEqual(synced.map((t) => t.clientRequestId).sort());

    const counted = await ok(core, 'registerRecordCount', { day: report.day, counted: report.expectedCash - 100 });
    expect(counted.count).toMatchObject({ counted: report.expectedCash - 100, difference: -100 });
    const csv = await ok(core, 'registerExportCsv', { day: report.day, language: 'en', encoding: 'utf8-bom' });
    expect(csv.rows).toBe(rows.length + report.declinedAtCounter.count);
    expect(Buffer.from(csv.base64, 'base64').toString('utf8').split('\r\n')[0]).toMatch(/^\ufeffseq,business_day,created_at,client_request_id,kind,identified_by/);
    expect(readAudit(db, 50).map((e) => e.action)).toEqual(expect.arrayContaining(['register.topup', 'register.payment', 'register.void', 'register.drawer_count', 'register.export_csv']));
  });

  it('a kiosk disabled at the portal is told so', async () => {
    till.portal.service.setDeviceDisabled(DEMO_DEVICE_ID, true);
    try {
      // The panel still opens from the roster; the portal's refusal is explained at confirm.
      expect(await ok(core, 'registerOpenMember', { memberNo: TARO })).toMatchObject({ memberNo: TARO, live: false });
      expect((await refused(core, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: TARO, amount: 1000 })).code).toBe('kiosk_disabled');
    } finally {
      till.portal.service.setDeviceDisabled(DEMO_DEVICE_ID, false);
    }
    await ok(core, 'registerOpenMember', { memberNo: TARO });
    expect((await ok(core, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: TARO, amount: 1000 })).outcome).toBe('done');
  });
});

describe('issue 12: one void per sale, one body per request id', () => {
  it('finding 3: two voids of one sale in parallel (each approved) write ONE void', async () => {
    await ok(core, 'staffSignIn', { staffNo: '1001', pin: '1111' });
    const sale = await ok(core, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: TARO, amount: 2000 });
    const target = sale.transaction.clientRequestId;
    const approval = { staffNo: '2001', pin: '2222' };
    const results = await Promise.all([1, 2].map(() => core.invoke('registerVoidLast', { clientRequestId: newId(), targetClientRequestId: target, approval })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error.code))).toEqual(['void_not_allowed']);
    expect(listWalletTransactions(till.services().db).filter((t) => t.kind === 'void' && t.targetClientRequestId === target)).toHaveLength(1);
  });

  it('finding 6: the same request id with another body is request_conflict even while the first is in flight', async () => {
    await ok(core, 'staffSignIn', { staffNo: '1001', pin: '1111' });
    const clientRequestId = newId();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => core.invoke('registerConfirm', { clientRequestId, kind: 'topup', memberNo: TARO, amount: 100 + i })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results[0]?.ok).toBe(true);
    expect(new Set(results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error.code)))).toEqual(new Set(['request_conflict']));
    // The same body again is the first answer, replayed.
    const again = await Promise.all([1, 2].map(() => core.invoke('registerConfirm', { clientRequestId, kind: 'topup', memberNo: TARO, amount: 100 })));
    expect(again.every((r) => r.ok && r.value.replayed)).toBe(true);
  });
});
