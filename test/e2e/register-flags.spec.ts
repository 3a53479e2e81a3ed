/**
 * Flags settled to zero end to end (issue 15): an offline payment the portal declines once it is
 * back becomes a flag with a red bar; a supervisor settles it as collected in cash (PIN on the
 * cashier's screen, note typed on the on-screen keyboard); the bar clears; end of day and the
 * Shift_JIS CSV agree with the portal's ledger. Screenshots: test/artifacts/register-flags/.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import iconv from 'iconv-lite';
import { formatMemberCardCodabar } from '../../src/shared/barcode/formats';
import { formatStoreTime } from '../../src/shared/time/store-time';
import { typeOnKeyboard } from './support/osk';
import { typeStaffCredential } from './support/staff-pad';
import { expect } from './support/fixtures';
import { testWithPtyScanner } from './support/pty-scanner';

const TARO = '2024000001';
const KEN = '2024000003'; // 800 yen at the portal

const test = testWithPtyScanner('sim');

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test/artifacts/register-flags/${name}.png` });
}

/** The staff number, 次へ, then the PIN on the staff pad (the demo staff member with that PIN). */
async function pressPin(page: Page, pin: string): Promise<void> {
  await typeStaffCredential(page, pin);
}

/** The settle button of the (one) flag lies wholly inside the viewport once scrolled to: nothing runs off the right edge. */
async function expectSettleOnScreen(page: Page, width: number, height: number): Promise<void> {
  const settle = page.getByTestId('flag-settle');
  await settle.scrollIntoViewIfNeeded();
  await expect.poll(async () => {
    const box = await settle.boundingBox();
    return box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;
  }).toBe(true);
  // And the page itself does not scroll sideways, nor does the list run past its screen's column.
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
  const list = await page.getByTestId('flags-table').boundingBox();
  const screen = await page.getByTestId('register-flags').boundingBox();
  expect(list && screen && list.x + list.width <= screen.x + screen.width + 1).toBe(true);
}

interface AdminLedger {
  transactions: Array<{ clientRequestId: string; kind: string; memberNo: string; amount: number }>;
  declines: Array<{ clientRequestId: string; amount: number }>;
}

