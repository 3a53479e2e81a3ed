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
import { newId, ok, refused } from '../../helpers/register';

/**
 * The receipts beyond the sale (issue 15): the preview is the printed layout as SVG, a void
 * prints its 会計控え copy (the drawer opens when a top-up's cash goes back), the last receipt
 * reprints marked 再発行 (audited), and the hand-off slip is refused outside a finished sign-up.
 * A TCP receipt printer on 127.0.0.1 (FakeEscPosPrinter answering DLE EOT).
 */
const MEMBER = '3700000002';

let dir: ReturnType<typeof tempDir>;
let portal: PortalServerHandle;
let core: KioskCore;
let printer: TcpPrinter;
let fake: FakeEscPosPrinter;

beforeAll(async () => {
  dir = tempDir('coop-register-copies-');
  printer = await startTcpPrinter();
  fake = printer.fake;
  portal = await startPortalServer({ port: 0, dbPath: join(dir.path, 'portal.sqlite'), mode: 'demo' });
  portal.service.upsertMembers([{ memberNo: MEMBER, name: '佐藤 光', nameKana: 'サトウ ヒカル', birthDate: '2005-01-01', balance: 1_000 }]);
  core = await startTestCore(
    join(dir.path, 'kiosk'),
    { env: { KIOSK_TYPED_PAYMENTS: 'allow', KIOSK_PRINTERS: printer.uri, KIOSK_STORE_NAME: '生協控え店', KIOSK_RECEIPT_ADDRESS: '' } },
    portal.url,
  );
  await waitFor(() => core.services()?.sync.connectivity.state === 'online', 'kiosk online');
  await ok(core, 'staffSignIn', { staffNo: '1001', pin: '1111' });
});

afterAll(async () => {
  await core?.close();
  await portal?.close();
  await printer?.stop();
  dir?.remove();
});

describe('preview, void copy and reprint', () => {
  it('previews the printed layout, prints the 会計控え of a void with the drawer kick, and reprints it marked 再発行', { timeout: 60_000 }, async () => {
    expect((await ok(core, 'getKioskState', {})).receiptPrinter).toBe(true);
    expect((await refused(core, 'registerReprintLast', {})).code).toBe('no_receipt');
    await until(() => fake.statusQueries > 0, 'the printer is polled');

    await ok(core, 'registerOpenMember', { memberNo: MEMBER });
    const topup = newId();
    await ok(core, 'registerConfirm', { clientRequestId: topup, kind: 'topup', memberNo: MEMBER, amount: 2_000, cashReceived: 2_000 });
    await until(() => fake.code128().length === 1 && fake.drawerKicks().length === 1, 'the top-up receipt');

    const preview = await ok(core, 'registerReceiptPreview', { clientRequestId: topup });
    expect(preview).toMatchObject({ clientRequestId: topup, kind: 'topup', reprint: false, printers: 1 });
    expect(preview.svg).toMatch(/^<svg /);
    expect(preview.svg).not.toContain('<script');
    expect(preview.svg).not.toContain('@import');

    // The void of the top-up: its 会計控え copy, and the drawer opens for the cash going back.
    fake.clear();
    const voidId = newId();
    const voided = await ok(core, 'registerVoidLast', { clientRequestId: voidId, targetClientRequestId: topup, approval: { staffNo: '2001', pin: '2222' } });
    expect(voided.transaction.kind).toBe('void');
    await until(() => fake.code128().length === 1 && fake.cuts() === 1, 'the void copy');
    const copy = fake.text();
    expect(copy).toContain('【会計控え】');
    expect(copy).toContain('取消（チャージ）');
    expect(copy).toContain('￥2,000');
    expect(copy).toContain('￥1,000'); // the balance after the void
    expect(fake.code128().map(clientRequestIdFromReceiptBarcode)).toEqual([voidId]);
    expect(fake.drawerKicks()).toHaveLength(1);
    const copyPreview = await ok(core, 'registerReceiptPreview', { clientRequestId: voidId });
    expect(copyPreview.kind).toBe('void');

    // Reprint of the last receipt (the void copy): marked 再発行, no drawer kick, audited.
    fake.clear();
    const reprint = await ok(core, 'registerReprintLast', {});
    expect(reprint).toMatchObject({ clientRequestId: voidId, reprint: true, printers: 1 });
    await until(() => fake.code128().length === 1 && fake.cuts() === 1, 'the reprint');
    expect(fake.text()).toContain('【再発行】');
    expect(fake.text()).toContain('【会計控え】');
    expect(fake.drawerKicks()).toEqual([]);
    expect(fake.code128().map(clientRequestIdFromReceiptBarcode)).toEqual([voidId]);
    const db = core.services()?.db;
    if (!db) throw new Error('no database');
    const audit = db.prepare("SELECT staff_id, detail FROM audit_log WHERE action = 'register.reprint'").all() as Array<{ staff_id: string; detail: string }>;
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ clientRequestId: voidId, kind: 'void', amount: 2_000 });
    expect(db.prepare("SELECT kind, state FROM print_jobs WHERE client_request_id = ? ORDER BY rowid").all(voidId)).toEqual([
      { kind: 'copy', state: 'printed' },
      { kind: 'reprint', state: 'printed' },
    ]);

    // The hand-off slip belongs to a finished sign-up, never to the register.
    expect((await refused(core, 'counterPrintHandoffSlip', { language: 'ja' })).code).toBe('invalid_step');
  });
});
