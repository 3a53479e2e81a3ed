/**
 * The barcode rule editor end to end (issue 14): an admin adds a modulus 16 NW-7 member-card rule
 * on the screen (on-screen keyboard, in Japanese); the worked example `A37859+B`, written to a
 * real serial PTY (socat), is refused by the register before the rule and opens that member's
 * panel after it; the live tester shows the rule, the number and the check verdict, in Japanese
 * (from a scan) and in English (typed). Screenshots go to test/artifacts/settings/.
 */
import type { Page } from '@playwright/test';
import type { SocatPty } from '../helpers/socat-pty';
import { typeOnKeyboard } from './support/osk';
import { typeStaffCredential } from './support/staff-pad';
import { expect } from './support/fixtures';
import { testWithPtyScanner } from './support/pty-scanner';

const CARD = 'A37859+B';
/** The rule pads the card's number to the portal's 10 digits. */
const MEMBER = { memberNo: '0000037859', name: '剰余 十六', nameKana: 'ジョウヨ ジュウロク', birthDate: '2005-05-05', balance: 1600 };

const test = testWithPtyScanner('sim');

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test/artifacts/settings/${name}.png`, fullPage: true });
}


/** Scans again until the register answers (the hub drops the same data within its 800 ms double-read window). */
async function scanUntil(page: Page, pty: SocatPty, expectation: () => Promise<void>): Promise<void> {
  await expect(async () => {
    pty.write(`${CARD}\r`);
    await expectation();
  }).toPass({ timeout: 15_000 });
}

test('an admin adds a modulus 16 NW-7 rule: A37859+B is refused before it and opens the member after it; the tester explains', async ({ page, pty, kiosk }) => {
  test.skip(kiosk.hostKind !== 'web', 'The barcode rule e2e runs on the web host.');
  const seeded = await fetch(`${kiosk.portalUrl}/admin/members`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ members: [MEMBER] }) });
  expect(seeded.ok).toBe(true);

  const corner = page.getByTestId('staff-corner');
  for (let i = 0; i < 5; i++) await corner.click();
  await typeStaffCredential(page, '3333');
  await page.getByRole('button', { name: 'サインイン' }).click();

  // Before the rule: the register refuses the card.
  await page.getByTestId('open-register').click();
  await expect(page.getByTestId('register-scan-prompt')).toBeVisible();
  await scanUntil(page, pty, () => expect(page.getByTestId('register-error')).toHaveAttribute('data-code', 'not_member_card', { timeout: 1_500 }));

  // The editor, in Japanese: add the rule.
  await page.getByRole('link', { name: '端末の状態' }).click();
  await page.getByRole('link', { name: 'バーコードのルール' }).click();
  await expect(page.getByRole('heading', { name: 'バーコードのルール', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'ルールを追加' }).click();
  const id = page.getByLabel('ルール ID（英小文字・数字・ハイフン）');
  await typeOnKeyboard(page, id, 'nw7-mod16', { clear: true });
  await expect(id).toHaveValue('nw7-mod16');
  await page.getByLabel('使える文字').selectOption('digits');
  await page.getByLabel('NW-7 のスタート／ストップ文字').selectOption('kept');
  await page.getByLabel('チェック文字', { exact: true }).selectOption('mod16');
  await page.getByLabel('チェックの計算範囲').selectOption('symbol');
  const pad = page.getByLabel('ゼロで埋める桁数（0: 埋めない）');
  await typeOnKeyboard(page, pad, '10', { clear: true });
  await expect(pad).toHaveValue('10');
  await page.getByRole('button', { name: 'このルールを一覧に入れる' }).click();
  await expect(page.locator('tr[data-rule="nw7-mod16"]')).toBeVisible();
  await page.getByRole('button', { name: 'ルールを保存' }).click();
  await expect(page.getByTestId('rules-notice')).toHaveText('ルールを保存しました（1 件の変更）。すぐに使われます。');

  // The tester, from a scan on this screen.
  await scanUntil(page, pty, () => expect(page.getByTestId('tester-matched')).toHaveText('合ったルール: nw7-mod16', { timeout: 1_500 }));
  await expect(page.getByTestId('tester-number')).toHaveText('番号: 0000037859');
  await expect(page.getByTestId('tester-check')).toContainText('チェック文字: 正しくは +、読み取りは +（正しい）');
  await expect(page.locator('.rule-tester__rules tr[data-rule="member-card-nw7"]')).toContainText('合わない');
  await shot(page, '05-rules-tester-ja');

  // In English, typed on the keyboard: a wrong check character, and the verdict says so.
  await page.getByRole('button', { name: 'English' }).click();
  const code = page.getByLabel('Code', { exact: true });
  await typeOnKeyboard(page, code, 'A37859-B', { clear: true });
  await expect(code).toHaveValue('A37859-B');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(page.getByTestId('tester-summary')).toHaveText('Check character wrong (rule nw7-mod16): not accepted.');
  await expect(page.getByTestId('tester-check')).toContainText('Check character: expected +, found - (wrong)');
  await expect(page.locator('.rule-tester__rules tr[data-rule="nw7-mod16"]')).toContainText('Check character wrong: expected +, found -.');
  await page.getByRole('button', { name: 'Close keyboard' }).click();
  await shot(page, '06-rules-tester-en');
  await page.getByRole('button', { name: '日本語' }).click();

  // After the rule: the register opens the member's panel.
  await page.getByRole('link', { name: '端末の状態へ戻る' }).click();
  await page.getByTestId('open-register').click();
  await scanUntil(page, pty, () => expect(page.getByTestId('register-member-name')).toHaveText(MEMBER.name, { timeout: 1_500 }));
  await expect(page.getByTestId('register-balance')).toHaveText('¥1,600');
});
