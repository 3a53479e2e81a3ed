/**
 * The registration catalog end to end (issue 14): an admin imports a Shift_JIS CSV (as Excel saves
 * it on Japanese Windows) on the screen, sees the preview and saves it; the next sign-up's form
 * offers its universities and faculties at once. Screenshots go to test/artifacts/settings/.
 */
import iconv from 'iconv-lite';
import type { Page } from '@playwright/test';
import { typeStaffCredential } from './support/staff-pad';
import { expect, test } from './support/fixtures';
import { lastCode } from './support/mailbox';

const CSV = '大学,学部,学科\r\n北辰大学,工学部,情報工学科\r\n北辰大学,工学部,機械工学科\r\n北辰大学,文学部,\r\n北辰大学大学院,理学研究科,\r\n';
const TARO = { memberNo: '2024000001', birthDate: '2005-04-12', email: 'taro.yamada@example.ac.jp' };

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test/artifacts/settings/${name}.png`, fullPage: true });
}

test('a Shift_JIS catalog CSV imported on the admin screen gives the sign-up form its faculties at once', async ({ page, kiosk }) => {
  const corner = page.getByTestId('staff-corner');
  for (let i = 0; i < 5; i++) await corner.click();
  await typeStaffCredential(page, '3333');
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.getByRole('link', { name: '大学・学部の一覧' }).click();
  await expect(page.getByRole('heading', { name: '大学・学部の一覧', level: 1 })).toBeVisible();

  // A broken row first: refused with its row number, nothing changes.
  await page.getByLabel('CSV ファイルを選ぶ').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: iconv.encode('大学,学部\r\n北辰大学,工学部\r\n,文学部\r\n', 'Shift_JIS') });
  await expect(page.getByTestId('catalog-refused')).toContainText('row 3: 大学が空欄です。入力するか、行を削除してください。');
  await expect(page.getByTestId('catalog-preview')).toBeHidden();

  await page.getByLabel('CSV ファイルを選ぶ').setInputFiles({ name: 'catalog.csv', mimeType: 'text/csv', buffer: iconv.encode(CSV, 'Shift_JIS') });
  const preview = page.getByTestId('catalog-preview');
  await expect(preview).toContainText('4 行を読みました（文字コード: shift_jis、重複 0 行）。');
  await expect(preview).toContainText('工学部 情報工学科、工学部 機械工学科、文学部');
  await expect(preview).toContainText('追加: 北辰大学');
  await expect(preview).toContainText('削除: 生協大学');
  await shot(page, '07-catalog-preview-ja');
  await page.getByRole('button', { name: 'この内容で保存' }).click();
  await expect(page.getByTestId('catalog-saved')).toHaveText('保存しました（4 件の変更）。新規登録の画面ですぐに使われます。');
  await expect(page.getByLabel('北辰大学 の学部（1 行に 1 つ）')).toHaveValue('工学部 情報工学科\n工学部 機械工学科\n文学部');

  // A student signs up: the form offers the new lists.
  await page.getByRole('link', { name: '端末の状態へ戻る' }).click();
  await page.getByRole('button', { name: 'サインアウト' }).click();
  await page.getByRole('button', { name: 'タッチしてはじめる' }).click();
  await page.getByRole('link', { name: /My Portal 新規登録/ }).click();
  await page.getByLabel('会員番号（10桁）').fill(TARO.memberNo);
  const [y, m, d] = TARO.birthDate.split('-').map(Number);
  await page.getByRole('combobox', { name: '年', exact: true }).selectOption(String(y));
  await page.getByRole('combobox', { name: '月', exact: true }).selectOption(String(m));
  await page.getByRole('combobox', { name: '日', exact: true }).selectOption(String(d));
  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByRole('textbox', { name: 'メールアドレス 必須', exact: true }).fill(TARO.email);
  await page.getByLabel('メールアドレス（確認のためもう一度）').fill(TARO.email);
  await page.getByRole('button', { name: 'このアドレスを使う' }).click();
  await page.getByRole('button', { name: '確認コードを送る' }).click();
  await expect(page.getByRole('heading', { name: '確認コードの入力' })).toBeVisible();
  await page.getByLabel('確認コード（6桁の数字）').fill(await lastCode(kiosk, TARO.email));
  await page.getByRole('button', { name: 'コードの確認' }).click();
  await expect(page.getByRole('heading', { name: '登録情報の入力' })).toBeVisible();
  const university = page.getByRole('combobox', { name: '大学 必須' });
  // The university the portal has on record for Taro stays offered first, so his answer is never lost.
  await expect(university.locator('option')).toHaveText(['選んでください', '生協大学', '北辰大学', '北辰大学大学院']);
  await university.selectOption('北辰大学');
  await expect(page.getByRole('combobox', { name: '学部・研究科 必須' }).locator('option')).toHaveText(['選んでください', '工学部 情報工学科', '工学部 機械工学科', '文学部']);
  await shot(page, '08-signup-uses-catalog');
});
