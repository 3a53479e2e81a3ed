import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { startPortalServer, type PortalServerHandle } from '../../../src/portal/server';
import { tempDir, waitFor } from '../../fixtures/portal/harness';
import { startTcpPrinter, type TcpPrinter } from '../../helpers/tcp-printer';
import { until } from '../../helpers/printer-fixtures';
import { startTestCore } from '../../helpers/core';
import { newId, ok, refused } from '../../helpers/register';

/**
 * Two receipt printers and one cash drawer (settings: printers.drawers), through a real core and
 * two TCP printers on 127.0.0.1: "Open drawer" and a cash top-up's receipt send ESC p only to the
 * printer with the drawer (the first one until an admin chooses), both printers print the
 * receipt; with no drawer chosen the drawer is refused with what to do, nothing on the wire.
 */
const MEMBER = '3700000003';
const SUPERVISOR = { staffNo: '2001', pin: '2222' };

let dir: ReturnType<typeof tempDir>;
let portal: PortalServerHandle;
let core: KioskCore;
let first: TcpPrinter;
let second: TcpPrinter;

beforeAll(async () => {
  dir = tempDir('coop-drawer-printers-');
  first = await startTcpPrinter();
  second = await startTcpPrinter();
  portal = await startPortalServer({ port: 0, dbPath: join(dir.path, 'portal.sqlite'), mode: 'demo' });
  portal.service.upsertMembers([{ memberNo: MEMBER, name: '引出 一郎', nameKana: 'ヒキダシ イチロウ', birthDate: '2005-01-01', balance: 1_000 }]);
  core = await startTestCore(join(dir.path, 'kiosk'), { env: { KIOSK_PRINTERS: `${first.uri},${second.uri}` } }, portal.url);
  await waitFor(() => core.services()?.sync.connectivity.state === 'online', 'kiosk online');
  await until(() => first.fake.statusQueries > 0 && second.fake.statusQueries > 0, 'both printers are polled');
  await ok(core, 'staffSignIn', { staffNo: '1001', pin: '1111' });
  await waitFor(async () => (await ok(core, 'getPrinterOverview', {})).every((device) => device.status.state === 'connected'), 'both printers connected');
});

afterAll(async () => {
  await core?.close();
  await portal?.close();
  await first?.stop();
  await second?.stop();
  dir?.remove();
});

function clearWires(): void {
  first.fake.clear();
  second.fake.clear();
}

/** An admin chooses the drawer printers on the settings screen's API; the cashier signs in again. */
async function chooseDrawers(drawers: string[]): Promise<void> {
  await ok(core, 'staffSignIn', { staffNo: '3001', pin: '3333' });
  await ok(core, 'updateSettings', { edits: { 'printers.drawers': drawers } });
  await ok(core, 'staffSignIn', { staffNo: '1001', pin: '1111' });
}

describe('the drawer is kicked only on the printer it hangs on', () => {
  it('until an admin chooses: the first printer only, for "Open drawer" and for a cash top-up', { timeout: 60_000 }, async () => {
    expect((await ok(core, 'getPrinterOverview', {})).map((device) => [device.uri, device.drawer])).toEqual([
      [first.uri, true],
      [second.uri, false],
    ]);
    clearWires();
    expect(await ok(core, 'registerOpenDrawer', { approval: SUPERVISOR })).toEqual([{ uri: first.uri, result: 'opened' }]);
    await until(() => first.fake.drawerKicks().length === 1, 'ESC p on the first printer');

    await ok(core, 'registerOpenMember', { memberNo: MEMBER });
    await ok(core, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: MEMBER, amount: 1_000, cashReceived: 1_000 });
    await until(() => first.fake.code128().length === 1 && second.fake.code128().length === 1, 'the receipt on both printers');
    await until(() => first.fake.drawerKicks().length === 2, 'ESC p after the first printer’s receipt');
    expect(second.fake.drawerKicks()).toEqual([]);
  });

  it('the drawer moved to the second printer: ESC p there only, for "Open drawer" and for a cash top-up', { timeout: 60_000 }, async () => {
    await chooseDrawers([second.uri]);
    expect((await ok(core, 'getPrinterOverview', {})).map((device) => device.drawer)).toEqual([false, true]);
    clearWires();
    expect(await ok(core, 'registerOpenDrawer', { approval: SUPERVISOR })).toEqual([{ uri: second.uri, result: 'opened' }]);
    await until(() => second.fake.drawerKicks().length === 1, 'ESC p on the second printer');

    await ok(core, 'registerOpenMember', { memberNo: MEMBER });
    await ok(core, 'registerConfirm', { clientRequestId: newId(), kind: 'topup', memberNo: MEMBER, amount: 1_000, cashReceived: 1_000 });
    await until(() => first.fake.code128().length === 1 && second.fake.code128().length === 1, 'the receipt on both printers');
    await until(() => second.fake.drawerKicks().length === 2, 'ESC p after the second printer’s receipt');
    expect(first.fake.drawerKicks()).toEqual([]);
  });

  it('no printer has the drawer: "Open drawer" says what to do and nothing reaches either printer', { timeout: 30_000 }, async () => {
    await chooseDrawers([]);
    clearWires();
    expect((await refused(core, 'registerOpenDrawer', { approval: SUPERVISOR })).code).toBe('drawer_missing');
    // A wrong PIN still says so first: the approval comes before the printers.
    expect((await refused(core, 'registerOpenDrawer', { approval: { staffNo: '2001', pin: '9876' } })).code).toBe('pin_wrong');
    expect(first.fake.drawerKicks()).toEqual([]);
    expect(second.fake.drawerKicks()).toEqual([]);
  });
});
