import { expect, test } from './support/fixtures';

test.describe('kiosk shell', () => {
  test('attract → language switch → idle countdown → the session is wiped', async ({ page }) => {
    await page.clock.install();
    await page.reload();
    await expect(page.getByRole('heading', { name: '大学生協 カウンター端末' })).toBeVisible();

    // The student switches to English and starts.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'University Co-op Counter Kiosk' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: 'Touch to start' }).click();
    await expect(page.getByRole('heading', { name: 'What would you like to do?' })).toBeVisible();
    await page.getByRole('link', { name: /Receive e-mail from the co-op/ }).click();
    await expect(page.getByRole('heading', { name: 'How to receive e-mail from the co-op' })).toBeVisible();
    await expect(page.getByText('@univ.coop')).toBeVisible();

    // 70 s without a touch: the 20 s countdown appears.
    await page.clock.runFor(71_000);
    const dialog = page.getByRole('alertdialog', { name: 'Are you still there?' });
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId('idle-seconds')).toHaveText(/^(19|20)$/);

    // "Continue" keeps the session.
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { name: 'How to receive e-mail from the co-op' })).toBeVisible();

    // Left alone again, the countdown runs out and the session is wiped: back to the attract screen, in Japanese.
    await page.clock.runFor(75_000);
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await expect(page.getByTestId('idle-seconds')).toHaveText(/^(1[0-6])$/);
    await page.clock.runFor(16_000);
    await expect(page.getByRole('heading', { name: '大学生協 カウンター端末' })).toBeVisible();
    await expect(page.getByRole('alertdialog')).toBeHidden();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await expect(page.getByRole('button', { name: '日本語' })).toHaveAttribute('aria-pressed', 'true');

    // The attract screen itself never times out or reloads.
    await page.clock.runFor(200_000);
    await expect(page.getByRole('alertdialog')).toBeHidden();
  });

  test('"start over" on the countdown wipes at once; the Japanese flow reads in Japanese', async ({ page }) => {
    await page.clock.install();
    await page.reload();
    await page.getByRole('button', { name: 'タッチしてはじめる' }).click();
    await expect(page.getByRole('heading', { name: 'ご用件を選んでください' })).toBeVisible();
    await page.clock.runFor(71_000);
    const dialog = page.getByRole('alertdialog', { name: 'まだご利用中ですか？' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: '最初にもどる' }).click();
    await expect(page.getByRole('heading', { name: '大学生協 カウンター端末' })).toBeVisible();
  });
});
