/**
 * Stores at the reference portal (issue 12): a kiosk lists the pending email changes of every
 * kiosk of its store and opens one with the member's name, kana and birth date for the ID check;
 * a kiosk of another store (or of none) sees nothing of them and cannot decide them; an unknown
 * device is refused; the demo kiosks share the demo store.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalServerHandle } from '../../../src/portal/server';
import { DEMO_DEVICE_ID, DEMO_SECOND_DEVICE_ID, DEMO_STORE_ID } from '../../../src/portal/demo-seed';
import { deviceToken, http, startTestPortal, tempDir } from '../../fixtures/portal/harness';

let portal: PortalServerHandle;

beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => {
  await portal.close();
});

/** A device made through the admin API, in `storeId` (or in none), with an authenticated caller. */
async function device(storeId?: string) {
  const credentials = { deviceId: `store-test-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}` };
  const made = await http(portal.url, 'POST', '/admin/devices', { ...credentials, ...(storeId ? { storeId } : {}) });
  expect(made.status).toBe(201);
  expect(made.body.storeId).toBe(storeId ?? null);
  const token = await deviceToken(portal.url, credentials);
  let seq = 0;
  const call = (method: string, path: string, body?: unknown) => http(portal.url, method, path, body, { authorization: `Bearer ${token}` });
  return { ...credentials, call, nextSeq: () => ++seq };
}

async function codeFor(email: string): Promise<string> {
  const mail = await http(portal.url, 'GET', `/admin/messages?recipient=${encodeURIComponent(email)}`);
  return mail.body.messages.filter((m: { meta: { code?: string } }) => m.meta.code).at(-1).meta.code as string;
}

/** A verified email-change request made at `at` for `memberNo`; its request id. */
async function requestChange(at: Awaited<ReturnType<typeof device>>, memberNo: string, email: string): Promise<string> {
  const v = await at.call('POST', '/v1/verifications', { purpose: 'email_change', memberNo, email });
  await at.call('POST', `/v1/verifications/${v.body.verificationId as string}/confirm`, { code: await codeFor(email) });
  const made = await at.call('POST', '/v1/email-changes', { clientRequestId: randomUUID(), seq: at.nextSeq(), payload: { memberNo, newEmail: email, verificationId: v.body.verificationId } });
  expect(made.body.result.status).toBe('requested');
  return made.body.result.requestId as string;
}

