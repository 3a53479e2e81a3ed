/**
 * Counter flows end to end (issue 5): guided sign-up, the counter email change with staff
 * approval, "which address is registered?", in Chromium against the web host and the reference
 * portal. Codes are read from the portal's dev mailbox. Every step is checked with axe-core and
 * saved as a screenshot in portrait (1080×1920) and landscape (1920×1080) under
 * test-results/registration/.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { formatMemberCardCodabar } from '../../src/shared/barcode/formats';
import { expectNoSeriousAxeViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { typeOnKeyboard } from './support/osk';
import { typeStaffCredential } from './support/staff-pad';
import { lastCode, mails } from './support/mailbox';

test.use({ kioskEnv: { KIOSK_SCANNERS: 'sim,wedge?maxInterKeyMs=49' } });
// Every field is typed key by key on the on-screen keyboard, as a student does: slower than fill().
test.describe.configure({ timeout: 300_000 });

const ORIENTATIONS = [
  { name: 'portrait', size: { width: 1080, height: 1920 } },
  { name: 'landscape', size: { width: 1920, height: 1080 } },
] as const;

/** axe on the screen as it is (no serious or critical violation), then a screenshot in each orientation. */
async function check(page: Page, name: string): Promise<void> {
  await expectNoSeriousAxeViolations(page, name);
  // Touch targets: every button, link, field and selector is at least 44 px high.
  const small = await page.evaluate<Array<{ el: string; h: number; w: number }>>(`
    [...document.querySelectorAll('main button, main a, main input, main select')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el: el.outerHTML.slice(0, 80), h: el.getBoundingClientRect().height, w: el.getBoundingClientRect().width }))
      .filter((r) => r.h < 44 || r.w < 44)
  `);
  expect(small, `touch targets on ${name}`).toEqual([]);
  const current = page.viewportSize();
  for (const orientation of ORIENTATIONS) {
    await page.setViewportSize(orientation.size);
    await page.screenshot({ path: `test-results/registration/${orientation.name}-${name}.png`, fullPage: true });
  }
  if (current) await page.setViewportSize(current);
}

/**
 * A keyboard-wedge scan of a member card (a fast burst of keys, then Enter). On a loaded machine
 * a burst can come out slower than a scanner's; like a person at the counter, scan again.
 */
