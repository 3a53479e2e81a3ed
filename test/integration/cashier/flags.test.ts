import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { DEMO_DEVICE_ID } from '../../../src/portal/demo-seed';
import { waitFor } from '../../fixtures/portal/harness';
import { cashierSettingsOf } from '../../../src/main/core/settings-views';
import { settingsForEnv } from '../../helpers/settings';
import { startTestCore } from '../../helpers/core';
import { RegisterKiosk } from '../../fixtures/register/register-kiosk';
import { newId, ok, refused } from '../../helpers/register';

/**
 * Flags settled to zero (issue 15): an offline payment the portal declines later is a flag; the
 * sync screen cannot discard its dead letter on its own; a supervisor settles it as collected in
 * cash (closing the dead letter in the same transaction); the bar clears; end of day and the CSV
 * agree with the portal's ledger to the yen. Also: typed-number payments by policy.
 */
const TARO = '3600000001';
const HANAKO = '3600000002';

/** The till under test: portal, kiosk core, cashier signed in (test/fixtures/register/register-kiosk.ts). */
let till: RegisterKiosk;
let core: KioskCore;

beforeAll(async () => {
  till = await RegisterKiosk.start('coop-register-flags-', [
    { memberNo: TARO, name: '山田 太郎', nameKana: 'ヤマダ タロウ', birthDate: '2005-01-01', balance: 2_000 },
    { memberNo: HANAKO, name: '佐藤 花子', nameKana: 'サトウ ハナコ', birthDate: '2005-01-01', balance: 3_000 },
  ]);
  core = till.core;
});

afterAll(() => till?.close());

