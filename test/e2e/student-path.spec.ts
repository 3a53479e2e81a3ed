/**
 * The student's path as the guides walk it (issue 16), typed ONLY on the kiosk's own keyboard: a
 * full sign-up in Japanese (portrait) and in English (landscape), every field touched and typed key
 * by key (a furigana with ・, ゛, ゜, small kana and ー; an e-mail with capitals, `+` and a domain
 * key). At every typed field the keyboard leaves the field and the step's buttons uncovered, in
 * both orientations. The done screen's QR, decoded by zbarimg from the screenshot, opens the
 * configured password guide; its checklist follows the guides' order. Every step is checked with
 * axe and saved in portrait (1080×1920) and landscape (1920×1080) under test-results/student/.
 */
import { execFileSync } from 'node:child_process';
import type { Locator, Page } from '@playwright/test';
import { expectNoSeriousAxeViolations } from './support/axe';
import { expect, test, type KioskHandle } from './support/fixtures';
import { expectKeyboardLeavesRoom, keyboard, pressKey, typeOnKeyboard } from './support/osk';
import { lastCode } from './support/mailbox';

const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const SHOTS = 'test-results/student';

// A whole visit pressed key by key, with axe and two screenshots at every step: minutes, not seconds.
test.describe.configure({ timeout: 300_000 });

/** axe (no serious or critical violation), touch targets of 44 px, then a screenshot in each orientation. */
async function check(page: Page, name: string): Promise<void> {
  await expectNoSeriousAxeViolations(page, name);
  const small = await page.evaluate<Array<{ el: string; h: number; w: number }>>(`
    [...document.querySelectorAll('main button, main a, main input, main select, [data-testid="osk"] button, header button')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el: el.outerHTML.slice(0, 80), h: el.getBoundingClientRect().height, w: el.getBoundingClientRect().width }))
      .filter((r) => r.h < 44 || r.w < 44)
  `);
  expect(small, `touch targets on ${name}`).toEqual([]);
  const current = page.viewportSize();
  for (const [orientation, size] of [['portrait', PORTRAIT], ['landscape', LANDSCAPE]] as const) {
    await page.setViewportSize(size);
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    await page.screenshot({ path: `${SHOTS}/${orientation}-${name}.png`, fullPage: true });
  }
  if (current) await page.setViewportSize(current);
}

/** After typing a field: the keyboard covers neither it nor the step's buttons, in either orientation. */
async function roomInBothOrientations(page: Page, field: Locator): Promise<void> {
  const current = page.viewportSize();
  for (const size of [PORTRAIT, LANDSCAPE]) {
    await page.setViewportSize(size);
    await expect(async () => expectKeyboardLeavesRoom(page, field)).toPass({ timeout: 5_000 });
  }
  if (current) await page.setViewportSize(current);
}

async function birthDate(page: Page, names: { year: string; month: string; day: string }, date: string): Promise<void> {
  const [y, m, d] = date.split('-').map(Number);
  await page.getByRole('combobox', { name: names.year, exact: true }).selectOption(String(y));
  await page.getByRole('combobox', { name: names.month, exact: true }).selectOption(String(m));
  await page.getByRole('combobox', { name: names.day, exact: true }).selectOption(String(d));
}

/** zbarimg on a screenshot: every QR code it finds, as text. */
function decodeQr(path: string): string[] {
  return execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', path], { encoding: 'utf8' }).trim().split('\n');
}

