/**
 * Staff-card sign-in (issue 12), through a serial scanner on a socat PTY: on the staff sign-in
 * pad a member card is not taken as a staff number (the pad says so); a staff card (the default
 * `staff-card-code128` rule: ST + staff number + check digit) fills the staff number, the PIN is
 * typed on the pad, and that person is signed in. Both languages.
 */
import type { Page } from '@playwright/test';
import { formatMemberCardCode128, formatStaffCardCode128 } from '../../src/shared/barcode';
import { startSocatPty, type SocatPty } from '../helpers/socat-pty';
import { expect, test as base } from './support/fixtures';

const test = base.extend<{ pty: SocatPty }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object.
  pty: async ({}, use) => {
    const pty = await startSocatPty();
    try {
      await use(pty);
    } finally {
      await pty.stop();
    }
  },
  kioskEnv: async ({ pty }, use) => {
    await use({ KIOSK_SCANNERS: `serial:${pty.driverEnd}?baudRate=9600&terminator=CR` });
  },
});

/** Scans `code` until what a person sees shows it was read (the serial port may open after the first bytes). */
async function scanUntil(pty: SocatPty, code: string, seen: () => Promise<void>): Promise<void> {
  await expect(async () => {
    pty.write(`${code}\r`);
    await seen();
  }).toPass({ timeout: 20_000 });
}

const WORDS = {
  ja: {
    heading: 'スタッフ サインイン', digit: (d: string) => `数字 ${d}`, signIn: 'サインイン',
    notStaffCard: 'これは職員カードではありません。職員カードをスキャンするか、職員番号を入力してください。',
    read: '職員カードを読み取りました（職員番号 2001）。PIN を入力してください。',
    signedIn: '店長 (demo supervisor)（責任者）でサインイン中',
  },
  en: {
    heading: 'Staff sign-in', digit: (d: string) => `Digit ${d}`, signIn: 'Sign in',
    notStaffCard: 'This is not a staff card. Scan a staff card or type the staff number.',
    read: 'Staff card read (staff number 2001). Enter the PIN.',
    signedIn: 'Signed in as 店長 (demo supervisor) (Supervisor)',
  },
} as const;

async function openPad(page: Page, heading: string): Promise<void> {
  for (let i = 0; i < 5; i++) await page.getByTestId('staff-corner').click();
  await expect(page.getByRole('heading', { name: heading })).toBeVisible();
}

for (const lang of ['ja', 'en'] as const) {
  const w = WORDS[lang];
  test(`staff card (${lang}): a member card is not a staff number; a staff card fills it, the PIN is typed, that person is signed in`, async ({ page, pty }) => {
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    await openPad(page, w.heading);
    const staffNo = page.getByTestId('staff-no-display');

    await scanUntil(pty, formatMemberCardCode128('2024000001'), () => expect(page.getByTestId('pin-pad-scan')).toHaveText(w.notStaffCard, { timeout: 1_500 }));
    await expect(staffNo).toHaveValue('');

    await scanUntil(pty, formatStaffCardCode128('2001'), () => expect(page.getByTestId('pin-pad-scan')).toHaveText(w.read, { timeout: 1_500 }));
    await expect(staffNo).toHaveValue('2001');
    // The card says who; the PIN, typed on the pad, proves it.
    for (const d of '2222') await page.getByRole('button', { name: w.digit(d), exact: true }).click();
    await page.getByRole('button', { name: w.signIn, exact: true }).click();
    await expect(page.getByText(w.signedIn)).toBeVisible();
  });
}
