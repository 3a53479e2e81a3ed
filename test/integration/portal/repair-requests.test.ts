/**
 * Repair requests at the reference portal (issue 16): created as a sequenced operation (alone or
 * in a batch), with the contact address proven by a `repair` code or marked unverified, listed
 * for the store newest first, tracked open → in progress → done; a portal database made before
 * repair requests is migrated with its verifications kept.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPortalDatabase, PORTAL_MIGRATIONS, PORTAL_SCHEMA_VERSION } from '../../../src/portal/db';
import type { PortalServerHandle } from '../../../src/portal/server';
import { deviceToken, http, newDevice, startTestPortal, tempDir } from '../../fixtures/portal/harness';

let portal: PortalServerHandle;
let now = Date.UTC(2026, 3, 1, 9, 0, 0);

beforeAll(async () => {
  portal = await startTestPortal({ now: () => now });
});
afterAll(async () => {
  await portal.close();
});

async function authed() {
  const token = await deviceToken(portal.url, await newDevice(portal.url));
  let seq = 0;
  const call = (method: string, path: string, body?: unknown) => http(portal.url, method, path, body, { authorization: `Bearer ${token}` });
  const op = (payload: Record<string, unknown>) => ({ clientRequestId: randomUUID(), seq: ++seq, payload });
  return { call, op, nextSeq: () => ++seq };
}

async function codeFor(email: string): Promise<string> {
  const mail = await http(portal.url, 'GET', `/admin/messages?recipient=${encodeURIComponent(email)}`);
  return mail.body.messages.filter((m: { meta: { code?: string } }) => m.meta.code).at(-1).meta.code as string;
}

describe('reference portal: repair requests', () => {
  it('a verified contact address, an unverified one from a batch, the list newest first, status tracking', async () => {
    const { call, op, nextSeq } = await authed();
    const email = 'taro.help@example.ac.jp';
    const v = await call('POST', '/v1/verifications', { purpose: 'repair', memberNo: '2024000001', email });
    expect(v.status).toBe(201);
    await call('POST', `/v1/verifications/${v.body.verificationId as string}/confirm`, { code: await codeFor(email) });
    const made = await call('POST', '/v1/repair-requests', op({ memberNo: '2024000001', problems: ['login_error', 'interrupted_setup'], contactEmail: email, verificationId: v.body.verificationId, locale: 'ja' }));
    expect([made.status, made.body.outcome]).toEqual([201, 'applied']);
    expect(made.body.result).toMatchObject({ memberNo: '2024000001', problems: ['login_error', 'interrupted_setup'], maskedContactEmail: 't***@e***.jp', contactVerified: true, status: 'open', updatedBy: null });
    // The verification is used up: the same one cannot vouch for a second request.
    const again = await call('POST', '/v1/repair-requests', op({ memberNo: '2024000001', problems: ['other'], contactEmail: email, verificationId: v.body.verificationId }));
    expect(again.body.problem?.code ?? again.body.code).toBe('verification_required');
    // The student got a receipt mail at the contact address.
    const mail = await http(portal.url, 'GET', `/admin/messages?recipient=${encodeURIComponent(email)}`);
    expect(mail.body.messages.at(-1).subject).toBe('【大学生協】アプリ設定の修復依頼を受け付けました');

    now += 60_000;
    const batch = await call('POST', '/v1/batch', {
      operations: [{ clientRequestId: randomUUID(), seq: nextSeq(), kind: 'repair_request.create', payload: { memberNo: '2024000003', problems: ['code_not_received'], contactEmail: 'ken@icloud.com', locale: 'en' } }],
    });
    expect(batch.body.results[0]).toMatchObject({ outcome: 'applied', result: { contactVerified: false, status: 'open' } });
    // A code of another purpose does not prove a repair contact; an empty or repeated problem list is refused.
    const other = await call('POST', '/v1/verifications', { purpose: 'email_change', memberNo: '2024000003', email: 'ken2@icloud.com' });
    await call('POST', `/v1/verifications/${other.body.verificationId as string}/confirm`, { code: await codeFor('ken2@icloud.com') });
    const wrongPurpose = await call('POST', '/v1/repair-requests', op({ memberNo: '2024000003', problems: ['other'], contactEmail: 'ken2@icloud.com', verificationId: other.body.verificationId }));
    expect(wrongPurpose.body.problem?.code ?? wrongPurpose.body.code).toBe('verification_required');
    expect((await call('POST', '/v1/repair-requests', op({ memberNo: '2024000003', problems: [], contactEmail: 'ken@icloud.com' }))).body.code).toBe('invalid_request');
    expect((await call('POST', '/v1/repair-requests', op({ memberNo: '2024000003', problems: ['other', 'other'], contactEmail: 'ken@icloud.com' }))).body.code).toBe('invalid_request');

    const list = await call('GET', '/v1/repair-requests');
    expect(list.body.items.map((r: { memberNo: string }) => r.memberNo)).toEqual(['2024000003', '2024000001']);
    const id = made.body.result.requestId as string;
    const working = await call('POST', `/v1/repair-requests/${id}/status`, { status: 'in_progress', staffId: 'demo-cashier' });
    expect(working.body).toMatchObject({ status: 'in_progress', updatedBy: 'demo-cashier' });
    const same = await call('POST', `/v1/repair-requests/${id}/status`, { status: 'in_progress', staffId: 'someone-else' });
    expect(same.body.updatedBy).toBe('demo-cashier');
    expect((await call('POST', `/v1/repair-requests/${id}/status`, { status: 'done', staffId: 'demo-cashier' })).body.status).toBe('done');
    expect((await call('GET', '/v1/repair-requests?status=done')).body.items.map((r: { requestId: string }) => r.requestId)).toEqual([id]);
    expect((await call('POST', `/v1/repair-requests/${randomUUID()}/status`, { status: 'done', staffId: 'x' })).status).toBe(404);
    expect((await call('POST', `/v1/repair-requests/${id}/status`, { status: 'closed', staffId: 'x' })).status).toBe(400);
  });

  it('migrates a version-3 portal database: verifications and their codes kept, repair purpose allowed', () => {
    const dir = tempDir('portal-v4-');
    try {
      const file = join(dir.path, 'portal.sqlite');
      // A portal made before repair requests: the real migrations up to version 3, with a pending code.
      const raw = new Database(file);
      for (const step of PORTAL_MIGRATIONS.filter((m) => m.version <= 3)) raw.exec(step.sql);
      raw.exec(`
        INSERT INTO members (member_no, card_barcode, name, name_kana, birth_date, status, version, updated_at) VALUES ('2024000001', 'c1', 'n', 'ナ', '2005-04-12', 'active', 1, 1);
        INSERT INTO verifications (id, purpose, member_no, email, created_at, verified_at, consumed_at) VALUES ('v1', 'signup', '2024000001', 'a@example.ac.jp', 1, NULL, NULL);
        INSERT INTO verification_codes (verification_id, email, code_hash, created_at, expires_at) VALUES ('v1', 'a@example.ac.jp', 'h', 1, 2);
        PRAGMA user_version = 3;
      `);
      raw.close();
      const db = openPortalDatabase(file);
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(PORTAL_SCHEMA_VERSION);
        expect(db.prepare('SELECT verification_id, email FROM verification_codes').all()).toEqual([{ verification_id: 'v1', email: 'a@example.ac.jp' }]);
        db.prepare("INSERT INTO verifications (id, purpose, member_no, email, created_at) VALUES ('v2', 'repair', '2024000001', 'b@example.ac.jp', 1)").run();
        expect(() => db.prepare("INSERT INTO verification_codes (verification_id, email, code_hash, created_at, expires_at) VALUES ('nope', 'x', 'h', 1, 2)").run()).toThrow(/FOREIGN KEY/);
        expect(db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        db.close();
      }
    } finally {
      dir.remove();
    }
  });
});
