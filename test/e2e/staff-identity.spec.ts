/**
 * Staff who are who they say (issue 12): an admin adds a cashier, who signs in with staff number
 * + PIN and must set a new PIN first; a supervisor approves a void for a signed-in cashier from
 * the register screen, and the cashier stays signed in — on screen and on the next sale.
 */
import type { Page } from '@playwright/test';
import { formatMemberCardCodabar } from '../../src/shared/barcode/formats';
import { expect } from './support/fixtures';
import { testWithPtyScanner } from './support/pty-scanner';
import { receiptPaperText } from './support/receipt-paper';
import { typeStaffCredential } from './support/staff-pad';

const TARO = '2024000001';

const test = testWithPtyScanner('sim');

async function shot(page: Page, name: string): Promise<void> {
  for (const [label, size] of [
    ['landscape', { width: 1920, height: 1080 }],
    ['portrait', { width: 1080, height: 1920 }],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `test/artifacts/staff/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
}

async function openPad(page: Page, heading: string): Promise<void> {
  for (let i = 0; i < 5; i++) await page.getByTestId('staff-corner').click();
  await expect(page.getByRole('heading', { name: heading })).toBeVisible();
}

test.describe('staff identity and approvals', () => {
  test('an admin adds a cashier (ja); the cashier signs in with staff number + PIN and must set a new PIN first (en)', async ({ page }) => {
    test.skip(test.info().project.name !== 'web', 'Runs on the web host.');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openPad(page, 'スタッフ サインイン');
    await shot(page, '01-pad-ja');
    await typeStaffCredential(page, '3333');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('link', { name: '職員の管理' }).click();
    await expect(page.getByRole('heading', { name: '職員の管理' })).toBeVisible();
    await expect(page.getByTestId('staff-row')).toHaveCount(3);

    // A PIN that breaks a rule is refused with the rule in words.
    await page.getByLabel('職員番号').pressSequentially('4001');
    await page.getByLabel('名前').pressSequentially('Sato Yui');
    await page.getByLabel('役割', { exact: true }).selectOption('cashier');
    await page.getByLabel('最初の PIN（初回サインインで本人が変更）').pressSequentially('1234');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('連番（1234・4321）');
    await page.getByLabel('最初の PIN（初回サインインで本人が変更）').clear();
    await page.getByLabel('最初の PIN（初回サインインで本人が変更）').pressSequentially('2580');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('Sato Yui を追加しました。');
    await expect(page.locator('[data-testid="staff-row"][data-staff-no="4001"]')).toContainText('PIN の再設定待ち');
    await shot(page, '02-people-ja');
    await page.getByRole('link', { name: '端末の状態にもどる' }).click();
    await page.getByRole('button', { name: 'サインアウト' }).click();

    // The new cashier, in English.
    await page.getByRole('button', { name: 'English' }).click();
    await openPad(page, 'Staff sign-in');
    await typeStaffCredential(page, '2580', { staffNo: '4001', lang: 'en' });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Change my PIN' })).toBeVisible();
    await expect(page.getByText('An admin set your PIN')).toBeVisible();
    await shot(page, '03-pin-change-en');
    const pinStep = async (pin: string, button: string) => {
      for (const d of pin) await page.getByRole('button', { name: `Digit ${d}`, exact: true }).click();
      await page.getByRole('button', { name: button, exact: true }).click();
    };
    await pinStep('2580', 'Next');
    await pinStep('4444', 'Next');
    await pinStep('4444', 'Save the new PIN');
    await expect(page.getByRole('alert')).toContainText('not one digit repeated');
    await pinStep('2580', 'Next');
    await pinStep('3806', 'Next');
    await pinStep('3806', 'Save the new PIN');
    await expect(page.getByRole('status')).toHaveText('Your new PIN is saved.');
    await page.getByRole('link', { name: 'Back to kiosk status' }).click();
    await expect(page.getByText('Signed in as Sato Yui (Cashier)')).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await openPad(page, 'Staff sign-in');
    await typeStaffCredential(page, '3806', { staffNo: '4001', lang: 'en' });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Kiosk status' })).toBeVisible();
  });

  test('a cashier is signed in; a supervisor approves a void from the same screen; the cashier stays signed in and on the next sale', async ({ page, pty }) => {
    test.skip(test.info().project.name !== 'web', 'Runs on the web host.');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openPad(page, 'スタッフ サインイン');
    await typeStaffCredential(page, '1111');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByTestId('open-register').click();
    await expect(page.getByTestId('register-staff')).toContainText('レジ 担当 (demo cashier)');

    pty.write(`${formatMemberCardCodabar(TARO)}\r`);
    await expect(page.getByTestId('register-member-name')).toHaveText('山田 太郎');
    await page.getByTestId('register-preset-1000').click();
    await page.getByTestId('register-confirm').click();
    await expect(page.getByTestId('register-receipt')).toBeVisible();

    await page.getByTestId('register-void').click();
    await typeStaffCredential(page, '2222');
    await shot(page, '04-void-approval-ja');
    await page.getByRole('button', { name: '取消する' }).click();
    await expect(page.getByTestId('register-receipt')).toContainText('取消');
    await expect(page.getByTestId('register-staff')).toContainText('レジ 担当 (demo cashier)');

    // The next sale counts under the cashier, not the supervisor who approved the void.
    await page.getByRole('button', { name: '次のお客さま' }).click();
    pty.write(`${formatMemberCardCodabar(TARO)}\r`);
    await expect(page.getByTestId('register-member-name')).toHaveText('山田 太郎');
    await page.getByTestId('register-preset-1000').click();
    await page.getByTestId('register-confirm').click();
    // The receipt (the on-screen paper is the printed layout as SVG, one glyph per tspan) names the cashier.
    await expect.poll(() => receiptPaperText(page)).toContain('レジ 担当 (demo cashier)');
    expect(await receiptPaperText(page)).not.toContain('店長');
  });
});