describe('flags settled to zero', () => {
  it('a declined offline payment is flagged, settled in cash once, and the day agrees with the portal to the yen', { timeout: 60_000 }, async () => {
    await ok(core, 'registerOpenMember', { memberNo: TARO });
    await ok(core, 'registerOpenMember', { memberNo: HANAKO });
    // An online top-up and payment the portal applies at once.
    await ok(core, 'registerOpenMember', { memberNo: HANAKO });
    expect((await ok(core, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: HANAKO, amount: 1_000, cashReceived: 5_000 })).outcome).toBe('done');
    await ok(core, 'registerOpenMember', { memberNo: HANAKO });
    expect((await ok(core, 'registerConfirm', { clientRequestId: newId(), kind: 'payment', memberNo: HANAKO, amount: 400 })).outcome).toBe('done');
    // Taro spends at another till: the kiosk still believes 2,000.
    till.portal.service.upsertMembers([{ memberNo: TARO, name: '山田 太郎', nameKana: 'ヤマダ タロウ', birthDate: '2005-01-01', balance: 100 }]);

    await till.portal.close();
    await waitFor(async () => (await till.services().sync.connectivity.probeNow()).state === 'offline', 'kiosk offline');
    await ok(core, 'registerOpenMember', { memberNo: TARO });
    const declinedId = newId();
    expect((await ok(core, 'registerConfirm', { clientRequestId: declinedId, kind: 'payment', memberNo: TARO, amount: 1_500 })).outcome).toBe('queued');

    await till.startPortal();
    await waitFor(async () => (await ok(core, 'getRegisterState', {})).queue.flagged === 1, 'the decline is flagged', 30_000);
    const [flag] = await ok(core, 'registerFlagged', {});
    expect(flag).toMatchObject({ clientRequestId: declinedId, memberNo: TARO, memberName: '山田 太郎', amount: 1_500, state: 'declined', offline: true, staffName: expect.any(String) });
    // The portal's code, and the same reason in the kiosk's own words (translated by the core).
    expect(flag).toMatchObject({ declineCode: 'account_balance_not_enough', declineReason: 'insufficient_balance' });

    // The sync screen's discard alone is refused (supervisor signed in): the flag and the dead letter never disagree.
    await ok(core, 'staffSignIn', { staffNo: '2001', pin: '2222' });
    const overview = await ok(core, 'getSyncOverview', {});
    const dead = overview.deadLetters.find((d) => d.clientRequestId === declinedId);
    expect(dead).toBeDefined();
    expect((await refused(core, 'discardDeadLetter', { id: dead?.id as number, note: 'x' })).code).toBe('flag_open');
    expect((await ok(core, 'getSyncOverview', {})).deadLetters.map((d) => d.clientRequestId)).toContain(declinedId);

    // A cashier cannot settle without a supervisor's PIN; with it, settled as collected in cash.
    await ok(core, 'staffSignIn', { staffNo: '1001', pin: '1111' });
    expect((await refused(core, 'registerResolveFlag', { clientRequestId: declinedId, outcome: 'cash', note: 'paid cash' })).code).toBe('supervisor_required');
    const note = '山田さん 現金で受領';
    expect(await ok(core, 'registerResolveFlag', { clientRequestId: declinedId, outcome: 'cash', note, approval: { staffNo: '2001', pin: '2222' } })).toEqual([]);
    // One action: the flag is settled AND the dead letter is closed; the bar clears.
    expect((await ok(core, 'getRegisterState', {})).queue.flagged).toBe(0);
    expect((await ok(core, 'getSyncOverview', {})).deadLetters).toEqual([]);
    expect((await refused(core, 'registerResolveFlag', { clientRequestId: declinedId, outcome: 'written_off', note: 'again', approval: { staffNo: '2001', pin: '2222' } })).code).toBe('invalid_input');

    // The note is sealed at rest and absent from the audit (its length only).
    const db = till.services().db;
    const row = db.prepare('SELECT flag_note, flag_note_sealed, flag_outcome, flag_resolved_by FROM register_transactions WHERE client_request_id = ?').get(declinedId) as {
      flag_note: string | null;
      flag_note_sealed: Buffer;
      flag_outcome: string;
      flag_resolved_by: string;
    };
    expect(row.flag_note).toBeNull();
    expect(row.flag_outcome).toBe('cash');
    expect(row.flag_note_sealed.includes(Buffer.from(note, 'utf8'))).toBe(false);
    const audit = db.prepare("SELECT detail FROM audit_log WHERE action = 'register.flag_resolved'").all() as Array<{ detail: string }>;
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.detail as string)).toMatchObject({ clientRequestId: declinedId, outcome: 'cash', amount: 1_500, deadLetterClosed: true, noteLength: note.length });
    expect(audit[0]?.detail).not.toContain('山田');

    // End of day agrees with the portal's ledger to the yen; the cash collected is expected in the drawer.
    const report = await ok(core, 'registerEndOfDay', {});
    const ledger = till.portal.service.ledger({ deviceId: DEMO_DEVICE_ID });
    const portalSum = (kind: string) => ledger.transactions.filter((t) => t.kind === kind).reduce((n, t) => n + t.amount, 0);
    const kioskSum = (kind: string) => report.perKind.filter((k) => k.kind === kind && k.state !== 'declined').reduce((n, k) => n + k.amount, 0);
    expect(kioskSum('topup')).toBe(portalSum('topup'));
    expect(kioskSum('payment')).toBe(portalSum('payment'));
    expect(report.totals).toMatchObject({ topupAmount: portalSum('topup'), paymentAmount: portalSum('payment'), paymentCount: 1 });
    expect(report.perKind.find((k) => k.kind === 'payment' && k.state === 'declined')).toMatchObject({ count: 1, amount: 1_500 });
    expect(ledger.declines.map((d) => d.clientRequestId)).toEqual([declinedId]);
    expect(report.flags).toEqual({ open: { count: 0, amount: 0 }, resolved: { cash: { count: 1, amount: 1_500 }, written_off: { count: 0, amount: 0 }, paid_later: { count: 0, amount: 0 } } });
    expect(report.expectedCash).toBe(report.drawerFloat + 1_000 + 1_500);

    // The CSV (Shift_JIS, Japanese headers) says the same: portal-applied rows sum to the portal's ledger.
    const file = await ok(core, 'registerExportCsv', { day: report.day, language: 'ja', encoding: 'shift_jis' });
    const text = iconv.decode(Buffer.from(file.base64, 'base64'), 'cp932');
    const [header, ...lines] = text.trimEnd().split('\r\n');
    expect(header).toContain('会員確認');
    expect(header).toContain('要対応の処理');
    const cols = (header as string).split(',');
    const cells = lines.map((l) => l.split(','));
    const at = (name: string) => cols.indexOf(name);
    const csvSum = (kind: string) => cells.filter((c) => c[at('種別')] === kind && c[at('状態')] === '確定').reduce((n, c) => n + Number(c[at('金額')]), 0);
    expect(csvSum('チャージ')).toBe(portalSum('topup'));
    expect(csvSum('支払')).toBe(portalSum('payment'));
    const declinedLine = cells.find((c) => c[at('取引ID')] === declinedId);
    expect(declinedLine?.[at('状態')]).toBe('拒否');
    expect(declinedLine?.[at('要対応の処理')]).toBe('現金で回収');
    expect(declinedLine?.[at('会員確認')]).toBe('番号入力');
  });

  it('payments on a typed member number follow the policy: a supervisor approves by default, refused when set', { timeout: 30_000 }, async () => {
    expect(cashierSettingsOf(settingsForEnv()).typedPayments).toBe('approve');
    // Kiosks of their own with no portal (a second kiosk must not share the demo device's sequence):
    // the policy is checked before anything else, so the codes below come from it alone.
    for (const policy of ['approve', 'refuse'] as const) {
      const kiosk = await startTestCore(join(till.dir.path, `kiosk-${policy}`), { env: { KIOSK_TYPED_PAYMENTS: policy } });
      try {
        await ok(kiosk, 'staffSignIn', { staffNo: '1001', pin: '1111' });
        expect((await ok(kiosk, 'getRegisterState', {})).typedPayments).toBe(policy);
        const STAFF_NO: Record<string, string> = { '1111': '1001', '2222': '2001' };
        const pay = (pin?: string) => refused(kiosk, 'registerConfirm', { clientRequestId: newId(), kind: 'payment', memberNo: HANAKO, amount: 100, ...(pin ? { approval: { staffNo: STAFF_NO[pin] ?? '1001', pin } } : {}) });
        if (policy === 'refuse') {
          expect((await pay('2222')).code).toBe('typed_number_refused');
          continue;
        }
        expect((await pay()).code).toBe('supervisor_required');
        expect((await pay('1111')).code).toBe('supervisor_required');
        // Approved: the payment goes on to the member checks (this kiosk has no roster).
        expect((await pay('2222')).code).toBe('member_not_found');
        // A top-up on a typed number (cash over the counter) needs no approval.
        expect((await refused(kiosk, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: HANAKO, amount: 100 })).code).toBe('member_not_found');
      } finally {
        await kiosk.close();
      }
    }
  });
});
