import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalServerHandle } from '../../../src/portal/server';
import { DEMO_DEVICE_ID, DEMO_DEVICE_SECRET } from '../../../src/portal/demo-seed';
import { deviceToken, http, newDevice, startTestPortal, setFaults, clearFaults } from '../../fixtures/portal/harness';

let portal: PortalServerHandle;
let now = Date.UTC(2026, 3, 1, 9, 0, 0);
const clock = () => now;

beforeAll(async () => {
  portal = await startTestPortal({ now: clock });
});
afterAll(async () => {
  await portal.close();
});

async function authed() {
  const device = await newDevice(portal.url);
  const token = await deviceToken(portal.url, device);
  let seq = 0;
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => http(portal.url, method, path, body, { authorization: `Bearer ${token}`, ...headers });
  const op = (payload: Record<string, unknown>, extra: { clientRequestId?: string; seq?: number } = {}) => ({ clientRequestId: extra.clientRequestId ?? randomUUID(), seq: extra.seq ?? ++seq, payload });
  return { device, token, call, op, nextSeq: () => ++seq };
}

describe('reference portal: basics and strictness', () => {
  it('health without auth; demo device signs in; wrong secret 401; no token 401', async () => {
    const health = await http(portal.url, 'GET', '/v1/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', version: expect.any(String) });
    expect((await http(portal.url, 'POST', '/v1/auth/device-token', { deviceId: DEMO_DEVICE_ID, secret: DEMO_DEVICE_SECRET })).status).toBe(200);
    const bad = await http(portal.url, 'POST', '/v1/auth/device-token', { deviceId: DEMO_DEVICE_ID, secret: 'wrong-secret' });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.code).toBe('invalid_device_credentials');
    const none = await http(portal.url, 'GET', '/v1/members/2024000001');
    expect([none.status, none.body.code]).toEqual([401, 'unauthorized']);
  });

  it('unknown fields, wrong types, bad JSON and unknown query parameters are 400 with pointers', async () => {
    const { call, op } = await authed();
    const extra = await call('POST', '/v1/wallet/topups', { ...op({ memberNo: '2024000001', amount: 100 }), surprise: 1 });
    expect([extra.status, extra.body.code]).toEqual([400, 'invalid_request']);
    expect(extra.body.errors).toContainEqual({ pointer: '/surprise', message: 'is not an allowed field' });
    const wrongType = await call('POST', '/v1/wallet/topups', op({ memberNo: 2024000001, amount: '100' }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/payload/memberNo', '/payload/amount']));
    const badJson = await call('POST', '/v1/members/identify', '{"memberNo":', {});
    expect(badJson.body.code).toBe('invalid_json');
    const q = await call('GET', '/v1/roster?limit=5&since=1');
    expect(q.status).toBe(400);
    expect((await call('DELETE', '/v1/roster')).status).toBe(405);
    expect((await call('GET', '/v1/nothing')).status).toBe(404);
  });

  it('member lookup by number, by card barcode, identify with birthdate', async () => {
    const { call } = await authed();
    const m = await call('GET', '/v1/members/2024000001');
    expect(m.body).toMatchObject({ memberNo: '2024000001', maskedEmail: 't***@e***.jp', balance: expect.any(Number) });
    const byCard = await call('GET', `/v1/members/by-card/${m.body.cardBarcode as string}`);
    expect(byCard.body.memberNo).toBe('2024000001');
    expect((await call('GET', '/v1/members/by-card/2024000001')).body.memberNo).toBe('2024000001');
    expect((await call('GET', '/v1/members/9999999999')).body.code).toBe('member_not_found');
    expect((await call('POST', '/v1/members/identify', { memberNo: '2024000001', birthDate: '2005-04-12' })).body.profile).toBeDefined();
    expect((await call('POST', '/v1/members/identify', { memberNo: '2024000001', birthDate: '2005-04-13' })).body.code).toBe('birthdate_mismatch');
  });
});

