import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { typeStaffCredential } from './support/staff-pad';

/**
 * Screenshots of the shell and staff screens in portrait (1080×1920) and landscape
 * (1920×1080) under test/artifacts/shell/, for people to look at; each step also asserts
 * what a person would check first on that screen.
 */
const ORIENTATIONS = [
  { name: 'portrait', size: { width: 1080, height: 1920 } },
  { name: 'landscape', size: { width: 1920, height: 1080 } },
] as const;

async function shot(page: Page, name: string, orientation: string): Promise<void> {
  await page.screenshot({ path: `test/artifacts/shell/${orientation}-${name}.png` });
}

for (const orientation of ORIENTATIONS) {
  test(`shell and staff screens, ${orientation.name}`, async ({ page, kiosk }) => {
    test.skip(kiosk.hostKind !== 'web', 'Screenshots come from the web host.');
    await page.setViewportSize(orientation.size);
    await page.clock.install();
    await page.reload();

    await expect(page.getByRole('button', { name: 'タッチしてはじめる' })).toBeVisible();
    await shot(page, '01-attract-ja', orientation.name);
    await page.getByRole('button', { name: 'English' }).click();
    await shot(page, '02-attract-en', orientation.name);
    await page.getByRole('button', { name: 'Touch to start' }).click();
    await expect(page.getByRole('heading', { name: 'What would you like to do?' })).toBeVisible();
    await shot(page, '03-home-en', orientation.name);
    await page.getByRole('link', { name: /Receive e-mail from the co-op/ }).click();
    await expect(page.getByText('@pokepay.jp')).toBeVisible();
    await shot(page, '04-mail-guide-en', orientation.name);
    await page.clock.runFor(71_000);
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await shot(page, '05-idle-countdown-en', orientation.name);
    await page.getByRole('button', { name: 'Start over' }).click();

    const corner = page.getByTestId('staff-corner');
    for (let i = 0; i < 5; i++) await corner.click();
    await typeStaffCredential(page, '2222');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await expect(page.getByTestId('status-portal')).toHaveText('つながっています');
    await shot(page, '06-staff-status-ja', orientation.name);
    await page.getByRole('link', { name: '送信キュー' }).click();
    await expect(page.getByText('対応が必要な処理はありません。')).toBeVisible();
    await shot(page, '07-staff-sync-ja', orientation.name);

    await kiosk.stopPortal();
    await expect(page.getByTestId('offline-banner')).toBeVisible();
    await shot(page, '08-offline-banner-ja', orientation.name);
    await kiosk.startPortal();
    await expect(page.getByTestId('offline-banner')).toBeHidden();
  });
}