const JA = {
  lang: 'ja' as const,
  start: 'タッチしてはじめる',
  signup: /My Portal 新規登録/,
  memberNo: '会員番号（10桁）',
  dates: { year: '年', month: '月', day: '日' },
  next: '次へ',
  nextField: '次の欄へ',
  closeKeyboard: 'キーボードを閉じる',
  email: 'メールアドレス 必須',
  emailAgain: 'メールアドレス（確認のためもう一度）',
  useAddress: 'このアドレスを使う',
  sendCode: '確認コードを送る',
  codeHeading: '確認コードの入力',
  code: '確認コード（6桁の数字）',
  verify: 'コードの確認',
  infoHeading: '登録情報の入力',
  kana: 'フリガナ（カタカナ）',
  phone: '携帯電話番号（11桁）',
  postal: '郵便番号（7桁）',
  fillAddress: '住所を入れる',
  line: '番地・建物名・部屋番号',
  studentNo: '学籍番号',
  remarks: '備考',
  toConfirm: '入力内容を確認する',
  register: 'この内容で登録する',
  doneHeading: '登録を受け付けました',
  finish: 'おわる',
  larger: '文字を大きく',
  checklist: ['パスワードを設定する', '大学生協アプリ（公式）をインストールする', 'アプリで初めてサインインする', '生協電子マネー（PokePay）を登録する', '時間と電波に気をつける'],
  checklistFacts: [['6 桁のコード', '8 文字以上'], ['iOS 11 以降（日本語環境のみ）', 'らくらくフォンは使えません'], ['+81', 'SMS', '音声通話'], ['「はい」', '「アクセスを許可する」', '携帯電話番号とメールアドレスの両方'], ['10〜15 分', '途中でやめないでください']],
};
const EN = {
  lang: 'en' as const,
  start: 'Touch to start',
  signup: /My Portal sign-up/,
  memberNo: 'Member number (10 digits)',
  dates: { year: 'Year', month: 'Month', day: 'Day' },
  next: 'Next',
  nextField: 'Next field',
  closeKeyboard: 'Close keyboard',
  email: 'E-mail address Required',
  emailAgain: 'E-mail address (again, to check)',
  useAddress: 'Use this address',
  sendCode: 'Send the code',
  codeHeading: 'Enter the code',
  code: 'Code (6 digits)',
  verify: 'Verify code',
  infoHeading: 'Your details',
  kana: 'Name in katakana (furigana)',
  phone: 'Mobile number (11 digits)',
  postal: 'Postal code (7 digits)',
  fillAddress: 'Fill in the address',
  line: 'Street number, building, room',
  studentNo: 'Student number',
  remarks: 'Remarks',
  toConfirm: 'Check what I entered',
  register: 'Register',
  doneHeading: 'Registration received',
  finish: 'Finish',
  larger: 'Larger text',
  checklist: ['Set your password', 'Install the official co-op app (大学生協アプリ(公式))', 'Sign in to the app for the first time', 'Set up co-op e-money (PokePay)', 'Allow time and a good signal'],
  checklistFacts: [['6-digit code', '8 characters or more'], ['iOS 11 or later', 'Japanese only', 'Raku-Raku phones (らくらくフォン) are not supported'], ['+81', 'SMS', 'voice call'], ['“はい” (yes)', '“アクセスを許可する” (allow access)', 'both your mobile number and your e-mail address'], ['10–15 minutes', 'Do not stop halfway']],
};
type Words = typeof JA | typeof EN;

interface Student {
  memberNo: string;
  birthDate: string;
  /** Typed with capitals and `+`; `domainKey` is pressed after it. */
  emailTyped: string;
  domainKey: string;
  /** What the kiosk uses (addresses are compared and sent in lower case). */
  email: string;
  masked: string;
  furigana: string;
  phone: string;
  postal: string;
  line: string;
  studentNo: string;
  remarks: string;
}

