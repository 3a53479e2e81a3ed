/**
 * One source for the store's configuration, end to end (issue 14 item 1, issue 15): an admin
 * changes the store name on the settings screen (typed on the on-screen keyboard, checked in both
 * languages), and the very next top-up's printed receipt carries it — no restart. Chromium
 * against the web host and the reference portal; a socat PTY serial scanner; a receipt printer on
 * 127.0.0.1 (TCP, the test answers its status queries and decodes the cp932 text it prints).
 * Screenshots go to test/artifacts/settings-store-name/.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Page } from '@playwright/test';
import { formatMemberCardCodabar } from '../../src/shared/barcode/formats';
import { FakeEscPosPrinter } from '../helpers/fake-escpos-printer';
import { startSocatPty, type SocatPty } from '../helpers/socat-pty';
import { typeOnKeyboard } from './support/osk';
import { typeStaffCredential } from './support/staff-pad';
import { expect, test as base } from './support/fixtures';

const TARO = '2024000001'; // 5,000 yen

interface TcpPrinter {
  uri: string;
  fake: FakeEscPosPrinter;
}

const test = base.extend<{ pty: SocatPty; printer: TcpPrinter }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object.
  pty: async ({}, use) => {
    const pty = await startSocatPty();
    try {
      await use(pty);
    } finally {
      await pty.stop();
    }
  },
  // eslint-disable-next-line no-empty-pattern -- as above.
  printer: async ({}, use) => {
    const sockets: Socket[] = [];
    const fake = new FakeEscPosPrinter((bytes) => sockets.at(-1)?.write(bytes));
    const server: Server = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (data: Buffer) => fake.feed(data));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await use({ uri: `tcp:127.0.0.1:${(server.address() as { port: number }).port}?pollMs=200`, fake });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  },
  kioskEnv: async ({ pty, printer }, use) => {
    await use({ KIOSK_SCANNERS: `serial:${pty.driverEnd}?baudRate=9600&terminator=CR,sim`, KIOSK_PRINTERS: printer.uri });
  },
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test/artifacts/settings-store-name/${name}.png` });
}

async function signInAdmin(page: Page): Promise<void> {
  const corner = page.getByTestId('staff-corner');
  for (let i = 0; i < 5; i++) await corner.click();
  await typeStaffCredential(page, '3333');
  await page.getByRole('button', { name: 'サインイン' }).click();
}

test.describe('settings: one source', () => {
  test('an admin changes the store name on the screen and the next top-up’s receipt carries it', async ({ page, pty, printer, kiosk }) => {
    test.skip(kiosk.hostKind !== 'web', 'The settings e2e runs on the web host.');
    await signInAdmin(page);
    await page.getByRole('link', { name: '端末の設定' }).click();
    await page.getByRole('button', { name: '店舗', exact: true }).click();
    const name = page.getByLabel('店舗名（レシート）');
    await expect(name).toHaveValue('大学生協');
    await typeOnKeyboard(page, name, 'Kita Store 2', { clear: true });
    await page.getByRole('button', { name: 'この区分を保存' }).click();
    await expect(page.getByTestId('settings-saved')).toHaveText('保存しました（1 件の変更）。');
    await expect(page.getByTestId('settings-pending-restart')).toHaveCount(0);
    await shot(page, '01-store-saved-ja');

    // In English: the value in force, nothing waiting for a restart.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByLabel('Store name (receipts)')).toHaveValue('Kita Store 2');
    await page.getByRole('button', { name: 'Close keyboard' }).click();
    // The printers are set by the environment: locked, with the variable named.
    await page.getByRole('button', { name: 'Printers', exact: true }).click();
    await expect(page.getByLabel('Receipt printers')).toBeDisabled();
    await expect(page.getByText('Set by the environment variable KIOSK_PRINTERS')).toBeVisible();
    await shot(page, '02-printers-locked-en');
    await page.getByRole('button', { name: '日本語' }).click();

    // The register: the very next top-up prints with the new name.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByRole('link', { name: '端末の状態へ戻る' }).click();
    await page.getByTestId('open-register').click();
    await expect(page.getByTestId('register-scan-prompt')).toBeVisible();
    pty.write(`${formatMemberCardCodabar(TARO)}\r`);
    await expect(page.getByTestId('register-member-name')).toHaveText('山田 太郎');
    await page.getByTestId('register-preset-1000').click();
    await page.getByTestId('register-cash-5000').click();
    await page.getByTestId('register-confirm').click();
    await expect(page.getByTestId('register-outcome')).toHaveText('完了しました');
    await expect(page.getByTestId('receipt-amount')).toHaveText('¥1,000');
    await expect.poll(() => printer.fake.code128().length, { message: 'the top-up receipt is printed' }).toBe(1);
    expect(printer.fake.text()).toContain('Kita Store 2');
    expect(printer.fake.text()).not.toContain('大学生協');
    await shot(page, '03-receipt');
  });
});
