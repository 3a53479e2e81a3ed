/**
 * Two receipt printers and one cash drawer, end to end: the first printer has the drawer until an
 * admin chooses (stores from before the setting keep working); on the settings screen the admin
 * ticks the drawer on the second printer instead, the device page says which printer has it, and
 * "Open drawer" sends ESC p to that printer only. With no drawer ticked (in English) the drawer
 * button says what to do and nothing reaches either printer. Two TCP printers on 127.0.0.1 (the
 * test answers their status queries). Screenshots: test/artifacts/settings-drawer/.
 */
import type { Page } from '@playwright/test';
import { startTcpPrinter, type TcpPrinter } from '../helpers/tcp-printer';
import { expectNoSeriousAxeViolations } from './support/axe';
import { typeStaffCredential } from './support/staff-pad';
import { expect, test as base } from './support/fixtures';

const test = base.extend<{ printers: [TcpPrinter, TcpPrinter] }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object.
  printers: async ({}, use) => {
    const first = await startTcpPrinter();
    const second = await startTcpPrinter();
    try {
      await use([first, second]);
    } finally {
      await first.stop();
      await second.stop();
    }
  },
  kioskEnv: async ({ printers }, use) => {
    await use({ KIOSK_SCANNERS: 'sim', KIOSK_PRINTERS: printers.map((printer) => printer.uri).join(',') });
  },
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test/artifacts/settings-drawer/${name}.png`, fullPage: true });
}

const card = (page: Page, uri: string) => page.getByTestId('printer-device').filter({ hasText: uri });

test('an admin moves the cash drawer to the second printer; only that printer gets ESC p; none ticked, the button says what to do', async ({ page, printers, kiosk }) => {
  test.skip(kiosk.hostKind !== 'web', 'The printer e2e runs on the web host.');
  const [first, second] = printers;
  for (let i = 0; i < 5; i++) await page.getByTestId('staff-corner').click();
  await typeStaffCredential(page, '3333');
  await page.getByRole('button', { name: 'サインイン' }).click();
  await expect(page.getByRole('heading', { name: '端末の状態' })).toBeVisible();

  // Before any choice: the first printer has the drawer.
  await page.getByRole('link', { name: 'スキャナ・プリンターの状態とログ' }).click();
  await expect(card(page, first.uri).getByTestId('printer-device-state')).toHaveText('接続しています: 準備完了');
  await expect(card(page, first.uri).getByTestId('printer-device-drawer')).toHaveText('つながっています（現金チャージと「ドロアを開ける」で開きます）');
  await expect(card(page, second.uri).getByTestId('printer-device-drawer')).toHaveText('なし');

  // The settings screen: the drawer ticks follow the printer list; move the drawer to the second printer.
  await page.getByRole('link', { name: '端末の状態にもどる' }).click();
  await page.getByRole('link', { name: '端末の設定' }).click();
  await page.getByRole('button', { name: 'プリンター', exact: true }).click();
  const drawers = page.getByRole('group', { name: 'キャッシュドロアをつないだプリンター' });
  await expect(drawers.getByRole('checkbox', { name: first.uri })).toBeChecked();
  await expect(drawers.getByRole('checkbox', { name: second.uri })).not.toBeChecked();
  await drawers.getByRole('checkbox', { name: first.uri }).uncheck();
  await drawers.getByRole('checkbox', { name: second.uri }).check();
  await page.getByRole('button', { name: 'この区分を保存' }).click();
  await expect(page.getByTestId('settings-saved')).toHaveText('保存しました（1 件の変更）。');
  await shot(page, '01-drawer-on-second-ja');
  await expectNoSeriousAxeViolations(page, 'settings: printers with the drawer ticks (ja)');

  await page.getByRole('link', { name: '端末の状態へ戻る' }).click();
  await page.getByRole('link', { name: 'スキャナ・プリンターの状態とログ' }).click();
  await expect(card(page, first.uri).getByTestId('printer-device-drawer')).toHaveText('なし');
  await expect(card(page, second.uri).getByTestId('printer-device-drawer')).toHaveText('つながっています（現金チャージと「ドロアを開ける」で開きます）');
  await page.getByRole('button', { name: 'ドロアを開ける' }).click();
  await page.getByTestId('drawer-confirm').click();
  await expect(page.getByTestId('drawer-done')).toHaveText('ドロアを開けました。');
  await expect.poll(() => second.fake.drawerKicks().length).toBe(1);
  expect(first.fake.drawerKicks()).toEqual([]);

  // In English: no printer ticked; the drawer button explains, nothing reaches a printer.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('link', { name: 'Back to kiosk status' }).click();
  await page.getByRole('link', { name: 'Kiosk settings' }).click();
  await page.getByRole('button', { name: 'Printers', exact: true }).click();
  const drawersEn = page.getByRole('group', { name: 'Printers with the cash drawer connected' });
  await expect(drawersEn.getByRole('checkbox', { name: second.uri })).toBeChecked();
  await drawersEn.getByRole('checkbox', { name: second.uri }).uncheck();
  await page.getByRole('button', { name: 'Save this section' }).click();
  await expect(page.getByTestId('settings-saved')).toHaveText('Saved (1 change(s)).');
  await page.getByRole('link', { name: 'Back to the kiosk status' }).click();
  await page.getByRole('link', { name: 'Scanners, printers and log' }).click();
  await expect(card(page, second.uri).getByTestId('printer-device-drawer')).toHaveText('None');
  await page.getByRole('button', { name: 'Open drawer' }).click();
  await expect(page.getByTestId('drawer-missing')).toContainText('No receipt printer on this kiosk has the cash drawer connected');
  await expect(page.getByTestId('drawer-missing')).toContainText('Printers with the cash drawer connected');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await shot(page, '02-no-drawer-en');
  expect(second.fake.drawerKicks()).toHaveLength(1);
  expect(first.fake.drawerKicks()).toEqual([]);
});