async function scanCard(page: Page, memberNo: string, seen = 'card-scanned'): Promise<void> {
  await expect(async () => {
    await page.keyboard.type(formatMemberCardCodabar(memberNo));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId(seen)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

const JA = { year: '年', month: '月', day: '日', next: '次へ' };
const EN = { year: 'Year', month: 'Month', day: 'Day', next: 'Next' };

async function birthDate(page: Page, words: typeof JA, date: string): Promise<void> {
  const [y, m, d] = date.split('-').map(Number);
  await page.getByRole('combobox', { name: words.year, exact: true }).selectOption(String(y));
  await page.getByRole('combobox', { name: words.month, exact: true }).selectOption(String(m));
  await page.getByRole('combobox', { name: words.day, exact: true }).selectOption(String(d));
}

async function startAt(page: Page, tile: RegExp, language: 'ja' | 'en' = 'ja'): Promise<void> {
  if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: language === 'ja' ? 'タッチしてはじめる' : 'Touch to start' }).click();
  await page.getByRole('link', { name: tile }).click();
}

const TARO = { memberNo: '2024000001', birthDate: '2005-04-12', email: 'taro.yamada@example.ac.jp' };

/** Taro identifies with number and birthdate, confirms his address twice and asks for a code. */
async function identifyAndSendCode(page: Page): Promise<void> {
  await typeOnKeyboard(page, page.getByLabel('会員番号（10桁）'), TARO.memberNo, { clear: true });
  await birthDate(page, JA, TARO.birthDate);
  await page.getByRole('button', { name: '次へ' }).click();
  await typeOnKeyboard(page, page.getByRole('textbox', { name: 'メールアドレス 必須', exact: true }), TARO.email, { clear: true });
  await typeOnKeyboard(page, page.getByLabel('メールアドレス（確認のためもう一度）'), TARO.email, { clear: true });
  await page.getByRole('button', { name: 'このアドレスを使う' }).click();
  await page.getByRole('button', { name: '確認コードを送る' }).click();
}

async function reachCodeStep(page: Page): Promise<void> {
  await startAt(page, /My Portal 新規登録/);
  await identifyAndSendCode(page);
  await expect(page.getByRole('heading', { name: '確認コードの入力' })).toBeVisible();
  await expect(page.getByLabel('確認コード（6桁の数字）')).toBeVisible();
}

test.describe('guided sign-up', () => {
  test('a seeded member signs up in Japanese: card scan, code from the mailbox, furigana on the kana board, done; nothing personal left on disk or in the log', async ({ page, kiosk }) => {
    await startAt(page, /My Portal 新規登録/);
    await expect(page.getByRole('heading', { name: '本人確認' })).toBeVisible();
    await check(page, 'signup-ja-1-identify');
    await scanCard(page, TARO.memberNo);
    await expect(page.getByTestId('card-scanned')).toContainText(TARO.memberNo);
    await expect(page.getByLabel('会員番号（10桁）')).toHaveValue(TARO.memberNo);
    await birthDate(page, JA, TARO.birthDate);
    await page.getByRole('button', { name: '次へ' }).click();

    await expect(page.getByRole('heading', { name: 'メールアドレスの確認' })).toBeVisible();
    await expect(page.getByTestId('registered-email')).toHaveText('t***@e***.jp');
    await expect(page.getByRole('navigation', { name: '手続きの進み具合' }).locator('[aria-current="step"]')).toContainText('メールアドレス');
    await check(page, 'signup-ja-2-email');
    await typeOnKeyboard(page, page.getByRole('textbox', { name: 'メールアドレス 必須', exact: true }), TARO.email, { clear: true });
    await expect(page.getByTestId('osk')).toBeVisible();
    await typeOnKeyboard(page, page.getByLabel('メールアドレス（確認のためもう一度）'), 'taro.yamada@example.ac.jq', { clear: true });
    await page.getByRole('button', { name: 'このアドレスを使う' }).click();
    await expect(page.getByText('2 つのアドレスが一致しません。')).toBeVisible();
    await typeOnKeyboard(page, page.getByLabel('メールアドレス（確認のためもう一度）'), TARO.email, { clear: true });
    await page.getByRole('button', { name: 'このアドレスを使う' }).click();
    await expect(page.getByText('登録されているアドレスと一致しているようです。')).toBeVisible();
    await check(page, 'signup-ja-3-email-chosen');
    await page.getByRole('button', { name: '確認コードを送る' }).click();

    await expect(page.getByRole('heading', { name: '確認コードの入力' })).toBeVisible();
    await check(page, 'signup-ja-4-code');
    await typeOnKeyboard(page, page.getByLabel('確認コード（6桁の数字）'), await lastCode(kiosk, TARO.email), { clear: true });
    await page.getByRole('button', { name: 'コードの確認' }).click();

    await expect(page.getByRole('heading', { name: '登録情報の入力' })).toBeVisible();
    await expect(page.getByLabel('氏名（漢字）')).toHaveValue('山田 太郎');
    await expect(page.getByLabel('携帯電話番号（11桁）')).toHaveValue('09012345678');
    // The kana board writes katakana (hiragana from a physical keyboard is converted: unit-tested).
    await typeOnKeyboard(page, page.getByLabel('フリガナ（カタカナ）'), 'ヤマダ タロウ', { clear: true });
    await typeOnKeyboard(page, page.getByLabel('携帯電話番号（11桁）'), '090-5555-0123', { clear: true });
    await expect(page.getByTestId('phone-e164')).toHaveText('登録される番号: +819055550123');
    await typeOnKeyboard(page, page.getByLabel('郵便番号（7桁）'), '9800811', { clear: true });
    await page.getByRole('button', { name: '住所を入れる' }).click();
    await expect(page.getByLabel('フリガナ（カタカナ）')).toHaveValue('ヤマダ　タロウ');
    await expect(page.getByLabel('都道府県')).toHaveValue('宮城県');
    await expect(page.getByLabel('市区町村')).toHaveValue('仙台市青葉区');
    await expect(page.getByLabel('町域')).toHaveValue('一番町');
    await typeOnKeyboard(page, page.getByLabel('番地・建物名・部屋番号'), '4-1-1 Coop Heights 305', { clear: true });
    await typeOnKeyboard(page, page.getByLabel('備考'), 'Zebra remark 42', { clear: true });
    await check(page, 'signup-ja-5-info');
    await page.getByRole('button', { name: '入力内容を確認する' }).click();

    await expect(page.getByRole('heading', { name: '登録内容の確認' })).toBeVisible();
    await expect(page.getByTestId('signup-summary')).toContainText('ヤマダ　タロウ');
    await expect(page.getByTestId('signup-summary')).toContainText('+819055550123');
    await check(page, 'signup-ja-6-confirm');
    await page.getByRole('button', { name: 'この内容で登録する' }).click();

    await expect(page.getByRole('heading', { name: '登録を受け付けました' })).toBeVisible();
    await expect(page.getByTestId('signup-status')).toHaveAttribute('data-state', 'sent');
    await expect(page.getByTestId('done-checklist')).toContainText('8 文字以上');
    await expect(page.getByRole('img', { name: /QR コード/ })).toBeVisible();
    await check(page, 'signup-ja-7-done');
    await expect.poll(async () => (await mails(kiosk, TARO.email)).some((m) => m.subject.includes('登録完了'))).toBe(true);
    // The kiosk never asks for a password or an MFA code.
    expect(await page.locator('input[type="password"]').count()).toBe(0);

    await page.getByRole('button', { name: 'おわる' }).click();
    await expect(page.getByRole('button', { name: 'タッチしてはじめる' })).toBeVisible();
    // Nothing the student typed is readable in the database, its WAL, the log files (logs/) or the kiosk's log.
    const dir = join(kiosk.dataDir, 'kiosk');
    const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && f.name !== 'draft.key');
    const files = Buffer.concat(entries.map((f) => readFileSync(join(f.parentPath, f.name))));
    const log = kiosk.kioskLog?.() ?? '';
    for (const secret of [TARO.email, '09055550123', '+819055550123', 'Coop Heights', 'Zebra remark 42']) {
      expect(files.includes(Buffer.from(secret)), `${secret} on disk`).toBe(false);
      expect(log.includes(secret), `${secret} in the log`).toBe(false);
    }
    expect(log.includes('山田')).toBe(false);
  });

  test('in English with the portal down: carrier guidance, queued, sent when the portal is back, and the mail arrives', async ({ page, kiosk }) => {
    const hanako = { memberNo: '2024000002', birthDate: '2006-01-23', email: 'hanako.sato@docomo.ne.jp' };
    await startAt(page, /My Portal sign-up/, 'en');
    await check(page, 'signup-en-1-identify');
    await typeOnKeyboard(page, page.getByLabel('Member number (10 digits)'), hanako.memberNo, { clear: true });
    await birthDate(page, EN, '2006-01-24');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page.getByTestId('counter-error')).toHaveText('The date of birth does not match our records. Check the year, month and day (tries left: 4).');
    await check(page, 'signup-en-1b-birthdate-wrong');
    await birthDate(page, EN, hanako.birthDate);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Your e-mail address' })).toBeVisible();
    await check(page, 'signup-en-2-email');
    await typeOnKeyboard(page, page.getByRole('textbox', { name: 'E-mail address Required', exact: true }), hanako.email, { clear: true });
    await typeOnKeyboard(page, page.getByLabel('E-mail address (again, to check)'), hanako.email, { clear: true });
    await page.getByRole('button', { name: 'Use this address' }).click();
    await expect(page.getByRole('heading', { name: 'Using docomo mail?' })).toBeVisible();
    await expect(page.getByTestId('carrier-guide')).toContainText('@univ.coop');
    await check(page, 'signup-en-3-carrier');
    await page.getByRole('button', { name: 'Send the code' }).click();
    await check(page, 'signup-en-4-code');
    await typeOnKeyboard(page, page.getByLabel('Code (6 digits)'), await lastCode(kiosk, hanako.email), { clear: true });
    await page.getByRole('button', { name: 'Verify code' }).click();
    await expect(page.getByRole('heading', { name: 'Your details' })).toBeVisible();
    await typeOnKeyboard(page, page.getByLabel('Postal code (7 digits)'), '100-0001', { clear: true });
    await page.getByRole('button', { name: 'Fill in the address' }).click();
    await expect(page.getByLabel('City / ward')).toHaveValue('千代田区');
    await check(page, 'signup-en-5-info');

    await kiosk.stopPortal();
    await expect(page.getByTestId('offline-banner')).toBeVisible();
    await page.getByRole('button', { name: 'Check what I entered' }).click();
    await check(page, 'signup-en-6-confirm-offline');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByTestId('signup-status')).toHaveAttribute('data-state', 'queued');
    await expect(page.getByTestId('signup-status')).toContainText('saved on this kiosk and will be sent automatically');
    await check(page, 'signup-en-7-done-queued');

    await kiosk.startPortal();
    await expect(page.getByTestId('signup-status')).toHaveAttribute('data-state', 'sent', { timeout: 20_000 });
    await check(page, 'signup-en-8-done-sent');
    await expect.poll(async () => (await mails(kiosk, hanako.email)).some((m) => m.subject.includes('登録完了'))).toBe(true);
  });

  test.describe('a student who mistypes, then walks away', () => {
    // Typing on the on-screen keyboard takes real time: the portal's resend cooldown is 120 s here,
    // so it still runs when the page's own countdown (on the page clock) has ended; the idle
    // timeout is 300 s so that countdown ends before the student counts as gone.
    test.use({ portalEnv: { PORTAL_RESEND_COOLDOWN_SECONDS: '120' }, kioskEnv: { KIOSK_SCANNERS: 'sim,wedge?maxInterKeyMs=49', KIOSK_IDLE_SECONDS: '300' } });

    test('wrong code five times kills it and says what to do; the resend cooldown has its own message; an idle timeout mid-flow wipes every screen and store', async ({ page, kiosk }) => {
      await page.clock.install();
      await page.reload();
      await startAt(page, /My Portal 新規登録/);
      await identifyAndSendCode(page);
      const right = await lastCode(kiosk, TARO.email);
      const wrong = right === '000000' ? '111111' : '000000';
      await expect(page.getByTestId('resend-code')).toBeDisabled();
      for (const left of [4, 3, 2, 1]) {
        await typeOnKeyboard(page, page.getByLabel('確認コード（6桁の数字）'), wrong, { clear: true });
        await page.getByRole('button', { name: 'コードの確認' }).click();
        await expect(page.getByTestId('counter-error')).toHaveText(`確認コードが違います。あと ${left} 回まで入力できます。`);
      }
      await check(page, 'signup-ja-4b-code-wrong');
      await typeOnKeyboard(page, page.getByLabel('確認コード（6桁の数字）'), wrong, { clear: true });
      await page.getByRole('button', { name: 'コードの確認' }).click();
      await expect(page.getByTestId('counter-error')).toHaveAttribute('data-code', 'code_tries_exhausted');
      await expect(page.getByTestId('counter-error')).toContainText('「新しいコードを送る」を押して');
      await expect(page.getByLabel('確認コード（6桁の数字）')).toHaveCount(0);
      await check(page, 'signup-ja-4c-code-dead');

      // The page's countdown ends; the portal's own cooldown (120 s of real time) has not: its message says how long.
      await page.clock.runFor(121_000);
      await expect(page.getByTestId('resend-code')).toBeEnabled();
      await page.getByTestId('resend-code').click();
      await expect(page.getByTestId('counter-error')).toHaveAttribute('data-code', 'resend_cooldown');
      await expect(page.getByTestId('counter-error')).toContainText('秒後に送れます');
      await check(page, 'signup-ja-4d-resend-cooldown');

      // The student walks away: countdown, then the wipe. Every screen and store is empty again.
      await page.clock.runFor(301_000);
      await expect(page.getByRole('button', { name: 'タッチしてはじめる' })).toBeVisible();
      await page.getByRole('button', { name: 'タッチしてはじめる' }).click();
      await page.getByRole('link', { name: /My Portal 新規登録/ }).click();
      await expect(page.getByLabel('会員番号（10桁）')).toHaveValue('');
      await expect(page.getByRole('combobox', { name: '年', exact: true })).toHaveValue('');
      await expect(page.getByTestId('counter-error')).toHaveCount(0);
      expect(await page.evaluate('window.kiosk.counterGetFlow({})')).toEqual({ ok: true, value: null });
      // The sealed draft itself stays resumable by the same card until it expires.
      await typeOnKeyboard(page, page.getByLabel('会員番号（10桁）'), TARO.memberNo, { clear: true });
      await expect(page.getByTestId('draft-found')).toBeVisible();
    });
  });

  test('a kiosk restart mid-flow: the same card resumes where it stopped', async ({ page, kiosk }) => {
    await startAt(page, /My Portal 新規登録/);
    await identifyAndSendCode(page);
    await expect(page.getByRole('heading', { name: '確認コードの入力' })).toBeVisible();

    await kiosk.restartKiosk?.();
    await startAt(page, /My Portal 新規登録/);
    await scanCard(page, TARO.memberNo, 'draft-found');
    await expect(page.getByTestId('draft-found')).toContainText('途中まで進めた「My Portal 新規登録」があります');
    await check(page, 'signup-ja-1b-draft-found');
    await birthDate(page, JA, TARO.birthDate);
    await page.getByRole('button', { name: '次へ' }).click();
    await expect(page.getByTestId('resumed')).toBeVisible();
    await expect(page.getByRole('heading', { name: '確認コードの入力' })).toBeVisible();
    await typeOnKeyboard(page, page.getByLabel('確認コード（6桁の数字）'), await lastCode(kiosk, TARO.email), { clear: true });
    await page.getByRole('button', { name: 'コードの確認' }).click();
    await expect(page.getByRole('heading', { name: '登録情報の入力' })).toBeVisible();
    // Stop: the draft is erased at once.
    await page.getByRole('button', { name: 'やめる' }).click();
    await page.getByRole('button', { name: 'やめて消す' }).click();
    await expect(page.getByRole('heading', { name: 'ご用件を選んでください' })).toBeVisible();
    await page.getByRole('link', { name: /My Portal 新規登録/ }).click();
    await typeOnKeyboard(page, page.getByLabel('会員番号（10桁）'), TARO.memberNo, { clear: true });
    await expect(page.getByTestId('draft-found')).toHaveCount(0);
  });

  test('edge cases: a non-member card, a registered member, a postal code with several towns', async ({ page, kiosk }) => {
    await startAt(page, /My Portal 新規登録/);
    // A product's JAN code is not a member card.
    await expect(async () => {
      await page.keyboard.type('4901234567894');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('not-member-card')).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await check(page, 'signup-ja-1c-not-a-card');
    await typeOnKeyboard(page, page.getByLabel('会員番号（10桁）'), '2024000003', { clear: true });
    await birthDate(page, JA, '2004-11-05');
    await page.getByRole('button', { name: '次へ' }).click();
    await expect(page.getByTestId('counter-error')).toHaveAttribute('data-code', 'already_registered');

    await identifyAndSendCode(page);
    await expect(page.getByRole('heading', { name: '確認コードの入力' })).toBeVisible();
    await typeOnKeyboard(page, page.getByLabel('確認コード（6桁の数字）'), await lastCode(kiosk, TARO.email), { clear: true });
    await page.getByRole('button', { name: 'コードの確認' }).click();
    await expect(page.getByRole('heading', { name: '登録情報の入力' })).toBeVisible();
    // 〒871-0000 is both 福岡県 築上郡吉富町 and 大分県 中津市 in Japan Post's data: the student chooses.
    await typeOnKeyboard(page, page.getByLabel('郵便番号（7桁）'), '8710000', { clear: true });
    await page.getByRole('button', { name: '住所を入れる' }).click();
    await expect(page.getByText('この郵便番号には複数の地域があります。')).toBeVisible();
    await check(page, 'signup-ja-5b-postal-choice');
    await page.getByRole('button', { name: '大分県 中津市' }).click();
    await expect(page.getByLabel('都道府県')).toHaveValue('大分県');
    await expect(page.getByLabel('市区町村')).toHaveValue('中津市');
  });
});

