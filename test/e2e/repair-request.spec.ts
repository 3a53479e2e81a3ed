/**
 * "My app setup failed" (issue 16, item 2), end to end: from the attract screen a student whose
 * app setup broke identifies (member number typed on the on-screen keyboard, birthdate from the
 * selectors), picks what happened from the guides' failure list, types a contact address on the
 * keyboard and confirms it with the code the portal mailed; the request reaches the portal and
 * shows on the staff screen, where staff track it open → in progress → done. Japanese and
 * English; axe (no serious or critical violation) on every screen of the path.
 */
import { typeStaffCredential } from './support/staff-pad';
import { expectNoSeriousAxeViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { typeOnKeyboard } from './support/osk';
import { lastCode } from './support/mailbox';

const CASES = [
  {
    lang: 'ja' as const,
    memberNo: '2024000001',
    birthDate: [2005, 4, 12],
    contactTyped: 'Taro.Help+Repair@example',
    domainKey: '.ac.jp',
    contact: 'taro.help+repair@example.ac.jp',
    masked: 't***@e***.jp',
    w: {
      start: 'タッチしてはじめる',
      tile: /アプリの設定がうまくいかなかった/,
      memberNo: '会員番号（10桁）',
      dates: ['年', '月', '日'],
      next: '次へ',
      problemHeading: 'どうなりましたか？',
      problems: ['「ログインエラー」と表示される', '設定を途中でやめた・中断してしまった（電波が切れた、時間切れなど）'],
      problemLabels: ['ログインエラー', '途中でやめた'],
      missing: 'あてはまるものを 1 つ以上選んでください。',
      email: 'メールアドレス 必須',
      emailAgain: 'メールアドレス（確認のためもう一度）',
      send: '確認コードを送る',
      code: '確認コード（6桁の数字）',
      verify: 'コードの確認',
      doneHeading: '修復依頼を受け付けました',
      finish: 'おわる',
      pinDigit: (d: string) => `数字 ${d}`,
      signIn: 'サインイン',
      staffLink: 'アプリ設定の修復依頼',
      statuses: { open: '未対応', in_progress: '対応中', done: '完了' },
      setLabel: (no: string, status: string) => `会員 ${no} の依頼を「${status}」にする`,
      contactCell: 't***@e***.jp',
    },
  },
  {
    lang: 'en' as const,
    memberNo: '2024000003',
    birthDate: [2004, 11, 5],
    contactTyped: 'Ken.Suzuki+Help',
    domainKey: '@gmail.com',
    contact: 'ken.suzuki+help@gmail.com',
    masked: 'k***@g***.com',
    w: {
      start: 'Touch to start',
      tile: /My app setup failed/,
      memberNo: 'Member number (10 digits)',
      dates: ['Year', 'Month', 'Day'],
      next: 'Next',
      problemHeading: 'What happened?',
      problems: ['It says “ログインエラー” (login error)', 'The code e-mail never came (even after allowing @univ.coop, @microsoft.com, @pokepay.jp)'],
      problemLabels: ['login error', 'code e-mail'],
      missing: 'Choose at least one.',
      email: 'E-mail address Required',
      emailAgain: 'E-mail address (again, to check)',
      send: 'Send the code',
      code: 'Code (6 digits)',
      verify: 'Verify code',
      doneHeading: 'Repair request received',
      finish: 'Finish',
      pinDigit: (d: string) => `Digit ${d}`,
      signIn: 'Sign in',
      staffLink: 'App setup repair requests',
      statuses: { open: 'Open', in_progress: 'In progress', done: 'Done' },
      setLabel: (no: string, status: string) => `Mark the request of member ${no} as “${status}”`,
      contactCell: 'k***@g***.com',
    },
  },
];

for (const c of CASES) {
  test(`repair request (${c.lang}): typed on the on-screen keyboard, reaches the portal, tracked on the staff screen`, async ({ page, kiosk }) => {
    test.setTimeout(180_000);
    const { w } = c;
    if (c.lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: w.start }).click();
    await page.getByRole('link', { name: w.tile }).click();

    // Identify: the member number on the digit board, the birthdate from the selectors.
    await typeOnKeyboard(page, page.getByLabel(w.memberNo), c.memberNo);
    await expect(page.getByLabel(w.memberNo)).toHaveValue(c.memberNo);
    for (const [i, name] of w.dates.entries()) await page.getByRole('combobox', { name, exact: true }).selectOption(String(c.birthDate[i]));
    await expectNoSeriousAxeViolations(page, `${c.lang} identify`);
    await page.getByRole('button', { name: w.next, exact: true }).click();

    // What happened: the guides' failure list; nothing picked is refused with a reason.
    await expect(page.getByRole('heading', { name: w.problemHeading })).toBeVisible();
    await page.getByRole('button', { name: w.next, exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: w.missing })).toBeVisible();
    for (const problem of w.problems) await page.getByRole('checkbox', { name: problem, exact: true }).check();
    await expectNoSeriousAxeViolations(page, `${c.lang} problem`);
    await page.getByRole('button', { name: w.next, exact: true }).click();

    // The contact address, twice, with capitals, + and a domain key, then its code.
    const email = page.getByRole('textbox', { name: w.email, exact: true });
    await typeOnKeyboard(page, email, c.contactTyped, { keys: [c.domainKey] });
    await typeOnKeyboard(page, page.getByLabel(w.emailAgain), c.contactTyped, { keys: [c.domainKey] });
    const typed = `${c.contactTyped}${c.domainKey}`;
    await expect(email).toHaveValue(typed);
    await expect(page.getByLabel(w.emailAgain)).toHaveValue(typed);
    await expectNoSeriousAxeViolations(page, `${c.lang} contact`);
    await page.getByRole('button', { name: w.send, exact: true }).click();
    const code = page.getByLabel(w.code);
    await expect(code).toBeVisible();
    await typeOnKeyboard(page, code, await lastCode(kiosk, c.contact));
    await expectNoSeriousAxeViolations(page, `${c.lang} code`);
    await page.getByRole('button', { name: w.verify, exact: true }).click();

    // Done: the request reached the portal.
    await expect(page.getByRole('heading', { name: w.doneHeading })).toBeVisible();
    await expect(page.getByTestId('repair-status')).toHaveAttribute('data-state', 'applied');
    await expect(page.getByTestId('repair-contact')).toContainText(c.masked);
    await expectNoSeriousAxeViolations(page, `${c.lang} done`);
    await page.getByRole('button', { name: w.finish, exact: true }).click();

    // Staff: the request, from the portal, tracked open → in progress → done.
    if (c.lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    for (let i = 0; i < 5; i++) await page.getByTestId('staff-corner').click();
    await typeStaffCredential(page, '1111', { lang: c.lang });
    await page.getByRole('button', { name: w.signIn }).click();
    await page.getByRole('link', { name: w.staffLink }).click();
    const row = page.locator(`[data-testid="repair-row"][data-member-no="${c.memberNo}"]`);
    await expect(row).toHaveCount(1);
    for (const label of w.problemLabels) await expect(row).toContainText(label);
    await expect(row).toContainText(w.contactCell);
    await expect(row.getByTestId('repair-status-cell')).toHaveText(w.statuses.open);
    await expectNoSeriousAxeViolations(page, `${c.lang} staff repair requests`);
    await row.getByRole('button', { name: w.setLabel(c.memberNo, w.statuses.in_progress) }).click();
    await expect(row.getByTestId('repair-status-cell')).toHaveText(w.statuses.in_progress);
    await row.getByRole('button', { name: w.setLabel(c.memberNo, w.statuses.done) }).click();
    await expect(row.getByTestId('repair-status-cell')).toHaveText(w.statuses.done);
  });
}
