import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import type { SqliteDatabase } from '../../../src/main/db/database';
import { readAudit } from '../../../src/main/staff/audit';
import type { KioskErrorShape } from '../../../src/shared/errors';
import type { CounterFlowView } from '../../../src/shared/api/registration';
import type { KioskInput, KioskMethod, KioskOutput } from '../../../src/shared/kiosk-api';
import { startPortalServer, type PortalServerHandle } from '../../../src/portal/server';
import { DEFAULT_LIMITS, type PortalLimits } from '../../../src/portal/service';
import { makeTempDir } from '../../helpers/temp-dir';

/** A portal and a kiosk core whose clocks the test moves; the portal keeps its file across restarts. */
class Rig {
  portalNow = Date.UTC(2026, 3, 1, 9, 0, 0);
  kioskNow = Date.UTC(2026, 3, 1, 9, 0, 0);
  portal: PortalServerHandle | null = null;
  core: KioskCore | null = null;
  port = 0;
  logs: string[] = [];
  /** The portal's limits (defaults unless a test configures others). */
  limits: Partial<PortalLimits> = {};

  constructor(readonly dir: string) {}

  async startPortal(): Promise<void> {
    this.portal = await startPortalServer({ port: this.port, dbPath: join(this.dir, 'portal.sqlite'), mode: 'demo', now: () => this.portalNow, limits: this.limits });
    this.port = this.portal.port;
  }

  async stopPortal(): Promise<void> {
    await this.portal?.close();
    this.portal = null;
  }

  async startCore(): Promise<KioskCore> {
    const config = { ...loadConfig({ KIOSK_DATA_DIR: join(this.dir, 'kiosk'), KIOSK_HEALTH_INTERVAL_SECONDS: '0.2' }) };
    this.core = await KioskCore.create({
      config,
      hostMode: 'web',
      version: '0.0.0-test',
      portal: { url: `http://127.0.0.1:${this.port}`, embedded: false },
      demo: true,
      now: () => this.kioskNow,
      log: (line) => this.logs.push(line),
    });
    return this.core;
  }

