import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { startPortalServer, type PortalServerHandle } from '../../../src/portal/server';
import { clientRequestIdFromReceiptBarcode } from '../../../src/shared/receipt';
import { tempDir, waitFor } from '../../fixtures/portal/harness';
import type { FakeEscPosPrinter } from '../../helpers/fake-escpos-printer';
import { startTcpPrinter, type TcpPrinter } from '../../helpers/tcp-printer';
import { until } from '../../helpers/printer-fixtures';
import { startTestCore } from '../../helpers/core';
import { newId, ok } from '../../helpers/register';

/**
 * Receipts wired to the register (issue 15): a TCP receipt printer on 127.0.0.1 (FakeEscPosPrinter
 * answering DLE EOT). A cash top-up prints amount and balance and kicks the drawer; a payment
 * prints without a kick; with the paper out the sale completes, the receipt waits in print_jobs,
 * and prints when the paper is back. Printed documents leave the disk except the last.
 */
const MEMBER = '3700000001';

let dir: ReturnType<typeof tempDir>;
let portal: PortalServerHandle;
let core: KioskCore;
let printer: TcpPrinter;
let fake: FakeEscPosPrinter;

beforeAll(async () => {
  dir = tempDir('coop-register-receipts-');
  printer = await startTcpPrinter();
  fake = printer.fake;
  portal = await startPortalServer({ port: 0, dbPath: join(dir.path, 'portal.sqlite'), mode: 'demo' });
  portal.service.upsertMembers([{ memberNo: MEMBER, name: '田中 花', nameKana: 'タナカ ハナ', birthDate: '2005-01-01', balance: 2_000 }]);
  core = await startTestCore(
    join(dir.path, 'kiosk'),
    { env: { KIOSK_TYPED_PAYMENTS: 'allow', KIOSK_PRINTERS: printer.uri, KIOSK_STORE_NAME: '生協テスト店', KIOSK_RECEIPT_ADDRESS: '東京都' } },
    portal.url,
  );
  const services = () => core.services();
  await waitFor(() => services()?.sync.connectivity.state === 'online', 'kiosk online');
  await ok(core, 'staffSignIn', { staffNo: '1001', pin: '1111' });
});

afterAll(async () => {
  await core?.close();
  await portal?.close();
  await printer?.stop();
  dir?.remove();
});

describe('receipts on the register', () => {
  it('prints a cash top-up with the drawer kick, a payment without; a paper-out printer never blocks a sale', { timeout: 60_000 }, async () => {
    await until(() => fake.statusQueries > 0, 'the printer is polled');
    await ok(core, 'registerOpenMember', { memberNo: MEMBER });
    const topup = newId();
    expect((await ok(core, 'registerConfirm', { clientRequestId: topup, kind: 'topup', memberNo: MEMBER, amount: 3_000, cashReceived: 5_000 })).outcome).toBe('done');
    await until(() => fake.drawerKicks().length === 1 && fake.code128().length === 1, 'the top-up receipt and the drawer kick');
    const text = fake.text();
    expect(text).toContain('生協テスト店');
    expect(text).toContain('￥3,000');
    expect(text).toContain('￥2,000'); // change
    expect(text).toContain('￥5,000'); // balance after
    expect(text).not.toContain('田中'); // no name unless the store sets it
    expect(fake.code128().map(clientRequestIdFromReceiptBarcode)).toEqual([topup]);

    fake.clear();
    await ok(core, 'registerOpenMember', { memberNo: MEMBER });
    const payment = newId();
    await ok(core, 'registerConfirm', { clientRequestId: payment, kind: 'payment', memberNo: MEMBER, amount: 700 });
    await until(() => fake.code128().length === 1, 'the payment receipt');
    expect(fake.text()).toContain('￥700');
    expect(fake.drawerKicks()).toEqual([]);

    // Paper out: the sale completes at once, the receipt waits durably.
    fake.clear();
    fake.condition = { kind: 'paper-out', coverOpen: false };
    const db = core.services()?.db;
    if (!db) throw new Error('no database');
    await until(() => fake.statusQueries > 0 && (db.prepare("SELECT count(*) AS n FROM print_jobs WHERE state = 'waiting'").get() as { n: number }).n === 0, 'idle');

    // The register shows the paper-out before the sale (a warning, not a block).
    await waitFor(async () => (await ok(core, 'getRegisterState', {})).printers.some((p) => p.condition === 'paper-out'), 'the register sees the paper out');
    await ok(core, 'registerOpenMember', { memberNo: MEMBER });
    const waiting = newId();
    expect((await ok(core, 'registerConfirm', { clientRequestId: waiting, kind: 'payment', memberNo: MEMBER, amount: 200 })).outcome).toBe('done');
    expect(db.prepare('SELECT state FROM print_jobs WHERE client_request_id = ?').get(waiting)).toEqual({ state: 'waiting' });
    expect(fake.code128()).toEqual([]);
    fake.condition = { kind: 'ready', paperNearEnd: false };
    await until(() => fake.code128().length === 1, 'the waiting receipt prints after the paper is back');
    expect(fake.code128().map(clientRequestIdFromReceiptBarcode)).toEqual([waiting]);

    // Printed documents are dropped, except the printer's last (the reprint); none is in clear.
    await until(() => (db.prepare("SELECT count(*) AS n FROM print_jobs WHERE state = 'printed'").get() as { n: number }).n === 3, 'three printed');
    const kept = db.prepare('SELECT client_request_id AS id FROM print_jobs WHERE document_sealed IS NOT NULL').all();
    expect(kept).toEqual([{ id: waiting }]);
  });
});
