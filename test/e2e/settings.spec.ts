/**
 * The admin's settings screen end to end (issue 14): Chromium against the web host and the
 * reference portal, a socat PTY serial scanner. An admin lowers the offline payment limit on the
 * screen (typing on the on-screen keyboard) and the register refuses an offline payment over the
 * new limit at once; a negative limit is refused with what to fix (in English), the limit in force
 * unchanged. Screenshots go to test/artifacts/settings/.
 */
import type { Page } from '@playwright/test';
import { formatMemberCardCodabar } from '../../src/shared/barcode/formats';
import { typeOnKeyboard } from './support/osk';
import { typeStaffCredential } from './support/staff-pad';
import { expect } from './support/fixtures';
import { testWithPtyScanner } from './support/pty-scanner';

const TARO = '2024000001'; // 5,000 yen

const test = testWithPtyScanner('sim');

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test/artifacts/settings/${name}.png` });
}

async function signInAdmin(page: Page): Promise<void> {
  const corner = page.getByTestId('staff-corner');
  for (let i = 0; i < 5; i++) await corner.click();
  await typeStaffCredential(page, '3333');
  await page.getByRole('button', { name: 'サインイン' }).click();
}


test.describe('settings', () => {
  test('an admin lowers the offline payment limit and the register refuses an offline payment over it at once', async ({ page, pty, kiosk }) => {
    test.skip(kiosk.hostKind !== 'web', 'The settings e2e runs on the web host.');
    await signInAdmin(page);
    await page.getByRole('link', { name: '端末の設定' }).click();
    await expect(page.getByRole('heading', { name: '端末の設定', level: 1 })).toBeVisible();
    // The environment's language is a lock: shown with its variable, not editable.
    await page.getByRole('button', { name: '無操作時間と言語' }).click();
    await expect(page.getByLabel('最初に表示する言語')).toBeDisabled();
    await expect(page.getByText('環境変数 KIOSK_LANG で設定されています')).toBeVisible();
    await shot(page, '01-session-ja');

    await page.getByRole('button', { name: 'オフライン時の上限' }).click();
    const limit = page.getByLabel('オフライン支払い 1 回の上限（円）');
    await expect(limit).toHaveValue('3000');
    await typeOnKeyboard(page, limit, '1000', { clear: true });
    await page.getByRole('button', { name: 'この区分を保存' }).click();
    await expect(page.getByTestId('settings-saved')).toHaveText('保存しました（1 件の変更）。');
    await shot(page, '02-offline-saved-ja');

    // In English, a negative limit is refused with what to fix; the limit in force stays 1,000.
    await page.getByRole('button', { name: 'English' }).click();
    const limitEn = page.getByLabel('Largest offline payment (yen)');
    await typeOnKeyboard(page, limitEn, '-500', { clear: true });
    await page.getByRole('button', { name: 'Save this section' }).click();
    await expect(page.getByTestId('settings-refused')).toHaveText('Not saved. Fix the following; the settings stay as they were.');
    await expect(page.getByTestId('setting-error')).toHaveText('Enter whole yen from 1 to 10,000,000.');
    await expect(limitEn).toHaveAttribute('aria-invalid', 'true');
    await page.getByRole('button', { name: 'Close keyboard' }).click();
    await shot(page, '03-negative-refused-en');
    await page.getByRole('button', { name: '日本語' }).click();

    // The register, offline: a 2,000 yen payment was allowed before (limit 3,000) and is refused now.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByRole('link', { name: '端末の状態へ戻る' }).click();
    await page.getByTestId('open-register').click();
    await expect(page.getByTestId('register-scan-prompt')).toBeVisible();
    await kiosk.stopPortal();
    await expect(page.getByTestId('register-offline-bar')).toBeVisible();
    pty.write(`${formatMemberCardCodabar(TARO)}\r`);
    await expect(page.getByTestId('register-member-name')).toHaveText('山田 太郎');
    await page.getByTestId('register-kind-payment').click();
    for (const key of ['2', '0', '00']) await page.getByTestId(`register-amount-keys-${key}`).click();
    await page.getByTestId('register-confirm').click();
    await expect(page.getByTestId('register-error')).toHaveAttribute('data-code', 'offline_limit_transaction');
    await shot(page, '04-register-refused');
  });
});