test.describe('a code that expires', () => {
  // A rehearsal portal whose codes live 2 s instead of 10 min.
  test.use({ portalEnv: { PORTAL_CODE_TTL_SECONDS: '2' } });

  test('the screen says the code has expired, hides the field and offers a new code', async ({ page }) => {
    await reachCodeStep(page);
    await expect(page.getByRole('alert')).toHaveText('このコードは有効期限が切れました。「新しいコードを送る」を押してください。', { timeout: 10_000 });
    await expect(page.getByLabel('確認コード（6桁の数字）')).toBeHidden();
    await expect(page.getByTestId('resend-code')).toHaveClass(/button--primary/);
    await check(page, 'signup-ja-4f-code-expired');
  });
});

test.describe('the generation cap', () => {
  // A rehearsal portal: codes live 5 minutes, at most 2 per address in a code's lifetime, no resend cooldown.
  test.use({ portalEnv: { PORTAL_RESEND_COOLDOWN_SECONDS: '0', PORTAL_MAX_CODES_PER_ADDRESS: '2', PORTAL_CODE_TTL_SECONDS: '300' } });

  test('after the last allowed code the screen says none are left and how long until the address unlocks', async ({ page }) => {
    await reachCodeStep(page);
    // The lifetime shown is the portal's (5 minutes here), not a number written into the kiosk.
    await expect(page.getByTestId('code-expires')).toHaveText(/^このコードの有効期限: \d{2}:\d{2}（5 分間）$/);
    await expect(page.getByText('このアドレスに送れるコードは、あと 1 回です。')).toBeVisible();
    await page.getByTestId('resend-code').click();
    await expect(page.getByText('新しいコードを送りました。前のコードは使えません。')).toBeVisible();
    // The cap is reached: the screen says none are left and holds the button until the address
    // unlocks (the portal's lock lasts until the last code expires), so the student cannot hit a wall.
    await expect(page.getByText('このアドレスに送れるコードは、あと 0 回です。')).toBeVisible();
    await expect(page.getByTestId('resend-code')).toBeDisabled();
    await expect(page.getByTestId('resend-code')).toHaveText(/新しいコードを送る（あと \d+ 秒）/);
    // The code already sent still works.
    await expect(page.getByLabel('確認コード（6桁の数字）')).toBeEnabled();
    await check(page, 'signup-ja-4e-generation-cap');
  });
});

