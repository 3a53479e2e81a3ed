/**
 * The store's email-change requests on the staff screen (issue 12). A request is taken in at the
 * other kiosk of the demo store (seeded through the portal as demo kiosk 02 would send it); on
 * this kiosk a cashier lists it, opens it and sees the member's name, kana and birth date for the
 * ID check; closing it removes them from the page; a supervisor approves from the cashier's
 * session (typing the staff number in Japanese, scanning a staff card on a socat PTY in English);
 * the cashier's name stays on screen and the personal fields are gone once decided.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { formatStaffCardCode128 } from '../../src/shared/barcode';
import { DEMO_SECOND_DEVICE_ID, DEMO_SECOND_DEVICE_SECRET } from '../../src/portal/demo-seed';
import { startSocatPty, type SocatPty } from '../helpers/socat-pty';
import { expectNoSeriousAxeViolations } from './support/axe';
import { expect, test as base, type KioskHandle } from './support/fixtures';
import { lastCode } from './support/mailbox';
import { typeStaffCredential } from './support/staff-pad';

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

const HANAKO = { memberNo: '2024000002', name: '佐藤 花子', kana: 'サトウ ハナコ' };

/** Hanako's verified request, sent by demo kiosk 02 (the store's other kiosk) through the Portal API. */
async function requestAtOtherKiosk(kiosk: KioskHandle): Promise<void> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${kiosk.portalUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const { accessToken } = (await post('/v1/auth/device-token', { deviceId: DEMO_SECOND_DEVICE_ID, secret: DEMO_SECOND_DEVICE_SECRET })) as { accessToken: string };
  const email = 'hanako.store@example.ac.jp';
  const { verificationId } = (await post('/v1/verifications', { purpose: 'email_change', memberNo: HANAKO.memberNo, email }, accessToken)) as { verificationId: string };
  await post(`/v1/verifications/${verificationId}/confirm`, { code: await lastCode(kiosk, email) }, accessToken);
  const made = (await post('/v1/email-changes', { clientRequestId: randomUUID(), seq: 1, payload: { memberNo: HANAKO.memberNo, newEmail: email, verificationId } }, accessToken)) as { outcome: string };
  expect(made.outcome).toBe('applied');
}

const WORDS = {
  ja: {
    pad: 'スタッフ サインイン', signIn: 'サインイン', link: 'メールアドレス変更の申請', open: `会員 ${HANAKO.memberNo} の申請を開いて本人確認`,
    birthDate: '2006年1月23日', close: '閉じる', approve: '承認', done: '承認済にしました。', cashier: 'レジ 担当 (demo cashier)（レジ担当）でサインイン中',
  },
  en: {
    pad: 'Staff sign-in', signIn: 'Sign in', link: 'E-mail change requests', open: `Open the request of member ${HANAKO.memberNo} to check the ID`,
    birthDate: '23 January 2006', close: 'Close', approve: 'Approve', done: 'Marked as Approved (承認済).', cashier: 'Signed in as レジ 担当 (demo cashier) (Cashier)',
  },
} as const;

async function signInCashier(page: Page, lang: 'ja' | 'en'): Promise<void> {
  if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
  for (let i = 0; i < 5; i++) await page.getByTestId('staff-corner').click();
  await expect(page.getByRole('heading', { name: WORDS[lang].pad })).toBeVisible();
  await typeStaffCredential(page, '1111', { lang });
  await page.getByRole('button', { name: WORDS[lang].signIn, exact: true }).click();
}

for (const lang of ['ja', 'en'] as const) {
  const w = WORDS[lang];
  test(`(${lang}) a request made at the store's other kiosk is listed, opened for the ID check, closed, and approved by a supervisor from the cashier's session`, async ({ page, kiosk, pty }) => {
    await requestAtOtherKiosk(kiosk);
    await signInCashier(page, lang);
    await page.getByRole('link', { name: w.link }).click();
    const row = page.locator(`[data-testid="email-change-row"][data-member-no="${HANAKO.memberNo}"]`);
    await expect(row).toBeVisible();
    const body = page.locator('body');
    // Not fetched, not on the page, until the request is opened.
    await expect(body).not.toContainText(HANAKO.kana);

    await page.getByRole('button', { name: w.open }).click();
    const review = page.getByTestId('email-change-review');
    await expect(review.getByTestId('review-name')).toHaveText(HANAKO.name);
    await expect(review.getByTestId('review-kana')).toHaveText(HANAKO.kana);
    await expect(review.getByTestId('review-birth-date')).toHaveText(w.birthDate);
    await expect(review).toContainText('Demo kiosk 02');
    await expectNoSeriousAxeViolations(page, `email-change review open (${lang})`);

    // Closing drops the personal fields from the page.
    await review.getByRole('button', { name: w.close }).click();
    await expect(review).toHaveCount(0);
    for (const personal of [HANAKO.name, HANAKO.kana, w.birthDate]) await expect(body).not.toContainText(personal);

    // Open again and approve: a supervisor's one-shot approval on the pad.
    await page.getByRole('button', { name: w.open }).click();
    await expect(review.getByTestId('review-kana')).toHaveText(HANAKO.kana);
    await review.getByRole('button', { name: w.approve, exact: true }).click();
    const decision = page.getByTestId('decision-pin');
    if (lang === 'ja') {
      await typeStaffCredential(page, '2222');
    } else {
      // The approver scans their staff card instead of typing the number; the PIN is still typed.
      await expect(async () => {
        pty.write(`${formatStaffCardCode128('2001')}\r`);
        await expect(decision.getByTestId('staff-no-display')).toHaveValue('2001', { timeout: 1_500 });
      }).toPass({ timeout: 20_000 });
      for (const d of '2222') await page.getByRole('button', { name: `Digit ${d}`, exact: true }).click();
    }
    await decision.getByRole('button', { name: w.approve, exact: true }).click();
    await expect(page.getByTestId('decision-done')).toHaveText(w.done);

    // The cashier is still the one signed in; the decided request and its personal fields are gone.
    await expect(page.getByTestId('signed-in-as')).toHaveText(w.cashier);
    await expect(review).toHaveCount(0);
    for (const personal of [HANAKO.name, HANAKO.kana, w.birthDate]) await expect(body).not.toContainText(personal);
    await expect(row).toHaveCount(0);
  });
}