test.describe('register flags', () => {
  test('an offline payment declined later is settled in cash by a supervisor; the bar clears; end of day and CSV agree with the portal', async ({ page, pty, kiosk }) => {
    test.skip(kiosk.hostKind !== 'web', 'The register e2e runs on the web host.');
    await page.setViewportSize({ width: 1920, height: 1080 });
    // The browser's machine in another zone than the store's: staff screens still show the store's times.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'America/Los_Angeles' });
    expect(await page.evaluate<string>('Intl.DateTimeFormat().resolvedOptions().timeZone')).toBe('America/Los_Angeles');
    const corner = page.getByTestId('staff-corner');
    for (let i = 0; i < 5; i++) await corner.click();
    await pressPin(page, '1111');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByTestId('open-register').click();
    await expect(page.getByTestId('register-scan-prompt')).toBeVisible();

    // Online: another member at the counter first. Then Ken (800 in the kiosk's roster) spends at another till.
    pty.write(`${formatMemberCardCodabar(TARO)}\r`);
    await expect(page.getByTestId('register-member-name')).toHaveText('山田 太郎');
    await expect(page.getByTestId('register-identified')).toContainText('会員証');
    const seed = { memberNo: KEN, name: '鈴木 健', nameKana: 'スズキ ケン', birthDate: '2004-11-05', balance: 100 };
    const res = await fetch(`${kiosk.portalUrl}/admin/members`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ members: [seed] }) });
    expect(res.ok).toBe(true);

    await kiosk.stopPortal();
    await expect(page.getByTestId('register-offline-bar')).toBeVisible();
    pty.write(`${formatMemberCardCodabar(KEN)}\r`);
    await expect(page.getByTestId('register-member-name')).toHaveText('鈴木 健');
    await expect(page.getByTestId('register-balance-freshness')).toContainText('オフライン');
    await page.getByTestId('register-kind-payment').click();
    for (const key of ['5', '00']) await page.getByTestId(`register-amount-keys-${key}`).click();
    const paidFrom = Date.now();
    await page.getByTestId('register-confirm').click();
    await expect(page.getByTestId('register-outcome')).toContainText('記録しました');
    const paidTo = Date.now();
    await page.getByTestId('register-next').click();

    // Back online: the portal declines it (Ken has 100); the red bar asks staff to settle it.
    await kiosk.startPortal();
    await expect(page.getByTestId('register-flagged-bar')).toBeVisible({ timeout: 30_000 });
    await shot(page, '01-flag-bar');
    await page.getByRole('link', { name: '対応する' }).click();
    const row = page.getByTestId('flag-row');
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('flag-amount')).toHaveText('¥500');
    // Its time in the store's zone (Asia/Tokyo, the default), not the browser machine's (Los Angeles, above).
    const style = { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' } as const;
    const storeTimes = [paidFrom, paidTo].map((at) => formatStoreTime(at, 'ja', 'Asia/Tokyo', style));
    await expect(row.getByTestId('flag-when')).toHaveText(new RegExp(`^(${storeTimes.join('|')})$`));
    await expect(row).toContainText(KEN);
    await expect(row).toContainText('鈴木 健');
    // The portal's reason as a sentence (translated by the core), its raw code only as a small detail.
    await expect(row.getByTestId('flag-reason')).toHaveAttribute('data-reason', 'insufficient_balance');
    await expect(row.getByTestId('flag-reason-text')).toHaveText('ポータルの残高が足りませんでした（オフラインで受けた支払や、使われた後のチャージの取消）。');
    await expect(row.getByTestId('flag-reason')).toContainText('ポータルのコード: account_balance_not_enough');
    await expectSettleOnScreen(page, 1920, 1080);
    await shot(page, '02-flags');
    // The same list on a portrait kiosk (cards, every control on screen), in both languages.
    await page.setViewportSize({ width: 1080, height: 1920 });
    await expectSettleOnScreen(page, 1080, 1920);
    await shot(page, '02-flags-ja-portrait');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Declined later: to settle' })).toBeVisible();
    await expect(row.getByTestId('flag-reason-text')).toHaveText('The balance at the portal was not enough to cover it (an offline payment, or the void of a top-up already spent).');
    await expectSettleOnScreen(page, 1080, 1920);
    await shot(page, '02-flags-en-portrait');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expectSettleOnScreen(page, 1920, 1080);
    await shot(page, '02-flags-en-landscape');
    await page.getByRole('button', { name: '日本語' }).click();
    await row.getByRole('button', { name: `会員 ${KEN} の ¥500 を処理` }).click();
    await page.getByLabel('現金で回収').check();
    // The note is typed on the on-screen keyboard, as at the counter.
    await typeOnKeyboard(page, page.getByTestId('flag-note'), 'paid cash');
    await expect(page.getByTestId('flag-note')).toHaveValue('paid cash');
    await page.getByTestId('register-flags').getByRole('heading', { level: 1 }).click();
    // The cashier is signed in: the supervisor enters their PIN on this screen (an approval, not a sign-in).
    await pressPin(page, '2222');
    await shot(page, '03-settle');
    await page.getByRole('button', { name: '処理する' }).click();
    await expect(page.getByTestId('flags-none')).toBeVisible();
    await expect(page.getByTestId('flags-settled')).toContainText('1 件');

    // The bar is gone on the register.
    await page.getByRole('link', { name: 'レジに戻る' }).click();
    await expect(page.getByTestId('register-scan-prompt')).toBeVisible();
    await expect(page.getByTestId('register-flagged-bar')).toBeHidden();

    // End of day: no open flag, ¥500 collected in cash (expected in the drawer), payments as the portal has them.
    const ledger = (await (await fetch(`${kiosk.portalUrl}/admin/ledger?deviceId=demo-kiosk-01`)).json()) as AdminLedger;
    const portalPayments = ledger.transactions.filter((t) => t.kind === 'payment').reduce((n, t) => n + t.amount, 0);
    expect(ledger.declines.map((d) => d.amount)).toEqual([500]);
    await page.getByTestId('register-end-of-day').click();
    await expect(page.getByTestId('eod-flags-open')).toHaveText('0');
    await expect(page.getByTestId('eod-flags-cash')).toHaveText('¥500');
    await expect(page.getByTestId('eod-payments')).toHaveText(`¥${portalPayments.toLocaleString('ja-JP')}`);
    await expect(page.getByTestId('eod-expected')).toHaveText('¥500');
    await shot(page, '04-end-of-day');

    await page.getByLabel('Shift_JIS（旧 Excel 向け）').check();
    const download = page.waitForEvent('download');
    await page.getByTestId('eod-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/-sjis\.csv$/);
    const text = iconv.decode(readFileSync((await file.path()) as string), 'cp932');
    const [header, ...lines] = text.trimEnd().split('\r\n');
    const cols = (header as string).split(',');
    expect(cols).toEqual(expect.arrayContaining(['営業日', '日時', '種別', '会員確認', '金額', '状態', '要対応の処理']));
    const cells = lines.map((l) => l.split(','));
    const payment = cells.find((c) => c[cols.indexOf('種別')] === '支払');
    expect(payment?.[cols.indexOf('金額')]).toBe('500');
    expect(payment?.[cols.indexOf('状態')]).toBe('拒否');
    expect(payment?.[cols.indexOf('要対応の処理')]).toBe('現金で回収');
    expect(payment?.[cols.indexOf('会員確認')]).toBe('カード');
    expect(payment?.[cols.indexOf('日時')]).toMatch(/\+09:00$/);
    const confirmedPayments = cells.filter((c) => c[cols.indexOf('種別')] === '支払' && c[cols.indexOf('状態')] === '確定').reduce((n, c) => n + Number(c[cols.indexOf('金額')]), 0);
    expect(confirmedPayments).toBe(portalPayments);
  });
});