describe('idempotency and sequencing', () => {
  it('a repeat returns the first response; same id with another body is 422; in flight is 409', async () => {
    const { call, op, nextSeq } = await authed();
    const first = op({ memberNo: '2024000002', amount: 100 });
    const a = await call('POST', '/v1/wallet/topups', first);
    const b = await call('POST', '/v1/wallet/topups', first);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(b.body.result).toEqual(a.body.result);
    const other = await call('POST', '/v1/wallet/topups', { ...first, seq: nextSeq(), payload: { memberNo: '2024000002', amount: 999 } });
    expect([other.status, other.body.code]).toEqual([422, 'idempotency_key_reused']);
    await setFaults(portal.url, { latencyMs: 300 });
    const slow = op({ memberNo: '2024000002', amount: 50 });
    const [x, y] = await Promise.all([call('POST', '/v1/wallet/topups', slow), new Promise((r) => setTimeout(r, 60)).then(() => call('POST', '/v1/wallet/topups', slow))]);
    await clearFaults(portal.url);
    expect([x.status, y.status].sort()).toEqual([201, 409]);
    expect([x.body.code, y.body.code]).toContain('request_in_progress');
  });

  it('per-kiosk sequence: applied numbers are skipped (replayed), gaps refused', async () => {
    const { call, op } = await authed();
    const one = op({ memberNo: '2024000002', amount: 10 }, { seq: 1 });
    expect((await call('POST', '/v1/wallet/topups', one)).status).toBe(201);
    const gap = await call('POST', '/v1/wallet/topups', op({ memberNo: '2024000002', amount: 10 }, { seq: 5 }));
    expect([gap.status, gap.body.code, gap.body.details.expectedSeq]).toEqual([409, 'sequence_gap', 2]);
    const reuse = await call('POST', '/v1/wallet/topups', op({ memberNo: '2024000002', amount: 10 }, { seq: 1 }));
    expect(reuse.body.code).toBe('sequence_conflict');
    const batch = await call('POST', '/v1/batch', {
      operations: [
        { clientRequestId: one.clientRequestId, seq: 1, kind: 'wallet.topup', payload: one.payload },
        { clientRequestId: randomUUID(), seq: 2, kind: 'wallet.topup', payload: { memberNo: '2024000002', amount: 20 } },
        { clientRequestId: randomUUID(), seq: 3, kind: 'wallet.payment', payload: { memberNo: '2024000002', amount: 1, bogus: true } },
        { clientRequestId: randomUUID(), seq: 4, kind: 'wallet.topup', payload: { memberNo: '9999999999', amount: 20 } },
        { clientRequestId: randomUUID(), seq: 5, kind: 'wallet.topup', payload: { memberNo: '2024000002', amount: 20 } },
        { clientRequestId: randomUUID(), seq: 7, kind: 'wallet.topup', payload: { memberNo: '2024000002', amount: 20 } },
      ],
    });
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((r: { outcome: string; replayed: boolean }) => `${r.outcome}${r.replayed ? '*' : ''}`)).toEqual(['applied*', 'applied', 'rejected', 'rejected', 'applied', 'deferred']);
    expect(batch.body.results[2].problem.code).toBe('invalid_request');
    expect(batch.body.results[3].problem.code).toBe('member_not_found');
    expect(batch.body.results[5].problem.code).toBe('sequence_gap');
    expect(batch.body.lastSeq).toBe(5);
  });
});

describe('wallet rules and app tokens', () => {
  it('limits, balance, tokens used / expired, disabled kiosk', async () => {
    const { call, op, device } = await authed();
    const limit = await call('POST', '/v1/wallet/topups', op({ memberNo: '2024000001', amount: 60_000 }));
    expect([limit.status, limit.body.code, limit.body.outcome]).toEqual([422, 'account_money_topup_transfer_limit_exceeded', 'declined']);
    const over = await call('POST', '/v1/wallet/topups', op({ memberNo: '2024000004', amount: 10_000 }));
    expect(over.body.code).toBe('account_balance_exceeded');
    const poor = await call('POST', '/v1/wallet/payments', op({ memberNo: '2024000003', amount: 100_000 }));
    expect(poor.body.code).toBe('account_balance_not_enough');
    expect((await call('POST', '/v1/wallet/payments', op({ memberNo: '2024000005', amount: 1 }))).body.code).toBe('member_not_active');

    const minted = await http(portal.url, 'POST', '/admin/app-tokens', { memberNo: '2024000002', mode: 'pay', ttlSeconds: 60 });
    expect(minted.body.token).toHaveLength(22);
    const resolved = await call('POST', '/v1/app-tokens/resolve', { token: minted.body.token });
    expect(resolved.body).toMatchObject({ mode: 'pay', memberNo: '2024000002' });
    const paid = await call('POST', '/v1/wallet/payments', op({ memberNo: '2024000002', amount: 300, appToken: minted.body.token }));
    expect(paid.status).toBe(201);
    const again = await call('POST', '/v1/wallet/payments', op({ memberNo: '2024000002', amount: 300, appToken: minted.body.token }));
    expect(again.body.code).toBe('cpm_token_already_proceed');
    const short = await http(portal.url, 'POST', '/admin/app-tokens', { memberNo: '2024000002', mode: 'pay', ttlSeconds: 1 });
    now += 2_000;
    expect((await call('POST', '/v1/app-tokens/resolve', { token: short.body.token })).body.code).toBe('cpm_token_already_expired');

    // A void reverses a payment.
    const pay = op({ memberNo: '2024000002', amount: 200 });
    await call('POST', '/v1/wallet/payments', pay);
    const voided = await call('POST', '/v1/wallet/voids', op({ memberNo: '2024000002', targetClientRequestId: pay.clientRequestId, staffId: 's1', supervisorId: 's2' }));
    expect(voided.status).toBe(201);
    const twice = await call('POST', '/v1/wallet/voids', op({ memberNo: '2024000002', targetClientRequestId: pay.clientRequestId, staffId: 's1', supervisorId: 's2' }));
    expect(twice.body.code).toBe('transaction_already_voided');

    await http(portal.url, 'PATCH', `/admin/devices/${device.deviceId}`, { disabled: true });
    const disabled = await http(portal.url, 'POST', '/v1/auth/device-token', device);
    expect([disabled.status, disabled.body.code]).toEqual([403, 'terminal_is_invalidated']);
    const statement = await http(portal.url, 'GET', '/admin/ledger?memberNo=2024000003');
    expect(statement.body.declines.map((d: { code: string }) => d.code)).toContain('account_balance_not_enough');
  });
});

