import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { typeStaffCredential } from './support/staff-pad';

async function signIn(page: Page, pin: string): Promise<void> {
  const corner = page.getByTestId('staff-corner');
  for (let i = 0; i < 5; i++) await corner.click();
  await expect(page.getByRole('heading', { name: 'スタッフ サインイン' })).toBeVisible();
  await typeStaffCredential(page, pin);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await expect(page.getByRole('heading', { name: '端末の状態' })).toBeVisible();
}

test.describe('wipe personal data (admin)', () => {
  test('a cashier does not see it; an admin wipes after confirming, the core answers', async ({ page }) => {
    await signIn(page, '1111');
    await expect(page.getByTestId('staff-wipe')).toHaveCount(0);
    await page.getByRole('button', { name: 'サインアウト' }).click();

    await signIn(page, '3333');
    const panel = page.getByTestId('staff-wipe');
    await expect(panel.getByRole('heading', { name: '端末の個人情報を消去' })).toBeVisible();
    await panel.getByTestId('wipe-open').click();
    await expect(panel.getByText('本当に消去しますか？元にはもどせません。')).toBeVisible();
    await panel.getByTestId('wipe-confirm').click();
    await expect(panel.getByTestId('wipe-message')).toContainText('消去しました');
    await expect(panel.getByTestId('wipe-message')).toContainText('再起動は不要です');
  });
});
