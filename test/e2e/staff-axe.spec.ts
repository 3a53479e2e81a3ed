/**
 * axe on the staff side (issue 16): the PIN pad, the status screen, the register and its end of
 * day, the scanner screens, the sync queue, the email-change requests and the repair requests,
 * signed in as the demo administrator (every panel shows), in Japanese and in English. No serious
 * or critical violation on any of them (the student screens are checked by student-path and
 * repair-request). Screens are reached the way the kiosk's own links reach them (hash routes).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { typeStaffCredential } from './support/staff-pad';
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
] as const;

async function axe(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${name}`).toEqual([]);
}

for (const w of [
  { lang: 'ja', digit: (d: string) => `数字 ${d}`, signIn: 'サインイン', signedIn: /でサインイン中/ },
  { lang: 'en', digit: (d: string) => `Digit ${d}`, signIn: 'Sign in', signedIn: /Signed in as/ },
] as const) {
  test(`staff screens and the register (${w.lang}): no serious or critical axe violation`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    if (w.lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    for (let i = 0; i < 5; i++) await page.getByTestId('staff-corner').click();
    await expect(page.getByRole('button', { name: w.digit('3'), exact: true })).toBeVisible();
    await axe(page, `${w.lang} staff-pin`);
    await typeStaffCredential(page, '3333', { lang: w.lang });
    await page.getByRole('button', { name: w.signIn }).click();
    await expect(page.getByText(w.signedIn)).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', w.lang);
    for (const screen of SCREENS) {
      await page.evaluate(`location.hash = '${screen.hash}'`);
      await expect(page).toHaveURL(new RegExp(`${screen.hash.replace(/[/#]/g, '\\$&')}$`));
      await expect(page.locator('main h1').first()).toBeVisible();
      await axe(page, `${w.lang} ${screen.heading}`);
    }
  });
}
