/**
 * Identification by scan (issue 16, item 5), through a serial scanner on a socat PTY: a
 * member card is taken with the good sound; the app's one-time payment code is refused with words
 * pointing to the app's membership card screen, in both languages, and the good sound is NOT
 * played for it (the sound follows the screen's verdict). The tones are read from the page's
 * WebAudio oscillators (good: one 1760 Hz beep, bad: 247 Hz buzzes).
 */
import { formatMemberCardCode128 } from '../../src/shared/barcode';
import type { Page } from '@playwright/test';
import { expect } from './support/fixtures';
import { testWithPtyScanner } from './support/pty-scanner';

const test = testWithPtyScanner();

const GOOD_HZ = 1760;
const BAD_HZ = 247;

async function mintToken(portalUrl: string, memberNo: string, mode: 'pay' | 'charge' | 'points'): Promise<string> {
  const res = await fetch(`${portalUrl}/admin/app-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ memberNo, mode }) });
  return ((await res.json()) as { token: string }).token;
}

/** Frequencies of the oscillators the page started since the last call. */
async function tonesSinceLast(page: Page): Promise<number[]> {
  return page.evaluate('(() => { const t = globalThis.__tones.splice(0); return t; })()');
}

/** Records the frequency of every oscillator the page starts (the page is reloaded so the recorder runs before the kiosk). */
async function recordTones(page: Page): Promise<void> {
  // Runs in the page before the kiosk's scripts (a string: the Node-side tsconfig has no DOM lib).
  await page.addInitScript(`
    const tones = [];
    globalThis.__tones = tones;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args) {
      tones.push(this.frequency.value);
      return start.apply(this, args);
    };
  `);
  await page.reload();
}

for (const w of [
  { lang: 'ja', start: 'タッチしてはじめる', signup: /My Portal 新規登録/, memberNo: '会員番号（10桁）', payment: 'これはアプリの支払い用のコードです。アプリで「電子組合員証」の画面を開き、会員証のバーコードをスキャンしてください。', scanned: 'カードを読み取りました（会員番号 2024000001）。' },
  { lang: 'en', start: 'Touch to start', signup: /My Portal sign-up/, memberNo: 'Member number (10 digits)', payment: "This is the app's payment code. Open the membership card screen (電子組合員証) in the app and scan its member barcode.", scanned: 'Card read (member number 2024000001).' },
] as const) {
  test(`identification (${w.lang}): the app's payment code is refused without the good sound; a member card is taken with it`, async ({ page, kiosk, pty }) => {
    test.skip(kiosk.hostKind !== 'web', 'The tones are recorded in the web host page.');
    await recordTones(page);
    if (w.lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: w.start }).click();
    await page.getByRole('link', { name: w.signup }).click();
    await expect(page.getByLabel(w.memberNo)).toBeVisible();
    await tonesSinceLast(page);

    pty.write(`${await mintToken(kiosk.portalUrl, '2024000001', 'pay')}\r`);
    await expect(page.getByTestId('payment-code')).toHaveText(w.payment);
    await expect(page.getByLabel(w.memberNo)).toHaveValue('');
    await expect.poll(() => tonesSinceLast(page)).toEqual([BAD_HZ, BAD_HZ]);

    pty.write(`${formatMemberCardCode128('2024000001')}\r`);
    await expect(page.getByTestId('card-scanned')).toHaveText(w.scanned);
    await expect(page.getByLabel(w.memberNo)).toHaveValue('2024000001');
    await expect(page.getByTestId('payment-code')).toBeHidden();
    await expect.poll(() => tonesSinceLast(page)).toEqual([GOOD_HZ]);
  });
}
