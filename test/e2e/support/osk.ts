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
  return (await page.locator('html').getAttribute('lang')) === 'en' ? NAMES.en : NAMES.ja;
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

/** The page's DOM as far as the check below uses it (the Node-side tsconfig has no DOM lib). */
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
interface PageElement {
  getBoundingClientRect(): Box;
  checkVisibility(): boolean;
  offsetParent: unknown;
  textContent: string | null;
}
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement> };

/**
 * The keyboard leaves the field being typed and the step's buttons uncovered: the field lies wholly
 * in the part of the screen the page keeps, and no button's visible part lies under the keyboard
 * (a button scrolled out of the page's part is clipped by it, reachable by scrolling, not covered).
 */
export async function expectKeyboardLeavesRoom(page: Page, field: Locator): Promise<void> {
  const problems = await field.evaluate((el) => {
    const osk = document.querySelector('[data-testid="osk"]');
    const part = document.querySelector('.kiosk');
    if (!osk || !osk.checkVisibility() || !part) return ['keyboard or page missing'];
    const k = osk.getBoundingClientRect();
    const p = part.getBoundingClientRect();
    const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const show = (b: Box) => `[${Math.round(b.left)},${Math.round(b.top)}–${Math.round(b.right)},${Math.round(b.bottom)}]`;
    const out: string[] = [];
    const f = (el as unknown as PageElement).getBoundingClientRect();
    if (overlaps(f, k)) out.push(`field ${show(f)} under the keyboard ${show(k)}`);
    if (f.top < p.top || f.bottom > p.bottom || f.left < p.left || f.right > p.right) out.push(`field ${show(f)} outside the page's part ${show(p)}`);
    if (overlaps(p, k)) out.push(`page ${show(p)} and keyboard ${show(k)} overlap`);
    for (const button of document.querySelectorAll('main button, main a.button')) {
      if (button.offsetParent === null) continue;
      const b = button.getBoundingClientRect();
      const visible = { left: Math.max(b.left, p.left), top: Math.max(b.top, p.top), right: Math.min(b.right, p.right), bottom: Math.min(b.bottom, p.bottom) };
      if (visible.right > visible.left && visible.bottom > visible.top && overlaps(visible, k)) out.push(`button under the keyboard: ${button.textContent?.trim()}`);
    }
    return out;
  });
  expect(problems).toEqual([]);
}
