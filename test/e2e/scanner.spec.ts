/**
 * Scanners end to end: a serial scanner on a socat PTY pair, the simulator and a keyboard wedge,
 * through the kiosk core's hub to the staff screens in Chromium. The test writes a scanner's bytes
 * into the PTY's far end; the kiosk reads the near end as `serial:<path>?baudRate=9600&terminator=CR`.
 */
import type { Page } from '@playwright/test';
import { formatMemberCardCodabar, formatMemberCardCode128 } from '../../src/shared/barcode/formats';
import { expect } from './support/fixtures';
import { testWithPtyScanner } from './support/pty-scanner';
import { typeStaffCredential } from './support/staff-pad';
import { wedgeScan } from './support/wedge';

const test = testWithPtyScanner('sim', 'wedge?maxInterKeyMs=49');

async function signInAsAdmin(page: Page): Promise<void> {
  const corner = page.getByTestId('staff-corner');
  for (let i = 0; i < 5; i++) await corner.click();
  await expect(page.getByRole('heading', { name: 'スタッフ サインイン' })).toBeVisible();
  await typeStaffCredential(page, '3333');
  await page.getByRole('button', { name: 'サインイン' }).click();
  await expect(page.getByRole('heading', { name: '端末の状態' })).toBeVisible();
}

const sourceCard = (page: Page, sourceId: string) => page.locator(`[data-testid="scanner-source"][data-source-id="${sourceId}"]`);

test.describe('scanners', () => {
  test('a serial scan on a PTY and a wedge scan reach the member panel; typing by hand still works', async ({ page, pty }) => {
    const serialId = `serial:${pty.driverEnd}`;
    await signInAsAdmin(page);

    // Status screen: every configured source, the serial one connected to the PTY.
    await page.getByRole('link', { name: 'スキャナ・プリンターの状態とログ' }).click();
    await expect(page.getByRole('heading', { name: 'スキャナとプリンターの状態' })).toBeVisible();
    await expect(sourceCard(page, serialId).getByTestId('scanner-source-state')).toHaveText('接続しています');
    await expect(sourceCard(page, 'sim').getByTestId('scanner-source-state')).toHaveText('接続しています');
    await expect(sourceCard(page, 'wedge').getByTestId('scanner-source-state')).toHaveText('接続しています');

    // Test page: one rendered barcode per nomenclature rule, with the expected classification.
    await page.getByRole('link', { name: 'スキャナのテスト用バーコード' }).click();
    await expect(page.getByRole('heading', { name: 'スキャナのテスト' })).toBeVisible();
    const cards = page.getByTestId('test-barcode');
    await expect(cards).toHaveCount(8);
    await expect(cards.locator('svg[role="img"]')).toHaveCount(8);
    await expect(page.locator(`[data-barcode="${formatMemberCardCodabar('0012345678')}"]`).getByTestId('test-barcode-expected')).toHaveText('会員カード（会員番号 0012345678）');
    const panel = page.getByTestId('member-scan-panel');
    await expect(panel).toContainText('会員カードかアプリのバーコードを読み取ってください。');

    // A member card through the serial port: code + CR written into the PTY.
    pty.write(`${formatMemberCardCodabar('0012345678')}\r`);
    await expect(panel.getByTestId('member-number')).toHaveText('0012345678');
    await expect(panel).toContainText('会員カード');
    await expect(panel).toContainText(serialId);

    // Garbage: a clear "not a member card", never a crash.
    pty.write('HELLO?WORLD-42\r');
    await expect(panel.getByTestId('member-not-card')).toHaveText('会員カードではありません');
    await expect(panel.getByTestId('member-not-card-reason')).toHaveText('知らない形式です');

    // Keyboard wedge in the web host: a fast burst into a focused text field is a scan, and none of its keys land in the field.
    const field = page.getByTestId('scanner-key-check');
    await field.click();
    await wedgeScan(page, formatMemberCardCode128('0012345678'));
    await expect(panel.getByTestId('member-number')).toHaveText('0012345678');
    await expect(panel).toContainText('wedge');
    await expect(field).toHaveValue('');

    // A person typing (120 ms a key) is not a scanner: every key reaches the field.
    await page.keyboard.type('hello', { delay: 120 });
    await expect(field).toHaveValue('hello');
    await expect(panel).toContainText('wedge');

    // The status screen counts them and logs each scan with its meaning in words.
    await page.getByRole('link', { name: 'スキャナ・プリンターの状態とログ' }).click();
    await expect(sourceCard(page, serialId).getByTestId('scanner-source-scans')).toHaveText('2');
    await expect(sourceCard(page, 'wedge').getByTestId('scanner-source-scans')).toHaveText('1');
    const rows = page.getByTestId('scan-log-row');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText('会員カード（会員番号 0012345678）');
    await expect(rows.nth(0)).toContainText('wedge');
    await expect(rows.nth(1)).toContainText('会員カードではありません（知らない形式です）');
    await expect(rows.nth(2)).toContainText(serialId);

    // Live: a scan while the log is open appears at the top.
    pty.write(`${formatMemberCardCodabar('0000000001')}\r`);
    await expect(rows).toHaveCount(4);
    await expect(rows.nth(0)).toContainText('会員カード（会員番号 0000000001）');
  });
});

test.describe('scanner configuration', () => {
  test.use({ kioskEnv: { KIOSK_SCANNERS: 'sim,barcode:/dev/ttyS0,serial:/dev/ttyS9?baudRate=12' } });

  test('bad scanner URIs show as errors saying what to fix; the simulator still scans', async ({ page }) => {
    await signInAsAdmin(page);
    await page.getByRole('link', { name: 'スキャナ・プリンターの状態とログ' }).click();
    const errors = page.locator('[data-testid="scanner-source"].scanner-card--error');
    await expect(errors).toHaveCount(2);
    await expect(errors.nth(0).getByTestId('scanner-source-error')).toContainText('unknown scanner type "barcode"');
    await expect(errors.nth(1).getByTestId('scanner-source-error')).toContainText('baudRate');
    await expect(errors.nth(0)).toContainText('KIOSK_SCANNERS の設定を直して、端末を再起動してください。');
    await expect(sourceCard(page, 'sim').getByTestId('scanner-source-state')).toHaveText('接続しています');

    // Demo simulator from the test page: the app token test barcode shows its mode, never the token.
    await page.getByRole('link', { name: 'スキャナのテスト用バーコード' }).click();
    await page.getByRole('button', { name: 'シミュレータで読み取る: アプリのバーコード: 支払い' }).click();
    const panel = page.getByTestId('member-scan-panel');
    await expect(panel.getByTestId('member-token-mode')).toHaveText('支払い');
    await page.getByRole('button', { name: 'シミュレータで読み取る: 会員カードではないコード（JAN-13）' }).click();
    await expect(panel.getByTestId('member-not-card-reason')).toHaveText('商品の JAN コードです');
  });
});
