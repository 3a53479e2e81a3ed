import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortalServerHandle } from '../../../src/portal/server';
import type { SqliteDatabase } from '../../../src/main/db/database';
import { PortalClient } from '../../../src/main/sync/portal-client/client';
import { DraftCipher } from '../../../src/main/db/sealing';
import { MemberDirectory, RosterSync } from '../../../src/main/members/roster';
import { createSyncServices } from '../../../src/main/core/services';
import { recordWalletTransaction } from '../../../src/main/cashier/wallet-ledger';
import { http, newDevice, openTestKioskDb, seedMembers, setFaults, startTestPortal, tempDir, waitFor } from '../../fixtures/portal/harness';

let portal: PortalServerHandle;
let dir: ReturnType<typeof tempDir>;
let db: SqliteDatabase;
let client: PortalClient;
const cipher = new DraftCipher(randomBytes(32));
const sealing = () => cipher;

beforeEach(async () => {
  dir = tempDir();
  portal = await startTestPortal();
  const device = await newDevice(portal.url);
  db = openTestKioskDb(dir.path);
  client = new PortalClient({ baseUrl: portal.url, deviceId: device.deviceId, deviceSecret: device.secret, timeoutMs: 1_000 });
});

afterEach(async () => {
  db.close();
  await portal.close();
  dir.remove();
});

describe('roster pull and offline lookups', () => {
  it('pulls the delta with a cursor; lookups by number and card answer offline with an as-of time', async () => {
    await seedMembers(portal.url, 30, 3400000000, 700);
    const roster = new RosterSync({ db, client, pageSize: 7, sealing });
    const first = await roster.pull();
    expect(first.pages).toBeGreaterThan(4);
    expect(roster.store.count()).toBe(35); // 5 demo + 30
    const cursor = roster.store.cursor();
    expect((await roster.pull()).members).toBe(0); // nothing new
    await http(portal.url, 'POST', '/admin/members', { members: [{ memberNo: '3400000003', name: '改名', nameKana: 'カイメイ', birthDate: '2005-01-01', balance: 900 }] });
    const delta = await roster.pull();
    expect(delta.members).toBe(1);
    expect(roster.store.cursor()).not.toBe(cursor);

    const directory = new MemberDirectory(roster.store, client);
    const live = await directory.byMemberNo('2024000001');
    expect(live?.source).toBe('portal');
    await setFaults(portal.url, { downForSeconds: 30, includeHealth: true });
    await new Promise((r) => setTimeout(r, 50));
    const offline = await directory.byMemberNo('3400000003');
    expect(offline).toMatchObject({ source: 'roster', member: { name: '改名', balance: 900 } });
    expect(offline?.asOf).toBeGreaterThan(0);
    const card = await directory.byCardBarcode(live?.member.cardBarcode as string);
    expect(card).toMatchObject({ source: 'roster', member: { memberNo: '2024000001' } });
    expect(await directory.byMemberNo('9999999999')).toBeNull();
  });

  it('createSyncServices wires connectivity, engine and roster together', async () => {
    const device = await newDevice(portal.url);
    const services = createSyncServices({ db, portalUrl: portal.url, deviceId: device.deviceId, deviceSecret: device.secret, sealing });
    recordWalletTransaction(db, { memberNo: '2024000001', kind: 'topup', amount: 100, now: Date.now() });
    services.start();
    await waitFor(() => services.engine.metrics().depth === 0, 'drain');
    await waitFor(() => services.connectivity.state === 'online', 'online');
    await waitFor(() => services.roster.store.count() > 0, 'roster pulled');
    await services.shutdown();
    expect(services.engine.metrics().state).toBe('stopped');
  });
});
