/**
 * Receipts through the screens (issues 15 and 16): a receipt printer on a real serial PTY (socat;
 * the test plays the printer on the far end and reads its bytes), a serial scanner on another.
 * A cashier's cash top-up prints amount, balance and local time in cp932, then the drawer kick; a
 * payment prints without one; the on-screen preview (the core's SVG, shown as an image) is
 * photographed and decoded by zbarimg to the 40-digit form of the client request id; a void
 * prints its 会計控え; "reprint" prints the last receipt again marked 再発行. On a sign-up's done
 * screen the student prints the hand-off slip. Screenshots: test-results/receipt/.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { formatMemberCardCodabar } from '../../src/shared/barcode/formats';
import { clientRequestIdFromReceiptBarcode, formatReceiptTime, receiptBarcodeData } from '../../src/shared/receipt';
import { startPtyPrinter, type PtyPrinter } from '../helpers/pty-printer';
import { startSocatPty, type SocatPty } from '../helpers/socat-pty';
import { expectNoSeriousAxeViolations } from './support/axe';
import { expect, test as base } from './support/fixtures';
import { lastCode } from './support/mailbox';
import { pressKey, typeOnKeyboard } from './support/osk';
import { typeStaffCredential } from './support/staff-pad';

const TARO = '2024000001'; // 5,000 yen
const KEN = '2024000003'; // 800 yen
const SHOTS = 'test-results/receipt';
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

const test = base.extend<{ scanner: SocatPty; printer: PtyPrinter }>({
  // Started before the kiosk (kioskEnv depends on them), stopped after it.
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object.
  scanner: async ({}, use) => {
    const pty = await startSocatPty();
    try {
      await use(pty);
    } finally {
      await pty.stop();
    }
  },
  // eslint-disable-next-line no-empty-pattern -- as above.
  printer: async ({}, use) => {
    const printer = await startPtyPrinter();
    try {
      await use(printer);
    } finally {
      await printer.stop();
    }
  },
  kioskEnv: async ({ scanner, printer }, use) => {
    await use({ KIOSK_SCANNERS: `serial:${scanner.driverEnd}?baudRate=9600&terminator=CR`, KIOSK_PRINTERS: printer.uri, KIOSK_STORE_NAME: '生協テスト店' });
  },
});

test.describe.configure({ timeout: 240_000 });

async function openRegister(page: Page): Promise<void> {
  await page.setViewportSize(LANDSCAPE);
  const corner = page.getByTestId('staff-corner');
  for (let i = 0; i < 5; i++) await corner.click();
  await typeStaffCredential(page, '1111');
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.getByTestId('open-register').click();
  await expect(page.getByTestId('register-scan-prompt')).toBeVisible();
}

/** zbarimg on a screenshot of the on-screen preview: every Code 128 it finds. */
function decodeCode128(path: string): string[] {
  return execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Scode128.enable', path], { encoding: 'utf8' }).trim().split('\n');
}

/** The paper preview, photographed alone at its printed size, decodes to the sale's id. */
async function previewDecodes(page: Page, name: string): Promise<string> {
  const paper = page.getByTestId('receipt-paper');
  const id = (await paper.getAttribute('data-client-request-id')) ?? '';
  const path = `${SHOTS}/${name}-preview.png`;
  await page.getByTestId('receipt-preview').screenshot({ path });
  const decoded = decodeCode128(path);
  expect(decoded).toEqual([receiptBarcodeData(id)]);
  expect(decoded.map(clientRequestIdFromReceiptBarcode)).toEqual([id]);
  return id;
}

