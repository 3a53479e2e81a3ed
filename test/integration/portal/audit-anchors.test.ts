/**
 * The Portal API's audit anchors (SECURITY.md §7): POST /v1/audit-anchors and
 * GET /v1/audit-anchors/latest over real HTTP on 127.0.0.1 against the reference portal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalServerHandle } from '../../../src/portal/server';
import { deviceToken, http, newDevice, startTestPortal } from '../../fixtures/portal/harness';

let portal: PortalServerHandle;
let now = Date.UTC(2026, 3, 1, 9, 0, 0);

beforeAll(async () => {
  portal = await startTestPortal({ now: () => now });
});
afterAll(async () => {
  await portal.close();
});

const hash = (c: string): string => c.repeat(64);
const anchor = (auditId: number, h: string, rowCount = auditId) => ({ auditId, hash: h, rowCount, createdAt: '2026-04-01T09:00:00.000Z' });

async function authed() {
  const device = await newDevice(portal.url);
  const token = await deviceToken(portal.url, device);
  const call = (method: string, path: string, body?: unknown) => http(portal.url, method, path, body, { authorization: `Bearer ${token}` });
  return { device, call };
}

describe('audit anchors (Portal API)', () => {
  it('anchors a head, answers it as the latest, and answers a repeat with 200 without storing it again', async () => {
    const { device, call } = await authed();
    const none = await call('GET', '/v1/audit-anchors/latest');
    expect([none.status, none.body.code]).toEqual([404, 'audit_anchor_not_found']);
    expect(none.headers.get('content-type')).toMatch(/application\/problem\+json/);

    now += 1_000;
    const first = await call('POST', '/v1/audit-anchors', anchor(3, hash('a')));
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ deviceId: device.deviceId, auditId: 3, hash: hash('a'), rowCount: 3, createdAt: '2026-04-01T09:00:00.000Z', receivedAt: new Date(now).toISOString() });
    const receivedAt = first.body.receivedAt as string;

    now += 1_000;
    const again = await call('POST', '/v1/audit-anchors', anchor(3, hash('a')));
    expect(again.status).toBe(200);
    expect(again.body.receivedAt).toBe(receivedAt);

    const next = await call('POST', '/v1/audit-anchors', anchor(7, hash('b')));
    expect(next.status).toBe(201);
    const latest = await call('GET', '/v1/audit-anchors/latest');
    expect([latest.status, latest.body.auditId, latest.body.hash, latest.body.rowCount]).toEqual([200, 7, hash('b'), 7]);
    const stored = portal.service.db.prepare('SELECT count(*) AS n FROM audit_anchors WHERE device_id = ?').get(device.deviceId) as { n: number };
    expect(stored.n).toBe(2);
  });

  it('refuses, with 409 audit_anchor_conflict, a lower id, the same id with another hash or row count, and fewer rows; records each refusal', async () => {
    const { device, call } = await authed();
    expect((await call('POST', '/v1/audit-anchors', anchor(10, hash('c')))).status).toBe(201);
    const refusals: Array<[string, ReturnType<typeof anchor>]> = [
      ['lower id', anchor(9, hash('c'))],
      ['lower id, any hash', anchor(4, hash('d'))],
      ['same id, another hash', anchor(10, hash('d'))],
      ['same id, another row count', anchor(10, hash('c'), 9)],
      ['higher id, fewer rows', anchor(12, hash('e'), 8)],
    ];
    for (const [what, body] of refusals) {
      const res = await call('POST', '/v1/audit-anchors', body);
      expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status: 409, code: 'audit_anchor_conflict' });
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body.details).toMatchObject({ latestAuditId: 10, latestReceivedAt: expect.any(String) });
    }
    // The latest anchor is unchanged, and the portal kept the evidence.
    expect((await call('GET', '/v1/audit-anchors/latest')).body).toMatchObject({ auditId: 10, hash: hash('c') });
    const refused = portal.service.db.prepare('SELECT count(*) AS n FROM audit_anchor_refusals WHERE device_id = ?').get(device.deviceId) as { n: number };
    expect(refused.n).toBe(refusals.length);
    // A continuing anchor is still taken.
    expect((await call('POST', '/v1/audit-anchors', anchor(11, hash('f')))).status).toBe(201);
  });

  it('keeps anchors per device: another kiosk’s anchors neither count nor conflict', async () => {
    const a = await authed();
    const b = await authed();
    expect((await a.call('POST', '/v1/audit-anchors', anchor(50, hash('1')))).status).toBe(201);
    expect((await b.call('POST', '/v1/audit-anchors', anchor(2, hash('2')))).status).toBe(201);
    expect((await a.call('GET', '/v1/audit-anchors/latest')).body.auditId).toBe(50);
    expect((await b.call('GET', '/v1/audit-anchors/latest')).body).toMatchObject({ auditId: 2, deviceId: b.device.deviceId });
  });

  it('is strict: unknown fields, wrong types, a bad hash, rowCount above auditId and a missing body are 400 with pointers', async () => {
    const { call } = await authed();
    const cases: Array<[unknown, string]> = [
      [{ ...anchor(1, hash('a')), surprise: 1 }, '/surprise'],
      [{ ...anchor(1, hash('a')), auditId: '1' }, '/auditId'],
      [{ ...anchor(1, hash('a')), auditId: 0 }, '/auditId'],
      [anchor(1, 'A'.repeat(64)), '/hash'],
      [anchor(1, hash('a').slice(1)), '/hash'],
      [{ ...anchor(1, hash('a')), createdAt: 'yesterday' }, '/createdAt'],
      [{ auditId: 1, hash: hash('a'), rowCount: 1 }, '/createdAt'],
      [anchor(2, hash('a'), 3), '/rowCount'],
    ];
    for (const [body, pointer] of cases) {
      const res = await call('POST', '/v1/audit-anchors', body);
      expect({ pointer, status: res.status, code: res.body.code }).toEqual({ pointer, status: 400, code: 'invalid_request' });
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    expect((await call('POST', '/v1/audit-anchors')).status).toBe(400);
    expect((await call('GET', '/v1/audit-anchors/latest?since=1')).status).toBe(400);
    expect((await call('DELETE', '/v1/audit-anchors/latest')).status).toBe(405);
    // Nothing was stored by the refused requests.
    expect((await call('GET', '/v1/audit-anchors/latest')).status).toBe(404);
  });

  it('needs a device token (401); a disabled kiosk’s token stops working and it cannot sign in again (403)', async () => {
    for (const [method, path, body] of [
      ['POST', '/v1/audit-anchors', anchor(1, hash('a'))],
      ['GET', '/v1/audit-anchors/latest', undefined],
    ] as const) {
      const none = await http(portal.url, method, path, body);
      expect([none.status, none.body.code]).toEqual([401, 'unauthorized']);
      const forged = await http(portal.url, method, path, body, { authorization: 'Bearer not-a-token' });
      expect([forged.status, forged.body.code]).toEqual([401, 'unauthorized']);
    }
    const { device, call } = await authed();
    expect((await http(portal.url, 'PATCH', `/admin/devices/${device.deviceId}`, { disabled: true })).status).toBe(200);
    expect((await call('POST', '/v1/audit-anchors', anchor(1, hash('a')))).status).toBe(401);
    const again = await http(portal.url, 'POST', '/v1/auth/device-token', device);
    expect([again.status, again.body.code]).toEqual([403, 'terminal_is_invalidated']);
  });

  it('keeps anchors append-only in its database', () => {
    const db = portal.service.db;
    expect(() => db.prepare('UPDATE audit_anchors SET hash = ?').run(hash('0'))).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_anchors').run()).toThrow(/append-only/);
  });
});
