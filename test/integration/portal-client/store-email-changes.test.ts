/**
 * The kiosk's portal client against the reference portal on 127.0.0.1 (issue 12): as the demo
 * kiosk it lists a request made at the other demo kiosk of its store and reads its review detail
 * (name, kana, birth date); a kiosk of another store gets `email_change_not_found`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalClient } from '../../../src/main/sync/portal-client/client';
import { PortalError } from '../../../src/main/sync/portal-client/errors';
import { DEMO_DEVICE_ID, DEMO_DEVICE_SECRET, DEMO_SECOND_DEVICE_ID, DEMO_SECOND_DEVICE_SECRET } from '../../../src/portal/demo-seed';
import type { PortalServerHandle } from '../../../src/portal/server';
import { deviceToken, http, startTestPortal } from '../../fixtures/portal/harness';

let portal: PortalServerHandle;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => {
  await portal.close();
});

/** Kiosk 02 of the demo store takes in a verified email change for Hanako; its request id. */
async function requestAtSecondKiosk(): Promise<string> {
  const token = await deviceToken(portal.url, { deviceId: DEMO_SECOND_DEVICE_ID, secret: DEMO_SECOND_DEVICE_SECRET });
  const call = (method: string, path: string, body?: unknown) => http(portal.url, method, path, body, { authorization: `Bearer ${token}` });
  const email = 'hanako.client@example.ac.jp';
  const v = await call('POST', '/v1/verifications', { purpose: 'email_change', memberNo: '2024000002', email });
  const mail = await http(portal.url, 'GET', `/admin/messages?recipient=${encodeURIComponent(email)}`);
  await call('POST', `/v1/verifications/${v.body.verificationId as string}/confirm`, { code: mail.body.messages.at(-1).meta.code });
  const made = await call('POST', '/v1/email-changes', { clientRequestId: randomUUID(), seq: 1, payload: { memberNo: '2024000002', newEmail: email, verificationId: v.body.verificationId } });
  return made.body.result.requestId as string;
}

describe('portal client: the store’s email-change requests', () => {
  it('lists the store’s pending request and reads its review detail; another store is refused', async () => {
    const id = await requestAtSecondKiosk();
    const client = new PortalClient({ baseUrl: portal.url, deviceId: DEMO_DEVICE_ID, deviceSecret: DEMO_DEVICE_SECRET, timeoutMs: 5_000 });
    const list = await client.listStoreEmailChanges();
    expect(list.items).toEqual([expect.objectContaining({ requestId: id, memberNo: '2024000002', status: 'requested' })]);
    expect(await client.reviewEmailChange(id)).toMatchObject({ name: '佐藤 花子', nameKana: 'サトウ ハナコ', birthDate: '2006-01-23', requestedAtDevice: 'Demo kiosk 02' });

    const outsider = { deviceId: `outsider-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}` };
    await http(portal.url, 'POST', '/admin/devices', { ...outsider, storeId: 'another-store' });
    const other = new PortalClient({ baseUrl: portal.url, deviceId: outsider.deviceId, deviceSecret: outsider.secret, timeoutMs: 5_000 });
    expect((await other.listStoreEmailChanges()).items).toEqual([]);
    const refused = await other.reviewEmailChange(id).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(PortalError);
    expect(refused).toMatchObject({ status: 404, code: 'email_change_not_found' });
  });
});
