import type { Page } from '@playwright/test';

/** The demo staff (README): PIN → staff number. */
export const DEMO_STAFF_NO: Record<string, string> = { '1111': '1001', '2222': '2001', '3333': '3001' };

/**
 * Types a staff number, "Next", then a PIN on the on-screen staff pad, as a person does (the
 * submit button — サインイン, 承認, … — is pressed by the caller). `staffNo` defaults to the demo
 * staff member with that PIN.
 */
export async function typeStaffCredential(page: Page, pin: string, options: { staffNo?: string; lang?: 'ja' | 'en' } = {}): Promise<void> {
  const en = options.lang === 'en';
  const digit = (d: string) => page.getByRole('button', { name: en ? `Digit ${d}` : `数字 ${d}`, exact: true }).click();
  for (const d of options.staffNo ?? DEMO_STAFF_NO[pin] ?? '1001') await digit(d);
  await page.getByRole('button', { name: en ? 'Next' : '次へ', exact: true }).click();
  for (const d of pin) await digit(d);
}