/** One whole sign-up typed on the on-screen keyboard, checked and photographed at every step. */
async function signUp(page: Page, kiosk: KioskHandle, w: Words, s: Student, guideUrl: string, tag: string): Promise<void> {
  if (w.lang === 'en') await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: w.start })).toBeVisible();
  await check(page, `${tag}-0-attract`);
  await page.getByRole('button', { name: w.start }).click();
  await check(page, `${tag}-0b-home`);
  await page.getByRole('link', { name: w.signup }).click();

  // 1. Identify: the member number on the digit board, the birthdate from the selectors.
  const memberNo = page.getByLabel(w.memberNo);
  await typeOnKeyboard(page, memberNo, s.memberNo);
  await expect(memberNo).toHaveValue(s.memberNo);
  await roomInBothOrientations(page, memberNo);
  await check(page, `${tag}-1-identify-keyboard`);
  // "Next field" goes on to the birthdate's year: a selector, so the keyboard steps aside.
  await pressKey(page, w.nextField);
  await expect(keyboard(page, w.lang)).toBeHidden();
  await expect(page.getByRole('combobox', { name: w.dates.year, exact: true })).toBeFocused();
  await birthDate(page, w.dates, s.birthDate);
  await page.getByRole('button', { name: w.next, exact: true }).click();

  // 2. The address, twice, with capitals, + and a domain key.
  const email = page.getByRole('textbox', { name: w.email, exact: true });
  await typeOnKeyboard(page, email, s.emailTyped, { keys: [s.domainKey] });
  await expect(email).toHaveValue(s.emailTyped + s.domainKey);
  await roomInBothOrientations(page, email);
  const again = page.getByLabel(w.emailAgain);
  await typeOnKeyboard(page, again, s.emailTyped, { keys: [s.domainKey] });
  await roomInBothOrientations(page, again);
  await check(page, `${tag}-2-email-keyboard`);
  await page.getByRole('button', { name: w.useAddress }).click();
  await expect(page.getByTestId('chosen-email')).toContainText(s.email);
  await check(page, `${tag}-2b-email-chosen`);
  await page.getByRole('button', { name: w.sendCode }).click();

  // 3. The 6-digit code from the mailbox, on the digit board.
  await expect(page.getByRole('heading', { name: w.codeHeading })).toBeVisible();
  const code = page.getByLabel(w.code);
  await typeOnKeyboard(page, code, await lastCode(kiosk, s.email));
  await roomInBothOrientations(page, code);
  await check(page, `${tag}-3-code-keyboard`);
  await page.getByRole('button', { name: w.verify, exact: true }).click();

  // 4. Registration info: every field the student can type, on its board.
  await expect(page.getByRole('heading', { name: w.infoHeading })).toBeVisible();
  await check(page, `${tag}-4-info`);
  const kana = page.getByLabel(w.kana);
  await typeOnKeyboard(page, kana, s.furigana, { clear: true });
  await expect(kana).toHaveValue(s.furigana.replace(/ /g, '\u3000'));
  await roomInBothOrientations(page, kana);
  await check(page, `${tag}-4b-info-kana-keyboard`);
  const phone = page.getByLabel(w.phone);
  await typeOnKeyboard(page, phone, s.phone, { clear: true });
  await roomInBothOrientations(page, phone);
  const postal = page.getByLabel(w.postal);
  await typeOnKeyboard(page, postal, s.postal, { clear: true });
  await roomInBothOrientations(page, postal);
  await page.getByRole('button', { name: w.fillAddress }).click();
  const line = page.getByLabel(w.line);
  await typeOnKeyboard(page, line, s.line, { clear: true });
  await expect(line).toHaveValue(s.line);
  await roomInBothOrientations(page, line);
  await check(page, `${tag}-4c-info-latin-keyboard`);
  const studentNo = page.getByLabel(w.studentNo);
  await typeOnKeyboard(page, studentNo, s.studentNo, { clear: true });
  await expect(studentNo).toHaveValue(s.studentNo);
  await roomInBothOrientations(page, studentNo);
  const remarks = page.getByLabel(w.remarks);
  await typeOnKeyboard(page, remarks, s.remarks, { clear: true });
  await roomInBothOrientations(page, remarks);
  await pressKey(page, w.closeKeyboard);
  await expect(keyboard(page, w.lang)).toBeHidden();
  await check(page, `${tag}-4d-info-filled`);
  await page.getByRole('button', { name: w.toConfirm }).click();

  // 5. Confirm: what was typed on the keyboard is what is registered.
  await expect(page.getByTestId('signup-summary')).toContainText(s.furigana.replace(/ /g, '\u3000'));
  await expect(page.getByTestId('signup-summary')).toContainText(`+81${s.phone.slice(1)}`);
  await expect(page.getByTestId('signup-summary')).toContainText(s.line);
  await expect(page.getByTestId('signup-summary')).toContainText(s.studentNo);
  await check(page, `${tag}-5-confirm`);
  await page.getByRole('button', { name: w.register, exact: true }).click();

  // 6. Done: the hand-off in the guides' order, the QR to the configured password guide.
  await expect(page.getByRole('heading', { name: w.doneHeading })).toBeVisible();
  await expect(page.getByTestId('signup-status')).toHaveAttribute('data-state', 'sent');
  const steps = page.getByTestId('done-checklist').locator(':scope > li');
  await expect(steps.getByRole('heading', { level: 4 })).toHaveText(w.checklist);
  for (const [i, facts] of w.checklistFacts.entries()) for (const fact of facts) await expect(steps.nth(i)).toContainText(fact);
  await expect(steps.nth(0)).toContainText(s.masked);
  await expect(page.getByRole('img', { name: new RegExp(guideUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) })).toBeVisible();
  await check(page, `${tag}-6-done`);
  // No receipt printer is configured here: the done screen offers no printed slip.
  await expect(page.getByTestId('handoff-slip-print')).toHaveCount(0);
  for (const orientation of ['portrait', 'landscape']) expect(decodeQr(`${SHOTS}/${orientation}-${tag}-6-done.png`)).toEqual([guideUrl]);
  expect(await page.locator('input[type="password"]').count()).toBe(0);
  await page.getByRole('button', { name: w.finish, exact: true }).click();
  await expect(page.getByRole('button', { name: JA.start })).toBeVisible();
}

