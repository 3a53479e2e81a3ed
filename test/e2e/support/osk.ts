/**
 * Typing as a student does at the kiosk: touch the field, then press the on-screen keyboard's keys
 * by their accessible names (never `fill()`, never the physical keyboard, which would make the
 * kiosk hide its keyboard for the rest of the visit). The key names follow the page's language.
 */
import { expect, type Locator, type Page } from '@playwright/test';

const NAMES = {
  ja: { region: '画面のキーボード', shift: '大文字 ⇧', dakuten: '濁点 ゛', handakuten: '半濁点 ゜', small: (k: string) => `小さい${k}`, longVowel: '長音 ー', middleDot: '中点 ・', space: '空白', clear: 'すべて消す', backspace: '1文字消す' },
  en: { region: 'On-screen keyboard', shift: 'Capital ⇧', dakuten: 'dakuten ゛', handakuten: 'handakuten ゜', small: (k: string) => `small ${k}`, longVowel: 'long vowel ー', middleDot: 'middle dot ・', space: 'Space', clear: 'Clear all', backspace: 'Delete one character' },
} as const;
type Words = (typeof NAMES)[keyof typeof NAMES];

const SMALL_KANA = 'ァィゥェォッャュョヮ';

async function words(page: Page): Promise<Words> {
  return (await page.evaluate(() => document.documentElement.lang)) === 'en' ? NAMES.en : NAMES.ja;
}

export function keyboard(page: Page, language: 'ja' | 'en'): Locator {
  return page.getByRole('region', { name: NAMES[language].region });
}

/** Presses one key of the shown keyboard by its accessible name. */
export async function pressKey(page: Page, name: string): Promise<void> {
  const w = await words(page);
  await page.getByRole('region', { name: w.region }).getByRole('button', { name, exact: true }).click();
}

/** The key presses that type one character: kana with ゛ / ゜ are the plain kana then the mark, capitals go through ⇧. */
function keysFor(char: string, w: Words): string[] {
  if (char === 'ー') return [w.longVowel];
  if (char === '・') return [w.middleDot];
  if (char === ' ' || char === '\u3000') return [w.space];
  if (SMALL_KANA.includes(char)) return [w.small(char)];
  const [base, mark] = [...char.normalize('NFD')];
  if (mark === '\u3099') return [base as string, w.dakuten];
  if (mark === '\u309A') return [base as string, w.handakuten];
  if (/[A-Z]/.test(char)) return [w.shift, char];
  return [char];
}

/**
 * Touches `field`, clears it with the keyboard's "clear" key when asked, and types `text` key by
 * key. `keys` are whole keys to press after the text (domain keys such as `.ac.jp`).
 */
export async function typeOnKeyboard(page: Page, field: Locator, text: string, options: { clear?: boolean; keys?: string[] } = {}): Promise<void> {
  const w = await words(page);
  await field.click();
  await expect(page.getByRole('region', { name: w.region })).toBeVisible();
  if (options.clear) await pressKey(page, w.clear);
  for (const char of text) for (const key of keysFor(char, w)) await pressKey(page, key);
  for (const key of options.keys ?? []) await pressKey(page, key);
}

/**
 * The keyboard leaves the field being typed and the step's buttons uncovered: the field lies wholly
 * in the part of the screen the page keeps, and no button's visible part lies under the keyboard
 * (a button scrolled out of the page's part is clipped by it, reachable by scrolling, not covered).
 */
export async function expectKeyboardLeavesRoom(page: Page, field: Locator): Promise<void> {
  const handle = await field.elementHandle();
  const problems = await page.evaluate((el) => {
    const osk = document.querySelector<HTMLElement>('[data-testid="osk"]');
    const page_ = document.querySelector<HTMLElement>('.kiosk');
    if (!osk || !osk.checkVisibility() || !page_ || !el) return ['keyboard or page missing'];
    const k = osk.getBoundingClientRect();
    const p = page_.getBoundingClientRect();
    const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const out: string[] = [];
    const f = (el as HTMLElement).getBoundingClientRect();
    if (overlaps(f, k)) out.push(`field under the keyboard: ${JSON.stringify(f)} vs ${JSON.stringify(k)}`);
    if (f.top < p.top || f.bottom > p.bottom || f.left < p.left || f.right > p.right) out.push(`field outside the page's part: ${JSON.stringify(f)} vs ${JSON.stringify(p)}`);
    if (overlaps(p, k)) out.push(`page and keyboard overlap: ${JSON.stringify(p)} vs ${JSON.stringify(k)}`);
    for (const button of document.querySelectorAll<HTMLElement>('main button, main a.button')) {
      if (button.offsetParent === null) continue;
      const b = button.getBoundingClientRect();
      const visible = new DOMRect(Math.max(b.left, p.left), Math.max(b.top, p.top), Math.min(b.right, p.right) - Math.max(b.left, p.left), Math.min(b.bottom, p.bottom) - Math.max(b.top, p.top));
      if (visible.width > 0 && visible.height > 0 && overlaps(visible, k)) out.push(`button under the keyboard: ${button.textContent?.trim()}`);
    }
    return out;
  }, handle);
  expect(problems).toEqual([]);
}