  async call<M extends KioskMethod>(method: M, input: KioskInput<M>): Promise<KioskOutput<M>> {
    const result = await (this.core as KioskCore).invoke(method, input);
    if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.code}`), { shape: result.error });
    return result.value;
  }

  /** The failure as it crossed the boundary; details read loosely, whatever the code. */
  async fail<M extends KioskMethod>(method: M, input: KioskInput<M>): Promise<{ code: KioskErrorShape['code']; message: string; details?: Record<string, unknown> }> {
    const result = await (this.core as KioskCore).invoke(method, input);
    if (result.ok) throw new Error(`${method} was expected to fail`);
    return result.error;
  }

  /** The last code the portal "mailed" to `email`. */
  lastCode(email: string): string {
    const messages = (this.portal as PortalServerHandle).service.listMessages({ recipient: email, channel: 'email' });
    const withCode = messages.filter((m) => typeof (m.meta as { code?: unknown }).code === 'string');
    const last = withCode.at(-1);
    if (!last) throw new Error(`no code was mailed to ${email}`);
    return (last.meta as { code: string }).code;
  }

  messages(email: string) {
    return (this.portal as PortalServerHandle).service.listMessages({ recipient: email, channel: 'email' });
  }

  async waitOnline(): Promise<void> {
    await this.until(async () => (await this.call('getKioskState', {})).connectivity.state === 'online', 'online');
  }

  async waitOffline(): Promise<void> {
    await this.until(async () => (await this.call('getKioskState', {})).connectivity.state === 'offline', 'offline');
  }

  async until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
    for (let i = 0; i < 400; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`gave up waiting for ${what}`);
  }

  async close(): Promise<void> {
    await this.core?.close();
    await this.portal?.close();
  }
}

const TARO = { memberNo: '2024000001', birthDate: '2005-04-12', email: 'taro.yamada@example.ac.jp' };
const PROFILE = {
  name: '山田 太郎',
  nameKana: 'ヤマダ\u3000タロウ',
  phone: '09055550123',
  postalCode: '980-0811',
  address: { prefecture: '宮城県', city: '仙台市青葉区', town: '一番町', line: '4-1-1 コープハイツ 305' },
  university: '生協大学',
  faculty: '工学部',
  studentNo: 'E24-0001',
  remarks: '午後に連絡希望ゼブラ',
};

let temp: ReturnType<typeof makeTempDir>;
let rig: Rig;

beforeEach(async () => {
  temp = makeTempDir('counter-flows-');
  rig = new Rig(temp.dir);
  await rig.startPortal();
  await rig.startCore();
  await rig.waitOnline();
});
afterEach(async () => {
  await rig.close();
  temp.cleanup();
});

async function startSignup(language: 'ja' | 'en' = 'ja'): Promise<CounterFlowView> {
  return rig.call('counterStart', { flow: 'signup', memberNo: TARO.memberNo, birthDate: TARO.birthDate, via: 'card', language });
}

/** Every file of the kiosk's data folder (database, WAL, key excluded), as one buffer. */
function kioskFiles(): Buffer {
  const dir = join(temp.dir, 'kiosk');
  // Every file, the log files under logs/ included.
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name !== 'draft.key');
  return Buffer.concat(entries.map((entry) => readFileSync(join(entry.parentPath, entry.name))));
}

describe('sign-up at the counter', () => {
  it('identifies, verifies the code, pre-fills, normalises and submits; afterwards nothing personal is readable on disk or in the logs', async () => {
    expect((await rig.fail('counterStart', { flow: 'signup', memberNo: TARO.memberNo, birthDate: '2005-04-13', via: 'typed', language: 'ja' })).code).toBe('birthdate_mismatch');
    expect((await rig.fail('counterStart', { flow: 'signup', memberNo: '2099999999', birthDate: '2005-04-12', via: 'typed', language: 'ja' })).code).toBe('member_not_found');

    let flow = await startSignup();
    expect(flow).toMatchObject({ flow: 'signup', step: 'email', member: { maskedEmail: 't***@e***.jp', source: 'portal' }, resumed: false });
    expect(flow.profile).toMatchObject({ name: '山田 太郎', nameKana: 'ヤマダ\u3000タロウ', phone: '09012345678', university: '生協大学', faculty: '工学部' });

    expect((await rig.fail('counterSetEmail', { email: TARO.email, emailConfirm: 'taro.yamada@example.ac.jq' })).code).toBe('email_mismatch');
    flow = await rig.call('counterSetEmail', { email: TARO.email, emailConfirm: TARO.email });
    expect(flow).toMatchObject({ emailMatchesRegistered: true, carrier: null, step: 'email' });
    flow = await rig.call('counterSendCode', {});
    expect(flow.step).toBe('code');
    expect(flow.code).toMatchObject({ attemptsRemaining: 5, codesRemaining: 9, verified: false });
    flow = await rig.call('counterConfirmCode', { code: rig.lastCode(TARO.email) });
    expect(flow.step).toBe('info');

    // The core checks the info again: a landline is refused; furigana spacing and the postal code are normalised.
    expect((await rig.fail('counterSaveProfile', { profile: { ...PROFILE, phone: '0312345678' } })).code).toBe('invalid_input');
    flow = await rig.call('counterSaveProfile', { profile: { ...PROFILE, nameKana: 'ヤマダ タロウ', postalCode: '9800811' } });
    expect(flow.step).toBe('confirm');
    expect(flow.profile).toMatchObject({ phone: '09055550123', postalCode: '980-0811', nameKana: 'ヤマダ\u3000タロウ' });

    // While a draft exists its personal data is sealed: the e-mail and phone are not in the files.
    expect(kioskFiles().includes(Buffer.from('09055550123'))).toBe(false);
    expect(kioskFiles().includes(Buffer.from(TARO.email))).toBe(false);

    flow = await rig.call('counterSubmit', {});
    expect(flow.step).toBe('done');
    await rig.until(async () => (await rig.call('counterGetFlow', {}))?.submission?.state === 'applied', 'the sign-up applied');
    expect((await rig.call('counterGetFlow', {}))?.submission).toMatchObject({ state: 'applied', signupStatus: 'completed' });
    expect(rig.messages(TARO.email).some((m) => m.subject.includes('登録完了'))).toBe(true);
    const member = (rig.portal as PortalServerHandle).service.identifyMember(TARO.memberNo, TARO.birthDate);
    expect(member).toMatchObject({ portalRegistered: true, nameKana: 'ヤマダ\u3000タロウ', profile: { phone: '+819055550123' } });

    await rig.call('endSession', {});
    expect(await rig.call('counterGetFlow', {})).toBeNull();
    // Nothing the student typed is readable in the database, its WAL or the log lines.
    const files = kioskFiles();
    const logs = rig.logs.join('\n');
    for (const secret of [TARO.email, '09055550123', '+819055550123', 'コープハイツ', '午後に連絡希望ゼブラ', 'E24-0001']) {
      expect(files.includes(Buffer.from(secret)), `${secret} in the data folder`).toBe(false);
      expect(logs.includes(secret), `${secret} in the logs`).toBe(false);
    }
    expect(logs.includes('山田')).toBe(false);
    // The key file is the owner's alone.
    expect(statSync(join(temp.dir, 'kiosk', 'draft.key')).mode & 0o777).toBe(0o600);
  });

  it('maps every code limit to its own error: wrong (tries left), tries exhausted, cooldown, expiry, generation cap', async () => {
    await startSignup();
    await rig.call('counterSetEmail', { email: TARO.email, emailConfirm: TARO.email });
    await rig.call('counterSendCode', {});
    const right = rig.lastCode(TARO.email);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 4; i >= 1; i--) {
      const error = await rig.fail('counterConfirmCode', { code: wrong });
      expect(error).toMatchObject({ code: 'code_wrong', details: { attemptsRemaining: i } });
    }
    expect((await rig.fail('counterConfirmCode', { code: wrong })).code).toBe('code_tries_exhausted');
    // The code is dead even when right now.
    expect((await rig.fail('counterConfirmCode', { code: right })).code).toBe('code_tries_exhausted');
    expect((await rig.call('counterGetFlow', {}))?.code?.attemptsRemaining).toBe(0);

    const cooldown = await rig.fail('counterResendCode', {});
    expect(cooldown.code).toBe('resend_cooldown');
    expect(cooldown.details?.retryAfterSeconds).toBeGreaterThan(0);

    rig.portalNow += 30_000;
    let flow = await rig.call('counterResendCode', {});
    expect(flow.code).toMatchObject({ attemptsRemaining: 5, codesRemaining: 8 });

    // Codes 3..10 inside one 10-minute window, then the address is locked.
    for (let n = 3; n <= 10; n++) {
      rig.portalNow += 31_000;
      flow = await rig.call('counterResendCode', {});
    }
    expect(flow.code?.codesRemaining).toBe(0);
    rig.portalNow += 31_000;
    const capped = await rig.fail('counterResendCode', {});
    expect(capped.code).toBe('code_generation_limit');
    expect(capped.details?.retryAfterSeconds).toBeGreaterThan(0);

    // Once the lock is over a new code comes; left 10 minutes it expires.
    rig.portalNow += 11 * 60_000;
    await rig.call('counterResendCode', {});
    rig.portalNow += 10 * 60_000;
    expect((await rig.fail('counterConfirmCode', { code: rig.lastCode(TARO.email) })).code).toBe('code_expired');
    rig.portalNow += 31_000;
    await rig.call('counterResendCode', {});
    expect((await rig.call('counterConfirmCode', { code: rig.lastCode(TARO.email) })).step).toBe('info');
  });

  it('resumes after a kiosk restart with the same card and birthdate; expires and wipes after its lifetime', async () => {
    await startSignup();
    await rig.call('counterSetEmail', { email: 'hanako.new@docomo.ne.jp', emailConfirm: 'hanako.new@docomo.ne.jp' });
    const flow = await rig.call('counterSendCode', {});
    expect(flow).toMatchObject({ carrier: 'docomo', emailMatchesRegistered: false, step: 'code' });

    await rig.core?.close();
    await rig.startCore();
    await rig.waitOnline();
    expect(await rig.call('counterGetFlow', {})).toBeNull();
    expect(await rig.call('counterCheckCard', { memberNo: TARO.memberNo })).toMatchObject({ draft: { flow: 'signup', step: 'code' } });
    expect((await rig.fail('counterStart', { flow: 'signup', memberNo: TARO.memberNo, birthDate: '2001-01-01', via: 'card', language: 'ja' })).code).toBe('birthdate_mismatch');
    const resumed = await startSignup('en');
    expect(resumed).toMatchObject({ resumed: true, step: 'code', email: 'hanako.new@docomo.ne.jp' });
    expect((await rig.call('counterConfirmCode', { code: rig.lastCode('hanako.new@docomo.ne.jp') })).step).toBe('info');

    rig.kioskNow += 61 * 60_000;
    expect((await rig.fail('counterGetFlow', {})).code).toBe('draft_expired');
    expect(await rig.call('counterCheckCard', { memberNo: TARO.memberNo })).toEqual({ draft: null });
    expect(kioskFiles().includes(Buffer.from('hanako.new@docomo.ne.jp'))).toBe(false);
  });

  it('a saved draft survives 4 wrong birthdates (a right one resets the count) and is deleted at the 5th (checked on the kiosk, before any portal call)', async () => {
    await startSignup();
    await rig.call('counterSetEmail', { email: 'guess.me@docomo.ne.jp', emailConfirm: 'guess.me@docomo.ne.jp' });
    await rig.call('counterSendCode', {});
    const guess = () => rig.fail('counterStart', { flow: 'signup', memberNo: TARO.memberNo, birthDate: '2001-01-01', via: 'card', language: 'ja' });
    const remaining: unknown[] = [];
    for (let i = 0; i < 4; i++) remaining.push((await guess()).details?.attemptsRemaining);
    expect(remaining).toEqual([4, 3, 2, 1]);
    // The right birthdate resumes and resets the count.
    expect(await startSignup()).toMatchObject({ resumed: true, email: 'guess.me@docomo.ne.jp' });
    expect((await guess()).details?.attemptsRemaining).toBe(4);
    for (let i = 0; i < 3; i++) await guess();
    const fifth = await guess();
    expect([fifth.code, fifth.details?.maxWrong]).toEqual(['draft_discarded', 5]);
    expect(await rig.call('counterCheckCard', { memberNo: TARO.memberNo })).toEqual({ draft: null });
    const db = rig.core?.services()?.db as SqliteDatabase;
    expect(db.prepare('SELECT count(*) AS n FROM counter_drafts').get()).toEqual({ n: 0 });
  });

  it('a draft deleted while a portal call is awaited (the admin wipe) is not written back', async () => {
    await startSignup();
    await rig.call('counterSetEmail', { email: 'gone.soon@docomo.ne.jp', emailConfirm: 'gone.soon@docomo.ne.jp' });
    const db = rig.core?.services()?.db as SqliteDatabase;
    // The wipe lands while the code request is on its way to the portal.
    const sending = rig.core?.call('counterSendCode', {});
    db.prepare('DELETE FROM counter_drafts').run();
    expect(await sending).toMatchObject({ ok: false, error: { code: 'flow_not_active' } });
    expect(db.prepare('SELECT count(*) AS n FROM counter_drafts').get()).toEqual({ n: 0 });
    expect(await rig.call('counterGetFlow', {})).toBeNull();
  });

  it('cancel wipes the draft at once; back walks the steps and never leaves a dead end', async () => {
    await startSignup();
    expect((await rig.fail('counterBack', {})).code).toBe('invalid_step');
    await rig.call('counterSetEmail', { email: TARO.email, emailConfirm: TARO.email });
    await rig.call('counterSendCode', {});
    expect((await rig.call('counterBack', {})).step).toBe('email');
    // Forward again with the same address reuses the live code (no second mail).
    expect((await rig.call('counterSendCode', {})).step).toBe('code');
    expect(rig.messages(TARO.email)).toHaveLength(1);
    await rig.call('counterCancel', {});
    expect(await rig.call('counterCheckCard', { memberNo: TARO.memberNo })).toEqual({ draft: null });
    expect((await rig.fail('counterSendCode', {})).code).toBe('flow_not_active');
  });

  it('refuses a registered member and a suspended one, each with its own code', async () => {
    expect((await rig.fail('counterStart', { flow: 'signup', memberNo: '2024000003', birthDate: '2004-11-05', via: 'card', language: 'ja' })).code).toBe('already_registered');
    expect((await rig.fail('counterStart', { flow: 'signup', memberNo: '2024000005', birthDate: '2003-02-14', via: 'card', language: 'ja' })).code).toBe('member_not_active');
    // "Which address is registered?" works for anyone identified, and says when there is none.
    const lookup = await rig.call('counterStart', { flow: 'lookup', memberNo: '2024000005', birthDate: '2003-02-14', via: 'typed', language: 'ja' });
    expect(lookup).toMatchObject({ step: 'shown', member: { maskedEmail: null } });
  });

  it('offline: the sign-up is queued without a code; when the portal is back it applies and the portal mails the sign-up link', async () => {
    await startSignup();
    await rig.stopPortal();
    await rig.waitOffline();
    await rig.call('counterSetEmail', { email: TARO.email, emailConfirm: TARO.email });
    let flow = await rig.call('counterSendCode', {});
    expect(flow).toMatchObject({ step: 'info', deferredVerification: true });
    await rig.call('counterSaveProfile', { profile: PROFILE });
    flow = await rig.call('counterSubmit', {});
    expect(flow.submission).toMatchObject({ state: 'queued' });

    await rig.startPortal();
    await rig.until(async () => (await rig.call('counterGetFlow', {}))?.submission?.state === 'applied', 'the queued sign-up applied');
    expect((await rig.call('counterGetFlow', {}))?.submission).toMatchObject({ signupStatus: 'pending_email_confirmation' });
    expect(rig.messages(TARO.email).some((m) => m.body.includes('/signup/'))).toBe(true);
  });
});

describe('the portal’s own limits reach the messages', () => {
  it('a portal with 5-minute codes and 3 codes per address: the code state and the errors carry its numbers', async () => {
    await rig.stopPortal();
    rig.limits = { verification: { ...DEFAULT_LIMITS.verification, codeTtlMs: 5 * 60_000, maxCodesPerAddress: 3, resendCooldownMs: 0 } };
    await rig.startPortal();
    await rig.waitOnline();
    await startSignup('en');
    await rig.call('counterSetEmail', { email: TARO.email, emailConfirm: TARO.email });
    let flow = await rig.call('counterSendCode', {});
    expect(flow.code).toMatchObject({ lifetimeMs: 5 * 60_000, codesRemaining: 2 });
    // The lifetime is the portal's (its sending time), not the kiosk's clock, which is off here.
    rig.kioskNow += 3 * 60_000;
    flow = await rig.call('counterResendCode', {});
    expect(flow.code).toMatchObject({ lifetimeMs: 5 * 60_000, codesRemaining: 1 });
    await rig.call('counterResendCode', {});
    const capped = await rig.fail('counterResendCode', {});
    expect(capped).toMatchObject({ code: 'code_generation_limit', details: { maxCodes: 3, retryAfterSeconds: 5 * 60 } });

    rig.portalNow += 5 * 60_000;
    const expired = await rig.fail('counterConfirmCode', { code: rig.lastCode(TARO.email) });
    expect(expired).toMatchObject({ code: 'code_expired', details: { codeLifetimeSeconds: 5 * 60 } });
    // The mail states the same lifetime.
    expect(rig.messages(TARO.email).at(-1)?.body).toMatch(/5分|5 minutes/);
  });
});

describe('birthdate guessing', () => {
  it('the portal’s lock becomes identify_locked with the wait, refuses the right birthdate too, and is never taken for "offline"', async () => {
    const typed = (birthDate: string) => ({ flow: 'signup' as const, memberNo: TARO.memberNo, birthDate, via: 'typed' as const, language: 'ja' as const });
    for (let left = 4; left >= 1; left--) {
      expect(await rig.fail('counterStart', typed('2005-04-13'))).toMatchObject({ code: 'birthdate_mismatch', details: { attemptsRemaining: left } });
    }
    const locked = await rig.fail('counterStart', typed('2005-04-13'));
    expect(locked).toMatchObject({ code: 'identify_locked', details: { retryAfterSeconds: 15 * 60, maxWrongBirthdates: 5 } });
    // The right birthdate is refused as well: no flow, and no offline fallback to the roster.
    expect((await rig.fail('counterStart', typed(TARO.birthDate))).code).toBe('identify_locked');
    expect((await rig.fail('counterStart', { ...typed(TARO.birthDate), flow: 'lookup' })).code).toBe('identify_locked');
    expect(await rig.call('counterGetFlow', {})).toBeNull();

    rig.portalNow += 15 * 60_000;
    expect(await startSignup()).toMatchObject({ step: 'email', member: { source: 'portal' } });
  });
});

describe('email change at the counter', () => {
  const HANAKO = { memberNo: '2024000002', birthDate: '2006-01-23' };
  const NEW = 'hanako.sato@example.ac.jp';

  async function request(): Promise<CounterFlowView> {
    let flow = await rig.call('counterStart', { flow: 'emailChange', ...HANAKO, via: 'card', language: 'ja' });
    expect(flow).toMatchObject({ step: 'current', member: { maskedEmail: 'h***@d***.jp' }, emailChanges: [] });
    flow = await rig.call('counterContinue', {});
    await rig.call('counterSetEmail', { email: NEW, emailConfirm: NEW });
    flow = await rig.call('counterSendCode', {});
    expect(flow.step).toBe('code');
    flow = await rig.call('counterConfirmCode', { code: rig.lastCode(NEW) });
    expect(flow.step).toBe('done');
    await rig.until(async () => (await rig.call('counterGetFlow', {}))?.submission?.state === 'applied', 'the request applied');
    await rig.call('endSession', {});
    return flow;
  }

  it('waits for staff; approval needs the PIN again, is audited, and a later scan shows the status', async () => {
    await request();
    expect((await rig.fail('listEmailChangeRequests', {})).code).toBe('not_signed_in');
    await rig.call('staffSignIn', { staffNo: '1001', pin: '1111' });
    const { items } = await rig.call('listEmailChangeRequests', {});
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ memberNo: HANAKO.memberNo, status: 'requested', maskedNewEmail: 'h***@e***.jp', queued: false });
    const requestId = items[0]?.requestId as string;
    expect((await rig.fail('decideEmailChangeRequest', { requestId, decision: 'approve', approval: { staffNo: '2001', pin: '9999' } })).code).toBe('pin_wrong');
    // A cashier cannot decide: supervisor or admin.
    expect((await rig.fail('decideEmailChangeRequest', { requestId, decision: 'approve', approval: { staffNo: '1001', pin: '1111' } })).code).toBe('supervisor_required');
    expect((await rig.fail('decideEmailChangeRequest', { requestId, decision: 'approve' })).code).toBe('supervisor_required');
    const decided = await rig.call('decideEmailChangeRequest', { requestId, decision: 'approve', approval: { staffNo: '2001', pin: '2222' } });
    expect(decided.status).toBe('approved');
    // Finding 1: the approval is an authorisation, never a sign-in: the cashier is still the one signed in.
    expect((await rig.call('getStaffSession', {}))?.staff).toMatchObject({ id: 'demo-cashier', role: 'cashier' });
    expect((await rig.fail('registerVoidLast', { clientRequestId: randomUUID(), targetClientRequestId: randomUUID() })).code).toBe('void_not_allowed');
    // A failed decision (no such request) leaves the session as it was too.
    expect((await rig.fail('decideEmailChangeRequest', { requestId: randomUUID(), decision: 'approve', approval: { staffNo: '2001', pin: '2222' } })).code).not.toBe('ok');
    expect((await rig.call('getStaffSession', {}))?.staff.role).toBe('cashier');
    const audit = readAudit(rig.core?.services()?.db as never, 20);
    expect(audit.find((entry) => entry.action === 'email_change.approve')).toMatchObject({ staffId: 'demo-cashier', detail: { requestId, memberNo: HANAKO.memberNo, approverId: 'demo-supervisor' } });

    // A later scan: the status is shown, and a second request is refused while one is open.
    const later = await rig.call('counterStart', { flow: 'emailChange', ...HANAKO, via: 'card', language: 'en' });
    expect(later.emailChanges[0]).toMatchObject({ status: 'approved', maskedNewEmail: 'h***@e***.jp' });
    expect((await rig.fail('counterContinue', {})).code).toBe('email_change_pending');
  });

  it('a rejection is shown as rejected, with the reason', async () => {
    await request();
    await rig.call('staffSignIn', { staffNo: '1001', pin: '1111' });
    const requestId = (await rig.call('listEmailChangeRequests', {})).items[0]?.requestId as string;
    const admin = { staffNo: '3001', pin: '3333' };
    expect((await rig.call('decideEmailChangeRequest', { requestId, decision: 'reject', approval: admin, reason: 'ID did not match' })).status).toBe('rejected');
    expect((await rig.fail('decideEmailChangeRequest', { requestId, decision: 'approve', approval: admin })).code).toBe('email_change_decided');
    // Finding 1: an admin's approval leaves no admin session behind (no wipe for the cashier).
    expect((await rig.call('getStaffSession', {}))?.staff.role).toBe('cashier');
    expect((await rig.fail('wipeKiosk', { confirm: 'WIPE' })).code).toBe('forbidden');
    // Finding 4: the reason lives at the portal; the append-only audit keeps its length only.
    const rejection = readAudit(rig.core?.services()?.db as never, 50).find((entry) => entry.action === 'email_change.reject');
    expect(rejection?.detail).toMatchObject({ reasonLength: 'ID did not match'.length, approverId: 'demo-admin' });
    expect(JSON.stringify(readAudit(rig.core?.services()?.db as never, 500))).not.toContain('ID did not match');
    const later = await rig.call('counterStart', { flow: 'lookup', ...HANAKO, via: 'typed', language: 'ja' });
    expect(later.emailChanges[0]).toMatchObject({ status: 'rejected', reason: 'ID did not match' });
  });

  it('needs the portal: offline it says so instead of starting', async () => {
    await rig.stopPortal();
    await rig.waitOffline();
    expect((await rig.fail('counterStart', { flow: 'emailChange', ...HANAKO, via: 'card', language: 'ja' })).code).toBe('portal_offline');
  });
});

describe('postal codes and lists', () => {
  it('looks a postal code up offline from the shipped data set', async () => {
    expect(await rig.call('lookupPostalCode', { postalCode: '980-0811' })).toEqual({ candidates: [{ prefecture: '宮城県', city: '仙台市青葉区', town: '一番町' }] });
    expect(await rig.call('lookupPostalCode', { postalCode: '0000000' })).toEqual({ candidates: [] });
    expect((await rig.call('getRegistrationCatalog', {})).universities[0]?.faculties).toContain('工学部');
  });
});