describe('verification codes, sign-ups and email changes', () => {
  const codeFor = async (email: string): Promise<string> => {
    const mail = await http(portal.url, 'GET', `/admin/messages?recipient=${encodeURIComponent(email)}`);
    return mail.body.messages.at(-1).meta.code as string;
  };

  it('6-digit codes: 5 wrong tries per code, cooldown, 10 codes per address then locked until expiry', async () => {
    const { call } = await authed();
    const email = `limits-${randomUUID().slice(0, 6)}@example.ac.jp`;
    const sent = await call('POST', '/v1/verifications', { purpose: 'signup', memberNo: '2024000001', email });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ codesRemaining: 9, attemptsRemaining: 5 });
    const code = await codeFor(email);
    expect(code).toMatch(/^\d{6}$/);
    const wrong = code === '000000' ? '111111' : '000000';
    const id = sent.body.verificationId as string;
    for (let i = 4; i >= 1; i--) {
      const r = await call('POST', `/v1/verifications/${id}/confirm`, { code: wrong });
      expect([r.body.code, r.body.details.attemptsRemaining]).toEqual(['verification_code_invalid', i]);
    }
    expect((await call('POST', `/v1/verifications/${id}/confirm`, { code: wrong })).body.code).toBe('verification_code_attempts_exceeded');
    expect((await call('POST', `/v1/verifications/${id}/confirm`, { code })).body.code).toBe('verification_code_attempts_exceeded');
    const cooldown = await call('POST', `/v1/verifications/${id}/resend`);
    expect([cooldown.status, cooldown.body.code]).toEqual([429, 'verification_resend_cooldown']);
    expect(Number(cooldown.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 2; i <= 10; i++) {
      now += 31_000;
      expect((await call('POST', `/v1/verifications/${id}/resend`)).status).toBe(201);
    }
    now += 31_000;
    const locked = await call('POST', `/v1/verifications/${id}/resend`);
    expect([locked.status, locked.body.code]).toEqual([429, 'verification_code_limit_reached']);
    // The latest code still works; an expired one does not.
    now += 11 * 60_000;
    expect((await call('POST', `/v1/verifications/${id}/confirm`, { code: await codeFor(email) })).body.code).toBe('verification_code_expired');
    expect((await call('POST', `/v1/verifications/${id}/resend`)).status).toBe(201);
    expect((await call('POST', `/v1/verifications/${id}/confirm`, { code: await codeFor(email) })).body).toEqual({ verificationId: id, verified: true });
  });

  it('sign-up with a verified code completes; without one a 60-minute sign-up mail goes out', async () => {
    const { call, op } = await authed();
    const email = 'taro.new@example.ac.jp';
    const v = await call('POST', '/v1/verifications', { purpose: 'signup', memberNo: '2024000001', email });
    await call('POST', `/v1/verifications/${v.body.verificationId as string}/confirm`, { code: await codeFor(email) });
    const profile = { name: '山田 太郎', nameKana: 'ヤマダ タロウ', phone: '+819012345678', postalCode: '113-0033', address: { prefecture: '東京都', city: '文京区', town: '本郷' }, university: '生協大学', faculty: '工学部', studentNo: 'E24-0001' };
    const done = await call('POST', '/v1/signups', op({ memberNo: '2024000001', email, verificationId: v.body.verificationId, profile }));
    expect([done.status, done.body.result.status]).toEqual([201, 'completed']);
    const queued = await call('POST', '/v1/signups', op({ memberNo: '2024000002', email: 'hanako@example.ac.jp', profile }));
    expect(queued.body.result.status).toBe('pending_email_confirmation');
    const mail = await http(portal.url, 'GET', '/admin/messages?recipient=hanako%40example.ac.jp');
    expect(mail.body.messages[0].meta.url).toMatch(/^https:\/\//);
    const badKana = await call('POST', '/v1/signups', op({ memberNo: '2024000002', email: 'x@example.ac.jp', profile: { ...profile, nameKana: 'やまだ' } }));
    expect(badKana.body.code).toBe('invalid_request');
  });

  it('email change: verified new address, staff approval, completion; status visible', async () => {
    const { call, op } = await authed();
    const email = 'ken.new@example.ac.jp';
    const v = await call('POST', '/v1/verifications', { purpose: 'email_change', memberNo: '2024000003', email });
    await call('POST', `/v1/verifications/${v.body.verificationId as string}/confirm`, { code: await codeFor(email) });
    const req = await call('POST', '/v1/email-changes', op({ memberNo: '2024000003', newEmail: email, verificationId: v.body.verificationId }));
    expect(req.body.result.status).toBe('requested');
    const id = req.body.result.requestId as string;
    const second = await call('POST', '/v1/email-changes', op({ memberNo: '2024000003', newEmail: email, verificationId: v.body.verificationId }));
    expect(second.body.code).toBe('email_change_pending');
    expect((await call('POST', `/v1/email-changes/${id}/decision`, { decision: 'approve', staffId: 'sup-1' })).body.status).toBe('approved');
    expect((await call('POST', `/v1/email-changes/${id}/decision`, { decision: 'reject', staffId: 'sup-1' })).body.code).toBe('email_change_already_decided');
    expect((await http(portal.url, 'POST', `/admin/email-changes/${id}/complete`)).body.status).toBe('completed');
    const list = await call('GET', '/v1/members/2024000003/email-changes');
    expect(list.body.items[0]).toMatchObject({ requestId: id, status: 'completed', maskedNewEmail: 'k***@e***.jp' });
    expect((await call('GET', '/v1/members/2024000003')).body.maskedEmail).toBe('k***@e***.jp');
  });
});