test.describe('email change and "which address?"', () => {
  test('a request is approved by staff with their PIN, another rejected; later scans show 承認済 and 却下', async ({ page, kiosk }) => {
    const hanako = { memberNo: '2024000002', birthDate: '2006-01-23', newEmail: 'hanako.new@example.ac.jp' };
    async function request(member: { memberNo: string; birthDate: string }, newEmail: string, shots: boolean): Promise<void> {
      await startAt(page, /メールアドレスの変更/);
      await typeOnKeyboard(page, page.getByLabel('会員番号（10桁）'), member.memberNo, { clear: true });
      await birthDate(page, JA, member.birthDate);
      await page.getByRole('button', { name: '次へ' }).click();
      await expect(page.getByRole('heading', { name: '現在の登録アドレス' })).toBeVisible();
      // Not signed up to My Portal: the app cannot be in use, so the online form is offered beside the counter.
      await expect(page.getByTestId('not-signed-up')).toBeVisible();
      await expect(page.getByTestId('change-form-path')).toBeVisible();
      await expect(page.getByTestId('lasting-address')).toContainText('在学中に変える必要のないアドレス');
      if (shots) await check(page, 'change-ja-2-current');
      await page.getByRole('button', { name: 'カウンターで変更を申請する' }).click();
      if (shots) await check(page, 'change-ja-3-new');
      await typeOnKeyboard(page, page.getByRole('textbox', { name: 'メールアドレス 必須', exact: true }), newEmail, { clear: true });
      await typeOnKeyboard(page, page.getByLabel('メールアドレス（確認のためもう一度）'), newEmail, { clear: true });
      await page.getByRole('button', { name: '確認コードを送る' }).click();
      await expect(page.getByRole('heading', { name: '確認コードの入力' })).toBeVisible();
      if (shots) await check(page, 'change-ja-4-code');
      await typeOnKeyboard(page, page.getByLabel('確認コード（6桁の数字）'), await lastCode(kiosk, newEmail), { clear: true });
      await page.getByRole('button', { name: 'コードの確認' }).click();
      await expect(page.getByRole('heading', { name: '変更を申請しました' })).toBeVisible();
      await expect(page.getByTestId('change-status')).toHaveAttribute('data-state', 'applied');
      if (shots) await check(page, 'change-ja-5-done');
      await page.getByRole('button', { name: 'おわる' }).click();
    }

    await request(hanako, hanako.newEmail, true);
    await request(TARO, 'taro.new@example.ac.jp', false);

    // Staff: hidden gesture, staff number + PIN, the requests screen; each decision needs a supervisor's approval.
    for (let i = 0; i < 5; i++) await page.getByTestId('staff-corner').click();
    await typeStaffCredential(page, '1111');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('link', { name: 'メールアドレス変更の申請' }).click();
    await expect(page.getByTestId('email-change-row')).toHaveCount(2);
    await check(page, 'change-staff-1-list');
    await page.getByRole('button', { name: `会員 ${hanako.memberNo} の申請を承認` }).click();
    await typeStaffCredential(page, '2222');
    await check(page, 'change-staff-2-pin');
    await page.getByTestId('decision-pin').getByRole('button', { name: '承認' }).click();
    await expect(page.getByTestId('decision-done')).toHaveText('承認済にしました。');
    await page.getByRole('button', { name: `会員 ${TARO.memberNo} の申請を却下` }).click();
    await page.getByLabel('却下の理由（任意）').fill('身分証と一致しない');
    // A cashier cannot decide; an admin can (a one-shot approval: the cashier stays signed in).
    await typeStaffCredential(page, '1111');
    await page.getByTestId('decision-pin').getByRole('button', { name: '却下' }).click();
    await expect(page.getByRole('alert')).toContainText('責任者の承認が必要です');
    await typeStaffCredential(page, '3333');
    await page.getByTestId('decision-pin').getByRole('button', { name: '却下' }).click();
    await expect(page.getByTestId('decision-done')).toHaveText('却下にしました。');
    await expect(page.locator(`[data-testid="email-change-row"][data-member-no="${TARO.memberNo}"] [data-testid="email-change-row-status"]`)).toContainText('却下');
    await check(page, 'change-staff-3-decided');
    await page.getByRole('link', { name: '端末の状態にもどる' }).click();
    // The approvals were one-shot: the cashier is still the one signed in.
    await expect(page.getByText('レジ 担当 (demo cashier)（レジ担当）でサインイン中')).toBeVisible();
    await page.getByRole('button', { name: 'サインアウト' }).click();

    // Later scans: the status is shown.
    await startAt(page, /メールアドレスの変更/);
    await scanCard(page, hanako.memberNo);
    await birthDate(page, JA, hanako.birthDate);
    await page.getByRole('button', { name: '次へ' }).click();
    await expect(page.getByTestId('email-change-state').first()).toHaveText('承認済');
    await expect(page.getByTestId('change-pending')).toBeVisible();
    await check(page, 'change-ja-6-later-approved');
    await page.getByRole('button', { name: 'やめる' }).click();
    await page.getByRole('button', { name: 'やめて消す' }).click();
    await page.getByRole('link', { name: /登録メールアドレスの確認/ }).click();
    await typeOnKeyboard(page, page.getByLabel('会員番号（10桁）'), TARO.memberNo, { clear: true });
    await birthDate(page, JA, TARO.birthDate);
    await page.getByRole('button', { name: '次へ' }).click();
    await expect(page.getByTestId('registered-email')).toContainText('t***@e***.jp');
    await expect(page.getByTestId('email-change-state').first()).toHaveText('却下');
    await check(page, 'lookup-ja-1-rejected');
  });

  test('a signed-up member is asked whether the app is in use: "not yet" offers the online form by QR and the counter, "yes" the counter only; both languages', async ({ page }) => {
    const ken = { memberNo: '2024000003', birthDate: '2004-11-05' };
    for (const w of [
      { lang: 'ja' as const, tile: /メールアドレスの変更/, memberNo: '会員番号（10桁）', dates: JA, next: '次へ', no: 'いいえ、まだです', yes: 'はい、使っています', again: '答えを変える', counter: 'カウンターで変更を申請する', stop: 'やめる', stopYes: 'やめて消す' },
      { lang: 'en' as const, tile: /Change my e-mail address/, memberNo: 'Member number (10 digits)', dates: EN, next: 'Next', no: 'No, not yet', yes: 'Yes, I use the app', again: 'Change my answer', counter: 'Request the change at the counter', stop: 'Stop', stopYes: 'Stop and erase' },
    ]) {
      await startAt(page, w.tile, w.lang);
      await check(page, `change-${w.lang}-1-identify`);
      await typeOnKeyboard(page, page.getByLabel(w.memberNo), ken.memberNo);
      await birthDate(page, w.dates, ken.birthDate);
      await page.getByRole('button', { name: w.next, exact: true }).click();
      await expect(page.getByTestId('app-question')).toBeVisible();
      await expect(page.getByTestId('change-form-path')).toHaveCount(0);
      await check(page, `change-${w.lang}-2a-app-question`);
      await page.getByRole('button', { name: w.no }).click();
      await expect(page.getByTestId('change-form-path')).toBeVisible();
      await expect(page.getByTestId('change-counter-path')).toBeVisible();
      await check(page, `change-${w.lang}-2b-app-not-yet`);
      await page.getByTestId('change-form-qr').locator('img').screenshot({ path: `test-results/registration/change-${w.lang}-form-qr.png` });
      expect(execFileSync('zbarimg', ['--quiet', '--raw', `test-results/registration/change-${w.lang}-form-qr.png`], { encoding: 'utf8' }).trim()).toBe('https://apps.univ.coop/mobileapp/flow-student/');
      await page.getByRole('button', { name: w.again }).click();
      await page.getByRole('button', { name: w.yes }).click();
      await expect(page.getByTestId('change-form-path')).toHaveCount(0);
      await expect(page.getByRole('button', { name: w.counter })).toBeVisible();
      await check(page, `change-${w.lang}-2c-app-in-use`);
      await page.getByRole('button', { name: w.stop, exact: true }).click();
      await page.getByRole('button', { name: w.stopYes }).click();
      await page.getByRole('button', { name: w.lang === 'ja' ? 'おわる' : 'Finish', exact: true }).click();
    }
  });

  test('"which address is registered?" in English, for a member whose address is unknown', async ({ page }) => {
    await startAt(page, /Which e-mail address is registered\?/, 'en');
    await typeOnKeyboard(page, page.getByLabel('Member number (10 digits)'), '2024000005', { clear: true });
    await birthDate(page, EN, '2003-02-14');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page.getByTestId('registered-email-none')).toContainText('No e-mail address is registered with the co-op.');
    await check(page, 'lookup-en-1-unknown');
    await page.getByRole('button', { name: 'Finish' }).click();
    // The wipe brings the kiosk back to Japanese; the next student switches again.
    await expect(page.getByRole('button', { name: 'タッチしてはじめる' })).toBeVisible();
    await startAt(page, /Change my e-mail address/, 'en');
    await check(page, 'change-en-1-identify');
    await typeOnKeyboard(page, page.getByLabel('Member number (10 digits)'), '2099999999', { clear: true });
    await birthDate(page, EN, '2003-02-14');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page.getByTestId('counter-error')).toHaveText('No member has that number. Check it, or ask the staff.');
  });
});
