/**
 * Staff cards on a USB keyboard-wedge scanner (most counters have one): the scanner "types" the
 * card's code and Enter faster than a person can, the page's wedge detector takes the burst as a
 * scan before any element sees a key. On the sign-in pad and on an approver pad (the cash drawer's)
 * a staff card fills the staff number, the PIN is still typed on the pad, and none of the scanner's
 * keys land in the PIN or the field in focus — a member card scanned while the PIN is half typed
 * leaves it as it was. Both languages.
 */
import { formatMemberCardCode128, formatStaffCardCode128 } from '../../src/shared/barcode';
import { expect, test } from './support/fixtures';
import { wedgeScan } from './support/wedge';

test.use({ kioskEnv: { KIOSK_SCANNERS: 'wedge?maxInterKeyMs=49' } });

const WORDS = {
  ja: {
    heading: 'スタッフ サインイン', digit: (d: string) => `数字 ${d}`, signIn: 'サインイン',
    read: (no: string) => `職員カードを読み取りました（職員番号 ${no}）。PIN を入力してください。`,
    notStaffCard: 'これは職員カードではありません。職員カードをスキャンするか、職員番号を入力してください。',
    signedIn: 'レジ 担当 (demo cashier)（レジ担当）でサインイン中',
    devices: 'スキャナ・プリンターの状態とログ', drawer: 'ドロアを開ける', drawerDialog: 'キャッシュドロアを開ける', confirm: '開ける',
    noPrinter: 'この端末にはレシートプリンターが設定されていないため', cancel: 'キャンセル', back: '端末の状態にもどる',
  },
  en: {
    heading: 'Staff sign-in', digit: (d: string) => `Digit ${d}`, signIn: 'Sign in',
    read: (no: string) => `Staff card read (staff number ${no}). Enter the PIN.`,
    notStaffCard: 'This is not a staff card. Scan a staff card or type the staff number.',
    signedIn: 'Signed in as レジ 担当 (demo cashier) (Cashier)',
    devices: 'Scanners, printers and log', drawer: 'Open drawer', drawerDialog: 'Open the cash drawer', confirm: 'Open it',
    noPrinter: 'No receipt printer is set up on this kiosk', cancel: 'Cancel', back: 'Back to kiosk status',
  },
} as const;

for (const lang of ['ja', 'en'] as const) {
  const w = WORDS[lang];
  test(`staff card on a keyboard wedge (${lang}): fills the staff number on the sign-in and approver pads; the PIN is typed; no scanner key reaches the PIN`, async ({ page }) => {
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    for (let i = 0; i < 5; i++) await page.getByTestId('staff-corner').click();
    await expect(page.getByRole('heading', { name: w.heading })).toBeVisible();
    const staffNo = page.getByTestId('staff-no-display');
    const pin = page.getByTestId('pin-display');
    const note = page.getByTestId('pin-pad-scan');
    const digit = (d: string) => page.getByRole('button', { name: w.digit(d), exact: true }).click();

    // The staff number field in focus, as a person would leave it; the wedge scans a staff card.
    await staffNo.click();
    await wedgeScan(page, formatStaffCardCode128('1001'));
    await expect(note).toHaveText(w.read('1001'));
    await expect(staffNo).toHaveValue('1001');
    await expect(pin).toHaveValue('');

    // Half the PIN typed on the pad, then a member card through the wedge: refused as a staff
    // number, and its digits land nowhere (the PIN still has two dots, the number is unchanged).
    await digit('1');
    await digit('1');
    await expect(pin).toHaveValue('●●');
    await wedgeScan(page, formatMemberCardCode128('2024000001'));
    await expect(note).toHaveText(w.notStaffCard);
    await expect(pin).toHaveValue('●●');
    await expect(staffNo).toHaveValue('1001');
    await digit('1');
    await digit('1');
    await page.getByRole('button', { name: w.signIn, exact: true }).click();
    await expect(page.getByText(w.signedIn)).toBeVisible();

    // An approver pad: the cashier asks to open the drawer; the supervisor scans their card and types the PIN.
    await page.getByRole('link', { name: w.devices }).click();
    await page.getByRole('button', { name: w.drawer }).click();
    const dialog = page.getByRole('dialog', { name: w.drawerDialog });
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('pin-display').click();
    await wedgeScan(page, formatStaffCardCode128('2001'));
    await expect(dialog.getByTestId('pin-pad-scan')).toHaveText(w.read('2001'));
    await expect(dialog.getByTestId('staff-no-display')).toHaveValue('2001');
    await expect(dialog.getByTestId('pin-display')).toHaveValue('');
    for (const d of '2222') await digit(d);
    await expect(dialog.getByTestId('pin-display')).toHaveValue('●●●●');
    await dialog.getByRole('button', { name: w.confirm, exact: true }).click();
    // The approval was taken (a wrong PIN would say so); this kiosk has no printer, so no drawer port.
    await expect(dialog.getByTestId('drawer-error')).toContainText(w.noPrinter);
    // The supervisor's card approved once; the cashier is still the one signed in.
    await dialog.getByRole('button', { name: w.cancel, exact: true }).click();
    await page.getByRole('link', { name: w.back }).click();
    await expect(page.getByText(w.signedIn)).toBeVisible();
  });
}