test.describe('sign-up typed on the on-screen keyboard, Japanese, portrait, default password guide', () => {
  test('ヤマダ・ピーター with ゛ ゜ ー ・, Taro.Yamada+Kiosk@example.ac.jp, every field on the keyboard', async ({ page, kiosk }) => {
    await page.setViewportSize(PORTRAIT);
    await signUp(
      page,
      kiosk,
      JA,
      {
        memberNo: '2024000001',
        birthDate: '2005-04-12',
        emailTyped: 'Taro.Yamada+Kiosk@example',
        domainKey: '.ac.jp',
        email: 'taro.yamada+kiosk@example.ac.jp',
        masked: 't***@e***.jp',
        furigana: 'ヤマダ・ピーター',
        phone: '09055550123',
        postal: '9800811',
        line: '4-1-1 Coop Heights 305',
        studentNo: 'E24-0001',
        remarks: 'OK',
      },
      'https://apps.univ.coop/mobileapp/flow-student/',
      'signup-ja',
    );
  });
});

test.describe('sign-up typed on the on-screen keyboard, English, landscape, a region with its own portal', () => {
  test.use({ kioskEnv: { KIOSK_PASSWORD_GUIDE_URL: 'https://vsign.jp/' } });

  test('ジョン・スミス with small kana, Hanako.Sato+Coop@docomo.ne.jp by the carrier key, every field on the keyboard', async ({ page, kiosk }) => {
    await page.setViewportSize(LANDSCAPE);
    await signUp(
      page,
      kiosk,
      EN,
      {
        memberNo: '2024000002',
        birthDate: '2006-01-23',
        emailTyped: 'Hanako.Sato+Coop',
        domainKey: '@docomo.ne.jp',
        email: 'hanako.sato+coop@docomo.ne.jp',
        masked: 'h***@d***.jp',
        furigana: 'ジョン・スミス',
        phone: '08011112222',
        postal: '1000001',
        line: 'Chiyoda 1-1 Room 2B',
        studentNo: 'L24-0002',
        remarks: 'Thanks',
      },
      'https://vsign.jp/',
      'signup-en',
    );
  });
});

test('the larger-text switch: on every student screen, kept through the visit, off again when the session ends', async ({ page }) => {
  const larger = () => page.getByRole('button', { name: JA.larger });
  const rootSize = () => page.evaluate<number>('parseFloat(getComputedStyle(document.documentElement).fontSize)');
  const normal = await rootSize();
  await expect(larger()).toHaveAttribute('aria-pressed', 'false');
  await larger().click();
  await expect(larger()).toHaveAttribute('aria-pressed', 'true');
  expect(await rootSize()).toBeGreaterThan(normal);
  await page.getByRole('button', { name: JA.start }).click();
  await expect(larger()).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('link', { name: JA.signup }).click();
  await expect(larger()).toHaveAttribute('aria-pressed', 'true');
  await typeOnKeyboard(page, page.getByLabel(JA.memberNo), '2024');
  await roomInBothOrientations(page, page.getByLabel(JA.memberNo));
  await check(page, 'large-text-ja-identify-keyboard');
  await page.getByRole('link', { name: /もどる/ }).click();
  await page.getByRole('button', { name: 'おわる' }).click();
  await expect(page.getByRole('button', { name: JA.start })).toBeVisible();
  await expect(larger()).toHaveAttribute('aria-pressed', 'false');
  expect(await rootSize()).toBe(normal);
});