describe('reference portal: a store’s email-change requests', () => {
  it('every kiosk of the store lists and reviews the request; another store and a storeless kiosk see nothing and cannot decide', async () => {
    const storeId = `store-${randomUUID().slice(0, 8)}`;
    const kioskA = await device(storeId);
    const kioskB = await device(storeId);
    const otherStore = await device(`other-${randomUUID().slice(0, 8)}`);
    const noStore = await device();
    const id = await requestChange(kioskA, '2024000002', 'hanako.store@example.ac.jp');

    for (const kiosk of [kioskA, kioskB]) {
      const list = await kiosk.call('GET', '/v1/store/email-changes');
      expect(list.status).toBe(200);
      expect(list.body.storeId).toBe(storeId);
      expect(list.body.items.map((item: { requestId: string }) => item.requestId)).toEqual([id]);
      expect(list.body.items[0]).toMatchObject({ memberNo: '2024000002', maskedNewEmail: 'h***@e***.jp', status: 'requested' });
    }
    const review = await kioskB.call('GET', `/v1/store/email-changes/${id}/review`);
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({
      requestId: id, memberNo: '2024000002', name: '佐藤 花子', nameKana: 'サトウ ハナコ', birthDate: '2006-01-23',
      maskedCurrentEmail: 'h***@d***.jp', maskedNewEmail: 'h***@e***.jp', requestedAtDevice: kioskA.deviceId,
    });

    // Another store's kiosk and a kiosk in no store: an empty list, the request "not found", no decision.
    for (const outsider of [otherStore, noStore]) {
      const list = await outsider.call('GET', '/v1/store/email-changes');
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([]);
      const peek = await outsider.call('GET', `/v1/store/email-changes/${id}/review`);
      expect([peek.status, peek.body.code]).toEqual([404, 'email_change_not_found']);
      expect(JSON.stringify(peek.body)).not.toContain('花子');
      const decide = await outsider.call('POST', `/v1/email-changes/${id}/decision`, { decision: 'approve', staffId: '2001' });
      expect([decide.status, decide.body.code]).toEqual([404, 'email_change_not_found']);
    }

    // Kiosk B decides what kiosk A took in; it leaves the pending list of the store.
    const decided = await kioskB.call('POST', `/v1/email-changes/${id}/decision`, { decision: 'approve', staffId: '2001' });
    expect([decided.status, decided.body.status]).toEqual([200, 'approved']);
    expect((await kioskA.call('GET', '/v1/store/email-changes')).body.items).toEqual([]);
  });

  it('a request’s status (GET /v1/email-changes/{id}) is read by the kiosks of its store only; another store or a storeless kiosk gets email_change_not_found', async () => {
    const storeId = `store-${randomUUID().slice(0, 8)}`;
    const kioskA = await device(storeId);
    const kioskB = await device(storeId);
    const otherStore = await device(`other-${randomUUID().slice(0, 8)}`);
    const noStore = await device();
    const id = await requestChange(kioskA, '2024000003', 'kenji.status@example.ac.jp');
    for (const kiosk of [kioskA, kioskB]) {
      const status = await kiosk.call('GET', `/v1/email-changes/${id}`);
      expect([status.status, status.body.requestId, status.body.status]).toEqual([200, id, 'requested']);
    }
    for (const outsider of [otherStore, noStore]) {
      const peek = await outsider.call('GET', `/v1/email-changes/${id}`);
      // The same answer as an id that never existed: the request's existence is not disclosed.
      const unknown = await outsider.call('GET', `/v1/email-changes/${randomUUID()}`);
      expect([peek.status, peek.body.code]).toEqual([404, 'email_change_not_found']);
      expect([unknown.status, unknown.body.code]).toEqual([404, 'email_change_not_found']);
      expect(JSON.stringify(peek.body)).not.toContain('k***@e***.jp');
    }
    // A storeless kiosk reads its own request.
    const own = await requestChange(noStore, '2024000005', 'own.status@example.ac.jp');
    expect((await noStore.call('GET', `/v1/email-changes/${own}`)).body).toMatchObject({ requestId: own, status: 'requested' });
    expect((await kioskA.call('GET', `/v1/email-changes/${own}`)).body.code).toBe('email_change_not_found');
  });

  it('a kiosk in no store lists and decides its own requests only', async () => {
    const alone = await device();
    const id = await requestChange(alone, '2024000004', 'misaki.alone@example.ac.jp');
    const list = await alone.call('GET', '/v1/store/email-changes');
    expect(list.body).toEqual({ storeId: null, items: [expect.objectContaining({ requestId: id })] });
    expect((await alone.call('GET', `/v1/store/email-changes/${id}/review`)).body.name).toBe('田中 美咲');
  });

  it('an unknown device or a missing / made-up token is refused', async () => {
    const unknown = await http(portal.url, 'POST', '/v1/auth/device-token', { deviceId: 'no-such-kiosk', secret: 'whatever-secret' });
    expect([unknown.status, unknown.body.code]).toEqual([401, 'invalid_device_credentials']);
    for (const headers of [{}, { authorization: 'Bearer made-up-token' }] as Record<string, string>[]) {
      const list = await http(portal.url, 'GET', '/v1/store/email-changes', undefined, headers);
      expect([list.status, list.body.code]).toEqual([401, 'unauthorized']);
      const review = await http(portal.url, 'GET', `/v1/store/email-changes/${randomUUID()}/review`, undefined, headers);
      expect(review.status).toBe(401);
    }
  });

  it('the demo kiosks stand in the demo store, also in a demo portal made before stores', async () => {
    for (const deviceId of [DEMO_DEVICE_ID, DEMO_SECOND_DEVICE_ID]) {
      expect((await http(portal.url, 'GET', `/admin/devices/${deviceId}`)).body.storeId).toBe(DEMO_STORE_ID);
    }
    const dir = tempDir('portal-stores-');
    try {
      const dbPath = join(dir.path, 'portal.sqlite');
      const first = await startTestPortal({ dbPath });
      // What migration 5 leaves for a kiosk registered before it: no store.
      first.service.db.prepare('UPDATE devices SET store_id = NULL').run();
      await first.close();
      const again = await startTestPortal({ dbPath });
      try {
        expect(again.service.getDevice(DEMO_DEVICE_ID).storeId).toBe(DEMO_STORE_ID);
      } finally {
        await again.close();
      }
    } finally {
      dir.remove();
    }
  });
});