describe('roster deltas and modes', () => {
  it('pages through changes with a cursor and sees later changes only', async () => {
    const { call, op } = await authed();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = await call('GET', `/v1/roster?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.members.map((m: { memberNo: string }) => m.memberNo));
      cursor = page.body.nextCursor;
      if (!page.body.hasMore) break;
    }
    expect(new Set(seen).size).toBeGreaterThanOrEqual(5);
    await call('POST', '/v1/wallet/topups', op({ memberNo: '2024000002', amount: 10 }));
    const delta = await call('GET', `/v1/roster?cursor=${cursor as string}`);
    expect(delta.body.members.map((m: { memberNo: string }) => m.memberNo)).toEqual(['2024000002']);
  });

  it('a batch puts each member it changed into the next delta once, with the balance after the batch', async () => {
    const { call, nextSeq } = await authed();
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = await call('GET', `/v1/roster?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      cursor = page.body.nextCursor;
      if (!page.body.hasMore) break;
    }
    const before = await call('GET', '/v1/members/2024000003');
    const topup = (memberNo: string, amount: number) => ({ clientRequestId: randomUUID(), seq: nextSeq(), kind: 'wallet.topup', payload: { memberNo, amount } });
    const batch = await call('POST', '/v1/batch', { operations: [topup('2024000003', 100), topup('2024000002', 5), topup('2024000003', 200), topup('2024000003', 300)] });
    expect(batch.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const delta = await call('GET', `/v1/roster?cursor=${cursor as string}`);
    const members = delta.body.members as Array<{ memberNo: string; balance: number }>;
    expect(members.map((m) => m.memberNo).sort()).toEqual(['2024000002', '2024000003']);
    expect(members.find((m) => m.memberNo === '2024000003')?.balance).toBe(before.body.balance + 600);
    // One roster version per changed member, not one per operation.
    expect(Number(delta.body.nextCursor) - Number(cursor)).toBe(2);
    expect((await call('GET', `/v1/roster?cursor=${delta.body.nextCursor as string}`)).body.members).toEqual([]);
  });

  it('production mode has no admin API and no demo data', async () => {
    const prod = await startTestPortal({ mode: 'production' });
    try {
      expect((await http(prod.url, 'GET', '/admin/ledger')).status).toBe(404);
      expect((await http(prod.url, 'POST', '/v1/auth/device-token', { deviceId: DEMO_DEVICE_ID, secret: DEMO_DEVICE_SECRET })).status).toBe(401);
    } finally {
      await prod.close();
    }
  });
});
