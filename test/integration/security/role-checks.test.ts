/**
 * Role checks on every kiosk API method (issue 7, item 5). The table below classifies EVERY
 * method; a method someone adds without classifying it fails the first test, which forces the
 * decision. Each classification is then proven against a real core: below the required role the
 * call is refused with not_signed_in / forbidden before it does anything; at or above it the
 * role check lets it through (whatever the business answer).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { KIOSK_METHODS, kioskApi, type KioskMethod } from '../../../src/shared/kiosk-api';
import { startPortalServer } from '../../../src/portal/server';
import { startTestCore } from '../../helpers/core';
import { makeTempDir } from '../../helpers/temp-dir';

type Role = 'cashier' | 'supervisor' | 'admin';
/**
 * none: the student's side of the kiosk (no staff session needed).
 * pin: no session needed, but the call carries a staff PIN that the core checks itself.
 */
type Need = 'none' | 'pin' | Role;

const TARO = '2024000001';
const uuid = () => randomUUID();

/** method → who may call it, and a valid input (so that only the role check can refuse it). */
const ROLE_TABLE: Record<KioskMethod, { need: Need; input: () => unknown; note?: string }> = {
  getKioskState: { need: 'none', input: () => ({}) },
  endSession: { need: 'none', input: () => ({}) },
  staffSignIn: { need: 'none', input: () => ({ pin: '1111' }), note: 'the PIN is the credential (scrypt, lockout)' },
  staffSignOut: { need: 'none', input: () => ({}) },
  getStaffSession: { need: 'none', input: () => ({}) },
  getStaffStatus: { need: 'cashier', input: () => ({}) },
  getSyncOverview: { need: 'cashier', input: () => ({}) },
  retryDeadLetter: { need: 'cashier', input: () => ({ id: 1 }) },
  discardDeadLetter: { need: 'supervisor', input: () => ({ id: 1, note: 'role check' }) },
  getScannerOverview: { need: 'cashier', input: () => ({}) },
  getWedgeSettings: { need: 'none', input: () => ({}) },
  submitWedgeScan: { need: 'none', input: () => ({ data: '4901234567894' }), note: 'the page’s own keyboard-wedge detector feeds the hub' },
  injectSimulatedScan: { need: 'cashier', input: () => ({ data: '4901234567894' }) },
  lookupMember: { need: 'cashier', input: () => ({ memberNo: TARO }) },
  getRegisterState: { need: 'cashier', input: () => ({}) },
  registerOpenScan: { need: 'cashier', input: () => ({ scanId: 'no-such-scan' }) },
  registerOpenMember: { need: 'cashier', input: () => ({ memberNo: TARO }) },
  registerConfirm: { need: 'cashier', input: () => ({ clientRequestId: uuid(), kind: 'topup', memberNo: TARO, amount: 100, cashReceived: 100 }) },
  registerVoidLast: { need: 'cashier', input: () => ({ clientRequestId: uuid(), targetClientRequestId: uuid() }), note: 'a cashier also needs a supervisor PIN (tested below)' },
  registerEndOfDay: { need: 'cashier', input: () => ({}) },
  registerRecordCount: { need: 'cashier', input: () => ({ day: '2026-01-05', counted: 0 }) },
  registerExportCsv: { need: 'cashier', input: () => ({ day: '2026-01-05' }) },
  registerFlagged: { need: 'cashier', input: () => ({}) },
  registerResolveFlag: { need: 'supervisor', input: () => ({ clientRequestId: uuid(), note: 'role check' }) },
  counterCheckCard: { need: 'none', input: () => ({ memberNo: TARO }) },
  counterStart: { need: 'none', input: () => ({ flow: 'lookup', memberNo: TARO, birthDate: '2005-04-12', via: 'typed', language: 'ja' }) },
  counterGetFlow: { need: 'none', input: () => ({}) },
  counterBack: { need: 'none', input: () => ({}) },
  counterCancel: { need: 'none', input: () => ({}) },
  counterSetEmail: { need: 'none', input: () => ({ email: 'taro.yamada@example.ac.jp', emailConfirm: 'taro.yamada@example.ac.jp' }) },
  counterContinue: { need: 'none', input: () => ({}) },
  counterSendCode: { need: 'none', input: () => ({}) },
  counterResendCode: { need: 'none', input: () => ({}) },
  counterConfirmCode: { need: 'none', input: () => ({ code: '123456' }) },
  counterSaveProfile: {
    need: 'none',
    input: () => ({
      profile: {
        name: '山田 太郎',
        nameKana: 'ヤマダ タロウ',
        phone: '09012345678',
        postalCode: '1500002',
        address: { prefecture: '東京都', city: '渋谷区', town: '渋谷', line: '1-2-3' },
        university: '東京大学',
        faculty: '工学部',
        studentNo: 'S1234567',
        remarks: '',
      },
    }),
  },
  counterSubmit: { need: 'none', input: () => ({}) },
  counterSetRepairProblems: { need: 'none', input: () => ({ problems: ['login_error'] }) },
  lookupPostalCode: { need: 'none', input: () => ({ postalCode: '1500002' }) },
  getRegistrationCatalog: { need: 'none', input: () => ({}) },
  listEmailChangeRequests: { need: 'cashier', input: () => ({}) },
  listRepairRequests: { need: 'cashier', input: () => ({}) },
  setRepairRequestStatus: { need: 'cashier', input: () => ({ requestId: uuid(), status: 'in_progress' }) },
  decideEmailChangeRequest: { need: 'pin', input: () => ({ requestId: uuid(), decision: 'reject', pin: '98761', reason: 'role check' }), note: 'the deciding staff member types their PIN again' },
  wipeKiosk: { need: 'admin', input: () => ({ confirm: 'WIPE' }) },
  getRecentLog: { need: 'cashier', input: () => ({}) },
  exportLog: { need: 'supervisor', input: () => ({}), note: 'the whole (redacted) log leaves the kiosk; audited' },
};

