import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { tempDir, waitFor } from '../../fixtures/portal/harness';
import { FakeEscPosPrinter } from '../../helpers/fake-escpos-printer';
import { until } from '../../helpers/printer-fixtures';
import { startTestCore } from '../../helpers/core';
import { ok, refused } from '../../helpers/register';

/**
 * "Open drawer" and the device page's printers (issue 15), through a real core and a TCP receipt
 * printer on 127.0.0.1 (FakeEscPosPrinter answering DLE EOT). The drawer needs a supervisor's
 * one-shot approval (a cashier alone is refused before anything reaches the wire), is audited
 * with both people, uses the real-time pulse while the printer is offline, and says so when the
 * printer cannot be reached or none is configured.
 */
let dir: ReturnType<typeof tempDir>;
let core: KioskCore;
let bare: KioskCore;
let server: Server;
let printerUri = '';
const sockets: Socket[] = [];
const fake = new FakeEscPosPrinter((bytes) => sockets.at(-1)?.write(bytes));

const DLE_DC4 = Buffer.of(0x10, 0x14, 0x01);

interface AuditRow {
  staff_id: string;
  detail: string;
}

function drawerAudit(): Array<{ staffId: string; detail: { supervisorId: string; opened: boolean; printers: Array<{ uri: string; result: string }> } }> {
  const db = core.services()?.db;
  if (!db) throw new Error('no database');
  return (db.prepare("SELECT staff_id, detail FROM audit_log WHERE action = 'register.drawer_open' ORDER BY id").all() as AuditRow[]).map((r) => ({
    staffId: r.staff_id,
    detail: JSON.parse(r.detail) as { supervisorId: string; opened: boolean; printers: Array<{ uri: string; result: string }> },
  }));
}

/** The printer's condition on the device page (null while it is not connected). */
async function conditionNow(): Promise<string | null> {
  const status = (await ok(core, 'getPrinterOverview', {}))[0]?.status;
  return status?.state === 'connected' ? status.condition : null;
}

beforeAll(async () => {
  dir = tempDir('coop-register-drawer-');
  server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (data: Buffer) => fake.feed(data));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  printerUri = `tcp:127.0.0.1:${(server.address() as { port: number }).port}?pollMs=200`;
  core = await startTestCore(join(dir.path, 'kiosk'), { env: { KIOSK_PRINTERS: printerUri } });
  bare = await startTestCore(join(dir.path, 'bare'));
  await ok(core, 'staffSignIn', { staffNo: '1001', pin: '1111' });
});

afterAll(async () => {
  await core?.close();
  await bare?.close();
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
  dir?.remove();
});

describe('open drawer', () => {
  it('a cashier alone or with a wrong PIN is refused and nothing reaches the wire; a supervisor’s approval sends ESC p, audited with both people', { timeout: 30_000 }, async () => {
    await until(() => fake.statusQueries > 0, 'the printer is polled');
    await waitFor(async () => (await ok(core, 'getPrinterOverview', {}))[0]?.status.state === 'connected', 'the printer is connected');
    const [device] = await ok(core, 'getPrinterOverview', {});
    expect(device).toMatchObject({ uri: printerUri, link: 'tcp', status: { state: 'connected', condition: 'ready' }, pending: 0 });

    expect((await refused(core, 'registerOpenDrawer', {})).code).toBe('supervisor_required');
    expect((await refused(core, 'registerOpenDrawer', { approval: { staffNo: '1001', pin: '1111' } })).code).toBe('supervisor_required');
    expect((await refused(core, 'registerOpenDrawer', { approval: { staffNo: '2001', pin: '9876' } })).code).toBe('pin_wrong');
    expect(fake.drawerKicks()).toEqual([]);
    expect(drawerAudit()).toEqual([]);

    const results = await ok(core, 'registerOpenDrawer', { approval: { staffNo: '2001', pin: '2222' } });
    expect(results).toEqual([{ uri: printerUri, result: 'opened' }]);
    await until(() => fake.drawerKicks().length === 1, 'ESC p on the wire');
    expect(fake.cuts()).toBe(0);
    expect(drawerAudit()).toEqual([{ staffId: 'demo-cashier', detail: { supervisorId: 'demo-supervisor', opened: true, printers: [{ uri: printerUri, result: 'opened' }] } }]);
    // The approval never changed who is signed in.
    expect(await ok(core, 'getStaffSession', {})).toMatchObject({ staff: { id: 'demo-cashier', role: 'cashier' } });
  });

  it('a printer that is offline (paper out) gets the real-time pulse; the device page shows the paper out', { timeout: 30_000 }, async () => {
    fake.clear();
    fake.condition = { kind: 'paper-out', coverOpen: false };
    await waitFor(async () => (await conditionNow()) === 'paper-out', 'paper out on the device page');
    const results = await ok(core, 'registerOpenDrawer', { approval: { staffNo: '2001', pin: '2222' } });
    expect(results).toEqual([{ uri: printerUri, result: 'opened-realtime' }]);
    await until(() => fake.received.includes(DLE_DC4), 'DLE DC4 on the wire');
    expect(fake.drawerKicks()).toEqual([]);
    fake.condition = { kind: 'ready', paperNearEnd: false };
    await waitFor(async () => (await conditionNow()) === 'ready', 'ready again');
  });

  it('a printer that cannot be reached: printer_offline, the attempt audited; the device page shows it retrying, then back', { timeout: 30_000 }, async () => {
    const port = (server.address() as { port: number }).port;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const s of sockets) s.destroy();
    await closed;
    await waitFor(async () => (await ok(core, 'getPrinterOverview', {}))[0]?.status.state === 'disconnected', 'the printer is gone');
    const [device] = await ok(core, 'getPrinterOverview', {});
    expect(device?.status).toMatchObject({ state: 'disconnected', reason: expect.any(String), retryInMs: expect.any(Number), attempt: expect.any(Number) });
    fake.clear();
    expect((await refused(core, 'registerOpenDrawer', { approval: { staffNo: '2001', pin: '2222' } })).code).toBe('printer_offline');
    expect(fake.received.length).toBe(0);
    expect(drawerAudit().at(-1)).toEqual({ staffId: 'demo-cashier', detail: { supervisorId: 'demo-supervisor', opened: false, printers: [{ uri: printerUri, result: 'not-connected' }] } });
    // The printer is back on the same address: the driver reconnects by itself.
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await waitFor(async () => (await ok(core, 'getPrinterOverview', {}))[0]?.status.state === 'connected', 'reconnected', 1_200);
  });

  it('without a printer: the device page lists none and the drawer says no printer is configured', async () => {
    await ok(bare, 'staffSignIn', { staffNo: '2001', pin: '2222' });
    expect(await ok(bare, 'getPrinterOverview', {})).toEqual([]);
    expect((await refused(bare, 'registerOpenDrawer', {})).code).toBe('printer_missing');
  });
});