test.describe('receipts on a serial printer', () => {
  test('top-up prints with the drawer kick, payment without; preview decodes; void prints 会計控え; reprint prints 再発行', async ({ page, kiosk, scanner, printer }) => {
    test.skip(kiosk.hostKind !== 'web', 'The register e2e runs on the web host.');
    const { fake } = printer;
    await openRegister(page);
    await expect.poll(() => fake.statusQueries, { message: 'the kiosk polls the printer' }).toBeGreaterThan(0);

    // A cash top-up: 1,000 from 5,000.
    scanner.write(`${formatMemberCardCodabar(TARO)}\r`);
    await expect(page.getByTestId('register-member-name')).toHaveText('山田 太郎');
    await page.getByTestId('register-preset-1000').click();
    await page.getByTestId('register-cash-5000').click();
    const before = Date.now();
    await page.getByTestId('register-confirm').click();
    await expect(page.getByTestId('register-outcome')).toHaveText('完了しました');
    await expect(page.getByTestId('receipt-printed')).toHaveText('レシートをプリンターに送りました。');
    await expect.poll(() => fake.drawerKicks().length, { message: 'the receipt and the drawer kick' }).toBe(1);
    const after = Date.now();
    const topupId = await previewDecodes(page, 'topup');
    const text = fake.text();
    expect(text).toContain('生協テスト店');
    expect(text).toContain('チャージ（入金）');
    expect(text).toContain('￥1,000'); // amount
    expect(text).toContain('￥4,000'); // change
    expect(text).toContain('￥6,000'); // balance after
    expect([formatReceiptTime(before), formatReceiptTime(after)].some((time) => text.includes(time))).toBe(true);
    expect(fake.code128().map(clientRequestIdFromReceiptBarcode)).toEqual([topupId]);
    expect(fake.drawerKicks()[0]).toBeGreaterThan(fake.lastCutAt());

    // The register with the preview, both orientations, both languages.
    for (const lang of ['ja', 'en'] as const) {
      if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
      for (const [orientation, size] of [['landscape', LANDSCAPE], ['portrait', PORTRAIT]] as const) {
        await page.setViewportSize(size);
        await expect(page.getByTestId('receipt-preview')).toBeVisible();
        await page.screenshot({ path: `${SHOTS}/register-${orientation}-${lang}.png` });
      }
    }
    await expect(page.getByTestId('receipt-printed')).toHaveText('The receipt went to the printer.');
    await expectNoSeriousAxeViolations(page, 'register receipt (en)');
    await expect(page.getByRole('img', { name: new RegExp(`Receipt as printed: ¥1,000, with the barcode of transaction ${topupId}`) })).toBeVisible();
    await page.getByRole('button', { name: '日本語' }).click();
    await page.setViewportSize(LANDSCAPE);
    await page.getByTestId('register-next').click();

    // A payment: a receipt, no drawer kick.
    fake.clear();
    scanner.write(`${formatMemberCardCodabar(KEN)}\r`);
    await expect(page.getByTestId('register-member-name')).toHaveText('鈴木 健');
    await page.getByTestId('register-kind-payment').click();
    for (const key of ['5', '00']) await page.getByTestId(`register-amount-keys-${key}`).click();
    await page.getByTestId('register-confirm').click();
    await expect(page.getByTestId('register-outcome')).toHaveText('完了しました');
    await expect.poll(() => fake.cuts(), { message: 'the payment receipt' }).toBe(1);
    const paymentId = await previewDecodes(page, 'payment');
    expect(fake.text()).toContain('お支払い');
    expect(fake.text()).toContain('￥500');
    expect(fake.text()).toContain('￥300');
    expect(fake.code128().map(clientRequestIdFromReceiptBarcode)).toEqual([paymentId]);
    // The status poll after the receipt shows the line has gone quiet: still no kick.
    const polls = fake.statusQueries;
    await expect.poll(() => fake.statusQueries).toBeGreaterThan(polls);
    expect(fake.drawerKicks()).toEqual([]);

    // Void of the payment (a supervisor's PIN): the 会計控え prints and shows.
    fake.clear();
    await page.getByTestId('register-void').click();
    await typeStaffCredential(page, '2222');
    await page.getByRole('button', { name: '取消する' }).click();
    await expect(page.getByTestId('register-receipt')).toContainText('取消');
    await expect(page.getByRole('img', { name: /会計控えの印刷イメージ/ })).toBeVisible();
    await expect.poll(() => fake.cuts(), { message: 'the void copy' }).toBe(1);
    const voidId = await previewDecodes(page, 'void-copy');
    expect(voidId).not.toBe(paymentId);
    expect(fake.text()).toContain('【会計控え】');
    expect(fake.text()).toContain('取消（お支払い）');
    expect(fake.text()).toContain('￥500');
    expect(fake.code128().map(clientRequestIdFromReceiptBarcode)).toEqual([voidId]);
    expect(fake.drawerKicks()).toEqual([]); // no cash moves back for a payment's void
    await page.screenshot({ path: `${SHOTS}/void-copy-landscape-ja.png` });

    // Reprint of the last receipt: the same sale again, marked 再発行.
    fake.clear();
    await page.getByRole('button', { name: 'レシートを再発行' }).click();
    await expect(page.getByTestId('receipt-printed')).toContainText('再発行のレシートをプリンターに送りました');
    await expect(page.getByTestId('receipt-preview')).toHaveAttribute('data-reprint', 'true');
    await expect.poll(() => fake.cuts(), { message: 'the reprint' }).toBe(1);
    expect(fake.text()).toContain('【再発行】');
    expect(fake.text()).toContain('【会計控え】');
    expect(fake.code128().map(clientRequestIdFromReceiptBarcode)).toEqual([voidId]);
    expect(fake.drawerKicks()).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/reprint-landscape-ja.png` });
  });

  test('the sign-up done screen prints the hand-off slip: QR to the password guide, the checklist, only the masked address', async ({ page, kiosk, printer }) => {
    const { fake } = printer;
    const email = 'hanako.print@example.ac.jp';
    await page.setViewportSize(PORTRAIT);
    await page.getByRole('button', { name: 'タッチしてはじめる' }).click();
    await page.getByRole('link', { name: /My Portal 新規登録/ }).click();
    await typeOnKeyboard(page, page.getByLabel('会員番号（10桁）'), '2024000002');
    await pressKey(page, '次の欄へ');
    await page.getByRole('combobox', { name: '年', exact: true }).selectOption('2006');
    await page.getByRole('combobox', { name: '月', exact: true }).selectOption('1');
    await page.getByRole('combobox', { name: '日', exact: true }).selectOption('23');
    await page.getByRole('button', { name: '次へ', exact: true }).click();
    await typeOnKeyboard(page, page.getByRole('textbox', { name: 'メールアドレス 必須', exact: true }), 'hanako.print@example', { keys: ['.ac.jp'] });
    await typeOnKeyboard(page, page.getByLabel('メールアドレス（確認のためもう一度）'), 'hanako.print@example', { keys: ['.ac.jp'] });
    await page.getByRole('button', { name: 'このアドレスを使う' }).click();
    await page.getByRole('button', { name: '確認コードを送る' }).click();
    await expect(page.getByRole('heading', { name: '確認コードの入力' })).toBeVisible();
    await typeOnKeyboard(page, page.getByLabel('確認コード（6桁の数字）'), await lastCode(kiosk, email));
    await page.getByRole('button', { name: 'コードの確認', exact: true }).click();
    await expect(page.getByRole('heading', { name: '登録情報の入力' })).toBeVisible();
    await typeOnKeyboard(page, page.getByLabel('フリガナ（カタカナ）'), 'サトウ・ハナコ', { clear: true });
    await typeOnKeyboard(page, page.getByLabel('携帯電話番号（11桁）'), '08011112222', { clear: true });
    await typeOnKeyboard(page, page.getByLabel('郵便番号（7桁）'), '1000001', { clear: true });
    await page.getByRole('button', { name: '住所を入れる' }).click();
    await typeOnKeyboard(page, page.getByLabel('番地・建物名・部屋番号'), 'Chiyoda 1-1', { clear: true });
    await typeOnKeyboard(page, page.getByLabel('学籍番号'), 'L24-0002', { clear: true });
    await pressKey(page, 'キーボードを閉じる');
    await page.getByRole('button', { name: '入力内容を確認する' }).click();
    await page.getByRole('button', { name: 'この内容で登録する', exact: true }).click();
    await expect(page.getByRole('heading', { name: '登録を受け付けました' })).toBeVisible();

    fake.clear();
    await page.getByRole('button', { name: 'このチェックリストを紙で受け取る（印刷）' }).click();
    await expect(page.getByTestId('handoff-slip-printed')).toBeVisible();
    await expectNoSeriousAxeViolations(page, 'sign-up done with the printed slip (ja)');
    await expect.poll(() => fake.cuts(), { message: 'the hand-off slip' }).toBe(1);
    const text = fake.text();
    const order = ['アプリの設定 チェックリスト', '1. パスワードを設定する', '2. 大学生協アプリ（公式）をインストール', '3. アプリで初めてサインイン', '4. 生協電子マネー（PokePay）', '5. 時間と電波'].map((line) => text.indexOf(line));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('https://apps.univ.coop/mobileapp/flow-student/');
    expect(fake.received.includes(Buffer.of(0x1d, 0x38, 0x4c))).toBe(true); // GS 8 L: the QR code, printed as a raster image
    expect(text).toContain('h***@e***.jp');
    // Nothing personal beyond the masked address.
    for (const personal of [email, 'hanako.print', '2024000002', '08011112222', 'サトウ', 'L24-0002']) expect(text).not.toContain(personal);
    expect(fake.drawerKicks()).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/handoff-slip-done-portrait-ja.png`, fullPage: true });
  });
});