const PINS: Record<Role, string> = { cashier: '1111', supervisor: '2222', admin: '3333' };
const RANK: Record<Need, number> = { none: 0, pin: 0, cashier: 1, supervisor: 2, admin: 3 };
const AUTH_CODES = ['not_signed_in', 'forbidden', 'unauthorized'];

let temp: ReturnType<typeof makeTempDir>;
let portal: Awaited<ReturnType<typeof startPortalServer>>;
let core: KioskCore;

beforeAll(async () => {
  temp = makeTempDir('role-checks-');
  portal = await startPortalServer({ port: 0, dbPath: ':memory:', mode: 'demo' });
  // Both scanner sources whose methods are classified here: the simulator and the keyboard wedge.
  core = await startTestCore(temp.dir, { scanners: ['sim', 'wedge'], healthIntervalMs: 200 }, portal.url);
  for (let i = 0; i < 200 && core.services()?.sync.connectivity.state !== 'online'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (core.services()?.sync.connectivity.state !== 'online') throw new Error('the kiosk did not reach the reference portal');
});
afterAll(async () => {
  await core.close();
  await portal.close();
  temp.cleanup();
});

async function signInAs(level: 'nobody' | Role): Promise<void> {
  await core.call('staffSignOut', {});
  if (level !== 'nobody') {
    const result = await core.call('staffSignIn', { pin: PINS[level] });
    if (!result.ok) throw new Error(`sign-in as ${level} failed: ${result.error.code}`);
  }
}

describe('the role table', () => {
  it('classifies every kiosk API method (a new method must be added here, deciding who may call it)', () => {
    const unclassified = KIOSK_METHODS.filter((method) => !(method in ROLE_TABLE));
    const stale = Object.keys(ROLE_TABLE).filter((method) => !(KIOSK_METHODS as string[]).includes(method));
    expect(unclassified).toEqual([]);
    expect(stale).toEqual([]);
  });

  it('every sample input passes the method’s input schema, so only the role check can refuse it', () => {
    const invalid = KIOSK_METHODS.filter((method) => !kioskApi[method].input.safeParse(ROLE_TABLE[method].input()).success);
    expect(invalid).toEqual([]);
  });
});

describe.each(['nobody', 'cashier', 'supervisor', 'admin'] as const)('signed in as %s', (level) => {
  const rank = level === 'nobody' ? 0 : RANK[level];
  const privileged = KIOSK_METHODS.filter((method) => RANK[ROLE_TABLE[method].need] > 0);

  it('privileged methods above this role are refused before they do anything', async () => {
    await signInAs(level);
    const auditBefore = (core.services()?.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    for (const method of privileged.filter((m) => RANK[ROLE_TABLE[m].need] > rank)) {
      const result = await core.call(method, ROLE_TABLE[method].input());
      expect([method, result.ok ? 'ok' : result.error.code]).toEqual([method, level === 'nobody' ? 'not_signed_in' : 'forbidden']);
    }
    // A refused call writes nothing (not even an audit row).
    expect((core.services()?.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(auditBefore);
  });

  it('methods up to this role pass the role check', async () => {
    await signInAs(level);
    for (const method of KIOSK_METHODS.filter((m) => RANK[ROLE_TABLE[m].need] <= rank && ROLE_TABLE[m].need !== 'pin')) {
      const result = await core.call(method, ROLE_TABLE[method].input());
      expect([method, result.ok ? 'ok' : AUTH_CODES.includes(result.error.code) ? result.error.code : 'passed']).toEqual([method, result.ok ? 'ok' : 'passed']);
      // Calls that change the session itself: restore it for the next method.
      if (method === 'staffSignIn' || method === 'staffSignOut') await signInAs(level);
    }
  });
});

describe('PIN-gated and supervisor-gated actions', () => {
  it('deciding an email change with a wrong PIN is refused as a wrong PIN, with no session', async () => {
    await signInAs('nobody');
    const result = await core.call('decideEmailChangeRequest', ROLE_TABLE.decideEmailChangeRequest.input());
    expect(result).toMatchObject({ ok: false, error: { code: 'pin_wrong' } });
  });

  it('a cashier cannot void without a supervisor’s PIN, and a cashier’s PIN is not one', async () => {
    await signInAs('cashier');
    // The member panel first, as at the counter (it also refreshes the local roster row).
    expect(await core.call('registerOpenMember', { memberNo: TARO })).toMatchObject({ ok: true });
    const sale = await core.call('registerConfirm', { clientRequestId: uuid(), kind: 'topup', memberNo: TARO, amount: 500, cashReceived: 500 });
    expect(sale.ok ? 'ok' : sale.error).toBe('ok');
    const target = (sale as { ok: true; value: { transaction: { clientRequestId: string } } }).value.transaction.clientRequestId;
    const voidInput = { clientRequestId: uuid(), targetClientRequestId: target };
    expect(await core.call('registerVoidLast', voidInput)).toMatchObject({ ok: false, error: { code: 'supervisor_required' } });
    expect(await core.call('registerVoidLast', { ...voidInput, supervisorPin: PINS.cashier })).toMatchObject({ ok: false, error: { code: 'supervisor_required' } });
    expect(await core.call('registerVoidLast', { ...voidInput, supervisorPin: PINS.supervisor })).toMatchObject({ ok: true });
  });

  it('a cashier cannot discard a dead letter', async () => {
    await signInAs('cashier');
    expect(await core.call('discardDeadLetter', { id: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden', details: { required: 'supervisor' } } });
  });
});
