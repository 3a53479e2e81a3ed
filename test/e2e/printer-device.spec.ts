/**
 * Receipt printer on the staff device page and the cash drawer (issue 15), with a printer on a
 * real serial PTY (socat): the test plays the printer and answers DLE EOT. The device page shows
 * "paper out" when the printer says so and "ready" when the paper is back, in both languages; a
 * cashier asks to open the drawer, a supervisor approves with their PIN, and the test reads ESC p
 * on the wire. Screenshots: test/artifacts/printer-device/.
 */
import type { Locator, Page } from '@playwright/test';
import { startPtyPrinter, type PtyPrinter } from '../helpers/pty-printer';
import { typeStaffCredential } from './support/staff-pad';
import { expectNoSeriousAxeViolations } from './support/axe';
import { expect, test as base } from './support/fixtures';

const test = base.extend<{ printer: PtyPrinter }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object.
  printer: async ({}, use) => {
    const printer = await startPtyPrinter();
    try {
      await use(printer);
    } finally {
      await printer.stop();
    }
  },
  kioskEnv: async ({ printer }, use) => {
    await use({ KIOSK_SCANNERS: 'sim', KIOSK_PRINTERS: printer.uri });
  },
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test/artifacts/printer-device/${name}.png`, fullPage: true });
}

async function signIn(page: Page, pin: string): Promise<void> {
  const corner = page.getByTestId('staff-corner');
  for (let i = 0; i < 5; i++) await corner.click();
  await typeStaffCredential(page, pin);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await expect(page.getByRole('heading', { name: '端末の状態' })).toBeVisible();
}

const card = (page: Page): Locator => page.getByTestId('printer-device');

test.describe('printer on the device page', () => {
  test('paper out and ready as the printer answers DLE EOT, in Japanese and English, portrait and landscape', async ({ page, printer, kiosk }) => {
    test.skip(kiosk.hostKind !== 'web', 'The printer e2e runs on the web host.');
    await signIn(page, '1111');
    await page.getByRole('link', { name: 'スキャナ・プリンターの状態とログ' }).click();
    await expect(page.getByRole('heading', { name: '設定されているレシートプリンター' })).toBeVisible();
    await expect(card(page)).toHaveCount(1);
    await expect(card(page).getByTestId('printer-device-state')).toHaveText('接続しています: 準備完了');

    printer.fake.condition = { kind: 'paper-out', coverOpen: false };
    await expect(card(page)).toHaveAttribute('data-condition', 'paper-out');
    await expect(card(page).getByTestId('printer-device-state')).toHaveText('接続しています: 用紙切れ（新しいロールを入れてください）');
    await expectNoSeriousAxeViolations(page, 'device page with a printer (ja)');
    await shot(page, '01-paper-out-ja-portrait');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, '02-paper-out-ja-landscape');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(card(page).getByTestId('printer-device-state')).toHaveText('Connected: out of paper (put in a new roll)');
    await shot(page, '03-paper-out-en-landscape');
    await expectNoSeriousAxeViolations(page, 'device page with a printer (en)');

    printer.fake.condition = { kind: 'ready', paperNearEnd: false };
    await expect(card(page)).toHaveAttribute('data-condition', 'ready');
    await expect(card(page).getByTestId('printer-device-state')).toHaveText('Connected: ready');
    await page.setViewportSize({ width: 1080, height: 1920 });
    await shot(page, '04-ready-en-portrait');
    await page.getByRole('button', { name: '日本語' }).click();
    await expect(card(page).getByTestId('printer-device-state')).toHaveText('接続しています: 準備完了');
  });

  test('a cashier asks to open the drawer, a supervisor approves with their PIN: ESC p reaches the printer', async ({ page, printer, kiosk }) => {
    test.skip(kiosk.hostKind !== 'web', 'The printer e2e runs on the web host.');
    await signIn(page, '1111');
    await page.getByRole('link', { name: 'スキャナ・プリンターの状態とログ' }).click();
    await expect(card(page).getByTestId('printer-device-state')).toHaveText('接続しています: 準備完了');
    expect(printer.fake.drawerKicks()).toEqual([]);

    await page.getByRole('button', { name: 'ドロアを開ける' }).click();
    const dialog = page.getByRole('dialog', { name: 'キャッシュドロアを開ける' });
    await expect(dialog).toBeVisible();
    // A wrong PIN first: refused, nothing on the wire.
    await typeStaffCredential(page, '9876', { staffNo: '2001' });
    await dialog.getByRole('button', { name: '開ける' }).click();
    await expect(dialog.getByTestId('drawer-error')).toHaveText('PIN が違います。');
    await typeStaffCredential(page, '2222');
    await shot(page, '05-drawer-approval');
    await dialog.getByRole('button', { name: '開ける' }).click();
    await expect(page.getByTestId('drawer-done')).toHaveText('ドロアを開けました。');
    await expect.poll(() => printer.fake.drawerKicks().length).toBe(1);
    // ESC p 0 t1 t2 on pin 2, and no receipt with it.
    const commands = printer.fake.commands();
    const at = printer.fake.drawerKicks()[0] as number;
    expect([...commands.subarray(at, at + 3)]).toEqual([0x1b, 0x70, 0x00]);
    expect(printer.fake.cuts()).toBe(0);
    // The cashier is still the one signed in (an approval is not a sign-in).
    await page.getByRole('link', { name: '端末の状態にもどる' }).click();
    await expect(page.getByText('レジ 担当 (demo cashier)（レジ担当）でサインイン中')).toBeVisible();
  });
});
