/**
 * The staff screen's email-change requests come from the store (issue 12): a request taken in at
 * the other demo kiosk of the store is listed on this one, opened with the member's name, kana and
 * birth date for the ID check, and decided here with a supervisor's one-shot approval. The review
 * detail is passed to the screen only: nothing of it reaches the kiosk's data folder (database,
 * WAL, logs) or the audit.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { readAudit } from '../../../src/main/staff/audit';
import type { KioskInput, KioskMethod, KioskOutput } from '../../../src/shared/kiosk-api';
import { DEMO_SECOND_DEVICE_ID, DEMO_SECOND_DEVICE_SECRET } from '../../../src/portal/demo-seed';
import { startPortalServer, type PortalServerHandle } from '../../../src/portal/server';
import { deviceToken, http } from '../../fixtures/portal/harness';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let portal: PortalServerHandle;
let core: KioskCore;

async function call<M extends KioskMethod>(method: M, input: KioskInput<M>): Promise<KioskOutput<M>> {
  const result = await core.invoke(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

beforeEach(async () => {
  temp = makeTempDir('store-email-changes-');
  portal = await startPortalServer({ port: 0, dbPath: join(temp.dir, 'portal.sqlite'), mode: 'demo' });
  const config = loadConfig({ KIOSK_DATA_DIR: join(temp.dir, 'kiosk'), KIOSK_HEALTH_INTERVAL_SECONDS: '0.2' });
  core = await KioskCore.create({ config, hostMode: 'web', version: '0.0.0-test', portal: { url: portal.url, embedded: false }, demo: true, log: () => {} });
  for (let i = 0; i < 400 && (await call('getKioskState', {})).connectivity.state !== 'online'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
});
afterEach(async () => {
  await core.close();
  await portal.close();
  temp.cleanup();
});

/** Hanako asks for a new address at demo kiosk 02 (the other kiosk of the demo store). */
async function requestAtOtherKiosk(): Promise<string> {
  const token = await deviceToken(portal.url, { deviceId: DEMO_SECOND_DEVICE_ID, secret: DEMO_SECOND_DEVICE_SECRET });
  const at = (method: string, path: string, body?: unknown) => http(portal.url, method, path, body, { authorization: `Bearer ${token}` });
  const email = 'hanako.other@example.ac.jp';
  const v = await at('POST', '/v1/verifications', { purpose: 'email_change', memberNo: '2024000002', email });
  const code = portal.service.listMessages({ recipient: email, channel: 'email' }).at(-1)?.meta as { code: string };
  await at('POST', `/v1/verifications/${v.body.verificationId as string}/confirm`, { code: code.code });
  const made = await at('POST', '/v1/email-changes', { clientRequestId: randomUUID(), seq: 1, payload: { memberNo: '2024000002', newEmail: email, verificationId: v.body.verificationId } });
  return made.body.result.requestId as string;
}

/** Every file of the kiosk's data folder (database, WAL, logs), the at-rest key excepted. */
function kioskFiles(): string {
  const dir = join(temp.dir, 'kiosk');
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name !== 'draft.key');
  return Buffer.concat(entries.map((entry) => readFileSync(join(entry.parentPath, entry.name)))).toString('latin1');
}

describe('the store’s email-change requests on the staff screen', () => {
  it('a request of the other kiosk is listed, opened with name, kana and birth date, and decided here; the detail is never kept', async () => {
    const requestId = await requestAtOtherKiosk();
    expect((await core.invoke('openEmailChangeRequest', { requestId })).ok).toBe(false);
    await call('staffSignIn', { staffNo: '1001', pin: '1111' });
    const { items, online } = await call('listEmailChangeRequests', {});
    expect(online).toBe(true);
    expect(items).toEqual([expect.objectContaining({ requestId, memberNo: '2024000002', status: 'requested', queued: false })]);

    const review = await call('openEmailChangeRequest', { requestId });
    expect(review).toMatchObject({ requestId, name: '佐藤 花子', nameKana: 'サトウ ハナコ', birthDate: '2006-01-23', maskedCurrentEmail: 'h***@d***.jp', requestedAtDevice: 'Demo kiosk 02' });

    const decided = await call('decideEmailChangeRequest', { requestId, decision: 'approve', approval: { staffNo: '2001', pin: '2222' } });
    expect(decided.status).toBe('approved');
    expect((await call('getStaffSession', {}))?.staff).toMatchObject({ id: 'demo-cashier' });
    expect((await call('listEmailChangeRequests', {})).items).toEqual([]);

    const entries = readAudit(core.services()?.db as never, 100);
    expect(entries.find((entry) => entry.action === 'email_change.opened')).toMatchObject({ staffId: 'demo-cashier', detail: { requestId, memberNo: '2024000002' } });
    const audit = JSON.stringify(entries);
    expect(kioskFiles()).toContain(requestId);
    for (const personal of ['2006-01-23', '20060123']) {
      expect(kioskFiles()).not.toContain(personal);
      expect(audit).not.toContain(personal);
    }
  });

  it('a request of another store cannot be opened', async () => {
    await portal.service.upsertDevice('far-kiosk', 'far-kiosk-secret', 'Far kiosk', 'far-store');
    const token = await deviceToken(portal.url, { deviceId: 'far-kiosk', secret: 'far-kiosk-secret' });
    const email = 'ken.far@example.ac.jp';
    const at = (method: string, path: string, body?: unknown) => http(portal.url, method, path, body, { authorization: `Bearer ${token}` });
    const v = await at('POST', '/v1/verifications', { purpose: 'email_change', memberNo: '2024000003', email });
    const code = portal.service.listMessages({ recipient: email, channel: 'email' }).at(-1)?.meta as { code: string };
    await at('POST', `/v1/verifications/${v.body.verificationId as string}/confirm`, { code: code.code });
    const made = await at('POST', '/v1/email-changes', { clientRequestId: randomUUID(), seq: 1, payload: { memberNo: '2024000003', newEmail: email, verificationId: v.body.verificationId } });
    await call('staffSignIn', { staffNo: '1001', pin: '1111' });
    expect((await call('listEmailChangeRequests', {})).items).toEqual([]);
    const refused = await core.invoke('openEmailChangeRequest', { requestId: made.body.result.requestId as string });
    expect(refused.ok).toBe(false);
  });
});
