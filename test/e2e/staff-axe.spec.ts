/**
 * axe on the staff side (issue 16): the PIN pad, the status screen, the register and its end of
 * day and its flags, the scanner screens, the sync queue, the email-change requests, the repair
 * requests, staff management, the audit, the kiosk settings, the barcode rules, the catalog and
 * the own-PIN change, signed in as the demo administrator (every panel shows), in Japanese and in English. No serious
 * or critical violation on any of them (the student screens are checked by student-path and
 * repair-request). Screens are reached the way the kiosk's own links reach them (hash routes).
 */
import { typeStaffCredential } from './support/staff-pad';
import { expectNoSeriousAxeViolations } from './support/axe';
import { expect, test } from './support/fixtures';

const SCREENS = [
  { hash: '#/staff', heading: 'staff-status' },
  { hash: '#/staff/register', heading: 'register' },
  { hash: '#/staff/register/close', heading: 'register-close' },
  { hash: '#/staff/scanners', heading: 'staff-scanners' },
  { hash: '#/staff/scanners/test', heading: 'staff-scanner-test' },
  { hash: '#/staff/sync', heading: 'staff-sync' },
  { hash: '#/staff/email-changes', heading: 'staff-email-changes' },
  { hash: '#/staff/repair-requests', heading: 'staff-repair-requests' },
  { hash: '#/staff/register/flags', heading: 'register-flags' },
  { hash: '#/staff/people', heading: 'staff-people' },
  { hash: '#/staff/audit', heading: 'staff-audit' },
  { hash: '#/staff/settings', heading: 'staff-settings' },
  { hash: '#/staff/barcode-rules', heading: 'staff-barcode-rules' },
  { hash: '#/staff/catalog', heading: 'staff-catalog' },
  { hash: '#/staff/pin/change', heading: 'staff-pin-change' },
] as const;

for (const w of [
  { lang: 'ja', digit: (d: string) => `数字 ${d}`, signIn: 'サインイン', signedIn: /でサインイン中/ },
  { lang: 'en', digit: (d: string) => `Digit ${d}`, signIn: 'Sign in', signedIn: /Signed in as/ },
] as const) {
  test(`staff screens and the register (${w.lang}): no serious or critical axe violation`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    if (w.lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    for (let i = 0; i < 5; i++) await page.getByTestId('staff-corner').click();
    await expect(page.getByRole('button', { name: w.digit('3'), exact: true })).toBeVisible();
    await expectNoSeriousAxeViolations(page, `${w.lang} staff-pin`);
    await typeStaffCredential(page, '3333', { lang: w.lang });
    await page.getByRole('button', { name: w.signIn }).click();
    await expect(page.getByText(w.signedIn)).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', w.lang);
    for (const screen of SCREENS) {
      await page.evaluate(`location.hash = '${screen.hash}'`);
      await expect(page).toHaveURL(new RegExp(`${screen.hash.replace(/[/#]/g, '\\$&')}$`));
      await expect(page.locator('main h1').first()).toBeVisible();
      await expectNoSeriousAxeViolations(page, `${w.lang} ${screen.heading}`);
    }
  });
}
