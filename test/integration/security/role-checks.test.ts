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
import { METHOD_ACCESS } from '../../../src/shared/method-roles';
import { startPortalServer } from '../../../src/portal/server';
import { startTestCore } from '../../helpers/core';
import { makeTempDir } from '../../helpers/temp-dir';

type Role = 'cashier' | 'supervisor' | 'admin';
type Need = 'none' | Role;

const TARO = '2024000001';
const uuid = () => randomUUID();

/** method → a valid input, so that only the role check can refuse it. WHO may call it is METHOD_ACCESS (the core's one table). */
const SAMPLE: Record<KioskMethod, { input: () => unknown }> = {
  getKioskState: { input: () => ({}) },
  endSession: { input: () => ({}) },
  staffSignIn: { input: () => ({ staffNo: '1001', pin: '1111' }) },
  staffChangeOwnPin: { input: () => ({ currentPin: '9999', newPin: '2580' }) },
  staffList: { input: () => ({}) },
  staffAdd: { input: () => ({ staffNo: '7001', displayName: 'Role check', role: 'cashier', pin: '2580' }) },
  staffSetRole: { input: () => ({ staffId: 'no-such-staff', role: 'cashier' }) },
  staffDeactivate: { input: () => ({ staffId: 'no-such-staff' }) },
  staffResetPin: { input: () => ({ staffId: 'no-such-staff', temporaryPin: '2580' }) },
  staffUnlock: { input: () => ({ staffId: 'no-such-staff' }) },
  auditQuery: { input: () => ({}) },
  auditExportCsv: { input: () => ({ day: '2026-01-05' }) },
  staffSignOut: { input: () => ({}) },
  getStaffSession: { input: () => ({}) },
  getStaffStatus: { input: () => ({}) },
  getSyncOverview: { input: () => ({}) },
  retryDeadLetter: { input: () => ({ id: 1 }) },
  discardDeadLetter: { input: () => ({ id: 1 }) },
  getScannerOverview: { input: () => ({}) },
  getWedgeSettings: { input: () => ({}) },
  submitWedgeScan: { input: () => ({ data: '4901234567894' }) },
  injectSimulatedScan: { input: () => ({ data: '4901234567894' }) },
  lookupMember: { input: () => ({ memberNo: TARO }) },
  getRegisterState: { input: () => ({}) },
  registerOpenScan: { input: () => ({ scanId: 'no-such-scan' }) },
  registerOpenMember: { input: () => ({ memberNo: TARO }) },
  registerConfirm: { input: () => ({ clientRequestId: uuid(), kind: 'topup', memberNo: TARO, amount: 100, cashReceived: 100 }) },
  registerVoidLast: { input: () => ({ clientRequestId: uuid(), targetClientRequestId: uuid() }) },
  registerEndOfDay: { input: () => ({}) },
  registerRecordCount: { input: () => ({ day: '2026-01-05', counted: 0 }) },
  registerExportCsv: { input: () => ({ day: '2026-01-05', language: 'ja', encoding: 'utf8-bom' }) },
  registerFlagged: { input: () => ({}) },
  registerResolveFlag: { input: () => ({ clientRequestId: uuid(), outcome: 'cash', note: 'role check' }) },
  registerReceiptPreview: { input: () => ({ clientRequestId: uuid() }) },
  registerReprintLast: { input: () => ({}) },
  counterCheckCard: { input: () => ({ memberNo: TARO }) },
  counterStart: { input: () => ({ flow: 'lookup', memberNo: TARO, birthDate: '2005-04-12', via: 'typed', language: 'ja' }) },
  counterGetFlow: { input: () => ({}) },
  counterBack: { input: () => ({}) },
  counterCancel: { input: () => ({}) },
  counterSetEmail: { input: () => ({ email: 'taro.yamada@example.ac.jp', emailConfirm: 'taro.yamada@example.ac.jp' }) },
  counterContinue: { input: () => ({}) },
  counterSendCode: { input: () => ({}) },
  counterResendCode: { input: () => ({}) },
  counterConfirmCode: { input: () => ({ code: '123456' }) },
  counterSaveProfile: {
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
  counterSubmit: { input: () => ({}) },
  counterPrintHandoffSlip: { input: () => ({ language: 'en' }) },
  lookupPostalCode: { input: () => ({ postalCode: '1500002' }) },
  getRegistrationCatalog: { input: () => ({}) },
  listEmailChangeRequests: { input: () => ({}) },
  openEmailChangeRequest: { input: () => ({ requestId: uuid() }) },
  decideEmailChangeRequest: { input: () => ({ requestId: uuid(), decision: 'reject', reason: 'role check' }) },
  wipeKiosk: { input: () => ({ confirm: 'WIPE' }) },
  getRecentLog: { input: () => ({}) },
  exportLog: { input: () => ({}) },
  getSettings: { input: () => ({}) },
  updateSettings: { input: () => ({ edits: {} }) },
  getNomenclature: { input: () => ({}) },
  saveNomenclature: { input: () => ({ ruleSet: { version: 1, rules: [] } }) },
  resetNomenclature: { input: () => ({}) },
  importNomenclature: { input: () => ({ text: '{"version":1,"rules":[]}' }) },
  exportNomenclature: { input: () => ({}) },
  testScan: { input: () => ({ code: 'A37859+B' }) },
  getCatalog: { input: () => ({}) },
  previewCatalogCsv: { input: () => ({ base64: Buffer.from('大学,学部\nA大学,B学部\n').toString('base64') }) },
  exportSetupFile: { input: () => ({}) },
  previewSetupFile: { input: () => ({ text: '{}' }) },
  applySetupFile: { input: () => ({ text: '{}' }) },
  saveCatalog: { input: () => ({ catalog: { universities: [{ name: 'A', faculties: ['B'] }] } }) },
  counterSetRepairProblems: { input: () => ({ problems: ['login_error'] }) },
  listRepairRequests: { input: () => ({}) },
  setRepairRequestStatus: { input: () => ({ requestId: uuid(), status: 'in_progress' }) },
  getPrinterOverview: { input: () => ({}) },
  registerOpenDrawer: { input: () => ({}) },
  // An approval by no one: past the role check, refused by the approval (pin_wrong), so nothing stops.
  kioskStop: { input: () => ({ approval: { staffNo: '9999', pin: '9876' } }) },
  kioskRestart: { input: () => ({ approval: { staffNo: '9999', pin: '9876' } }) },
  getStartFailure: { input: () => ({}) },
  acknowledgeStartFailure: { input: () => ({}) },
  setupCheckCode: { input: () => ({ code: '12345678' }) },
  setupCreateAdmin: { input: () => ({ code: '12345678', staffNo: '4001', pin: '2580' }) },
};

const PINS: Record<Role, string> = { cashier: '1111', supervisor: '2222', admin: '3333' };
const RANK: Record<Need, number> = { none: 0, cashier: 1, supervisor: 2, admin: 3 };
const STAFF_NO: Record<Role, string> = { cashier: '1001', supervisor: '2001', admin: '3001' };
const need = (method: KioskMethod): Need => METHOD_ACCESS[method].session;
const AUTH_CODES = ['not_signed_in', 'forbidden', 'unauthorized'];

let temp: ReturnType<typeof makeTempDir>;
let portal: Awaited<ReturnType<typeof startPortalServer>>;
let core: KioskCore;

beforeAll(async () => {
  temp = makeTempDir('role-checks-');
  portal = await startPortalServer({ port: 0, dbPath: ':memory:', mode: 'demo' });
  // Both scanner sources whose methods are classified here: the simulator and the keyboard wedge.
  core = await startTestCore(temp.dir, { env: { KIOSK_SCANNERS: 'sim,wedge' }, healthIntervalMs: 200 }, portal.url);
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
    const result = await core.call('staffSignIn', { staffNo: STAFF_NO[level], pin: PINS[level] });
    if (!result.ok) throw new Error(`sign-in as ${level} failed: ${result.error.code}`);
  }
}

describe('the role table', () => {
  it('classifies every kiosk API method in the one table the core enforces, and has a sample input for each', () => {
    const unclassified = KIOSK_METHODS.filter((method) => !(method in METHOD_ACCESS) || !(method in SAMPLE));
    const stale = [...Object.keys(METHOD_ACCESS), ...Object.keys(SAMPLE)].filter((method) => !(KIOSK_METHODS as string[]).includes(method));
    expect(unclassified).toEqual([]);
    expect(stale).toEqual([]);
  });

  it('every sample input passes the method’s input schema, so only the role check can refuse it', () => {
    const invalid = KIOSK_METHODS.filter((method) => !kioskApi[method].input.safeParse(SAMPLE[method].input()).success);
    expect(invalid).toEqual([]);
  });
});

describe.each(['nobody', 'cashier', 'supervisor', 'admin'] as const)('signed in as %s', (level) => {
  const rank = level === 'nobody' ? 0 : RANK[level];
  const privileged = KIOSK_METHODS.filter((method) => RANK[need(method)] > 0);

  it('privileged methods above this role are refused before they do anything', async () => {
    await signInAs(level);
    const auditBefore = (core.services()?.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    for (const method of privileged.filter((m) => RANK[need(m)] > rank)) {
      const result = await core.call(method, SAMPLE[method].input());
      expect([method, result.ok ? 'ok' : result.error.code]).toEqual([method, level === 'nobody' ? 'not_signed_in' : 'forbidden']);
    }
    // A refused call writes nothing (not even an audit row).
    expect((core.services()?.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(auditBefore);
  });

  it('methods up to this role pass the role check', async () => {
    await signInAs(level);
    for (const method of KIOSK_METHODS.filter((m) => RANK[need(m)] <= rank)) {
      const result = await core.call(method, SAMPLE[method].input());
      expect([method, result.ok ? 'ok' : AUTH_CODES.includes(result.error.code) ? result.error.code : 'passed']).toEqual([method, result.ok ? 'ok' : 'passed']);
      // Calls that change the session itself: restore it for the next method.
      if (method === 'staffSignIn' || method === 'staffSignOut') await signInAs(level);
    }
  });
});

describe('actions a supervisor approves (one-shot, never a sign-in)', () => {
  const approved = KIOSK_METHODS.filter((method) => METHOD_ACCESS[method].approval === 'supervisor');

  it('the table names them: void, email-change decision, flag resolution, dead-letter discard, opening the drawer', () => {
    expect([...approved].sort()).toEqual(['decideEmailChangeRequest', 'discardDeadLetter', 'registerOpenDrawer', 'registerResolveFlag', 'registerVoidLast']);
  });

  it('a cashier alone, or with a cashier’s approval, is refused; a wrong PIN is pin_wrong; the session stays the cashier’s', async () => {
    await signInAs('cashier');
    expect(await core.call('registerOpenMember', { memberNo: TARO })).toMatchObject({ ok: true });
    for (const method of approved) {
      const withTarget = async () => {
        if (method !== 'registerVoidLast') return SAMPLE[method].input() as Record<string, unknown>;
        const sale = await core.invoke('registerConfirm', { clientRequestId: uuid(), kind: 'topup', memberNo: TARO, amount: 500, cashReceived: 500 });
        if (!sale.ok) throw new Error(sale.error.code);
        return { clientRequestId: uuid(), targetClientRequestId: sale.value.transaction.clientRequestId };
      };
      const input = await withTarget();
      expect([method, await codeOf(core.call(method, input))]).toEqual([method, 'supervisor_required']);
      expect([method, await codeOf(core.call(method, { ...input, approval: { staffNo: '1001', pin: PINS.cashier } }))]).toEqual([method, 'supervisor_required']);
      expect([method, await codeOf(core.call(method, { ...input, approval: { staffNo: '2001', pin: '9876' } }))]).toEqual([method, 'pin_wrong']);
      // The supervisor's approval passes the check (whatever the business answer), and the cashier stays signed in.
      expect(AUTH_CODES.concat('supervisor_required', 'pin_wrong')).not.toContain(await codeOf(core.call(method, { ...input, approval: { staffNo: '2001', pin: PINS.supervisor } })));
      expect((await core.invoke('getStaffSession', {})).ok && (await core.invoke('getStaffSession', {}))).toMatchObject({ value: { staff: { role: 'cashier' } } });
    }
  });
});

async function codeOf(call: Promise<{ ok: boolean; error?: { code: string } }>): Promise<string> {
  const result = await call;
  return result.ok ? 'ok' : (result.error?.code ?? 'none');
}
