import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { typeStaffCredential } from './support/staff-pad';

async function openStaffPad(page: Page): Promise<void> {
  // The hidden gesture: five quick taps in the top-left corner.
  const corner = page.getByTestId('staff-corner');
  for (let i = 0; i < 5; i++) await corner.click();
  await expect(page.getByRole('heading', { name: 'スタッフ サインイン' })).toBeVisible();
}

async function enterPin(page: Page, pin: string, staffNo?: string): Promise<void> {
  await typeStaffCredential(page, pin, staffNo ? { staffNo } : {});
  await page.getByRole('button', { name: 'サインイン' }).click();
}

test.describe('staff area', () => {
  test('no visible staff button; four taps do nothing', async ({ page }) => {
    await expect(page.getByRole('button', { name: /スタッフ|staff/i })).toHaveCount(0);
    const corner = page.getByTestId('staff-corner');
    for (let i = 0; i < 4; i++) await corner.click();
    await expect(page.getByRole('heading', { name: 'スタッフ サインイン' })).toBeHidden();
  });

  test('wrong PIN ×5 locks that staff member (not the others); the right PIN then shows the status screen and portal reachability follows the portal', async ({ page, kiosk }) => {
    await openStaffPad(page);
    const alert = page.getByRole('alert');
    for (let attempt = 1; attempt <= 4; attempt++) {
      // After a few wrong PINs the kiosk slows that staff number down for a second or two.
      await expect(async () => {
        await enterPin(page, '9876', '3001');
        await expect(alert).toHaveText(`職員番号か PIN が違います。あと ${5 - attempt} 回まちがえるとこの職員はロックされます。`, { timeout: 5_000 });
      }).toPass({ timeout: 30_000 });
    }
    await expect(async () => {
      await enterPin(page, '9876', '3001');
      await expect(alert).toContainText('この職員をロックしました', { timeout: 5_000 });
    }).toPass({ timeout: 30_000 });
    // Locked: even the right PIN is refused for that staff member…
    await enterPin(page, '3333');
    await expect(alert).toContainText('この職員をロックしました');
    // …while the others still sign in.
    await enterPin(page, '2222');
    await expect(page.getByRole('heading', { name: '端末の状態' })).toBeVisible();
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await openStaffPad(page);

    // The e2e kiosk locks for 3 s (KIOSK_PIN_LOCKOUT_SECONDS); after that the right PIN works.
    await expect(async () => {
      await enterPin(page, '3333');
      await expect(page.getByRole('heading', { name: '端末の状態' })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });

    await expect(page.getByText('管理者 (demo admin)（管理者）でサインイン中')).toBeVisible();
    await expect(page.getByTestId('status-host-mode')).toHaveText(kiosk.hostKind === 'web' ? 'Web ホスト（Chromium）' : 'Electron アプリ');
    await expect(page.getByTestId('status-database-path')).toContainText('kiosk.sqlite');
    await expect(page.getByTestId('status-schema-version')).toHaveText(/^\d+ \/ \d+$/);
    await expect(page.getByTestId('status-portal')).toHaveText('つながっています');
    await expect(page.getByTestId('status-at-rest-key')).toHaveText('正常');
    await expect(page.getByTestId('offline-banner')).toBeHidden();

    await kiosk.stopPortal();
    await expect(page.getByTestId('offline-banner')).toBeVisible();
    await expect(page.getByTestId('offline-banner')).toContainText('オフラインです');
    await expect(page.getByTestId('status-portal')).toHaveText('つながりません');

    await kiosk.startPortal();
    await expect(page.getByTestId('offline-banner')).toBeHidden();
    await expect(page.getByTestId('status-portal')).toHaveText('つながっています');

    await page.getByRole('button', { name: 'サインアウト' }).click();
    await expect(page.getByRole('heading', { name: '大学生協 カウンター端末' })).toBeVisible();
  });

  test('the staff pad works in English too', async ({ page }) => {
    await page.getByRole('button', { name: 'English' }).click();
    const corner = page.getByTestId('staff-corner');
    for (let i = 0; i < 5; i++) await corner.click();
    await expect(page.getByRole('heading', { name: 'Staff sign-in' })).toBeVisible();
    await typeStaffCredential(page, '1111', { lang: 'en' });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Kiosk status' })).toBeVisible();
    await expect(page.getByTestId('status-portal')).toHaveText('Reachable');
    await expect(page.getByTestId('status-at-rest-key')).toHaveText('OK');
  });
});
