/**
 * The on-screen receipt paper (RegisterReceipt → ReceiptPaperSvg): an inline SVG, one glyph per
 * tspan, drawn in the bundled BIZ UDPGothic so it never shows empty boxes on a machine without
 * a Japanese system font (which an SVG in <img> did).
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** The text of the on-screen receipt: its SVG's glyphs joined, non-breaking spaces as spaces. */
export async function receiptPaperText(page: Page): Promise<string> {
  const preview = page.locator('svg[data-testid="receipt-preview"]');
  if ((await preview.count()) === 0) return '';
  return ((await preview.textContent()) ?? '').replace(/\u00a0/g, ' ');
}

/** A unicode-range descriptor (`U+4E00-4E0F, U+3042`) covers the code point. */
function covers(unicodeRange: string, codePoint: number): boolean {
  return unicodeRange.split(',').some((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    if (!from) return false;
    if (from.includes('?')) return codePoint >= parseInt(from.replace(/\?/g, '0'), 16) && codePoint <= parseInt(from.replace(/\?/g, 'F'), 16);
    return codePoint >= parseInt(from, 16) && codePoint <= parseInt(to ?? from, 16);
  });
}

/**
 * The preview is an inline <svg> (not an <img>), named as one image, whose text computes to the
 * bundled font, and the page has loaded the bundled face for a Japanese character that only the
 * receipt shows (so only drawing the receipt could have loaded it).
 */
export async function expectReceiptInBundledFont(page: Page): Promise<void> {
  const preview = page.getByTestId('receipt-preview');
  await expect(preview).toBeVisible();
  expect(await preview.evaluate((el) => `${el.namespaceURI} ${el.localName} ${el.getAttribute('role')}`)).toBe('http://www.w3.org/2000/svg svg img');
  // Page-side code as strings: the e2e sources are compiled without the DOM's types.
  const families = await page.evaluate<string[]>(
    `[...new Set([...document.querySelectorAll('svg[data-testid="receipt-preview"] text')].map((t) => getComputedStyle(t).fontFamily))]`,
  );
  expect(families).toEqual(['"BIZ UDPGothic", sans-serif']);

  // Japanese characters the receipt draws and nothing else on the page shows.
  const onlyOnReceipt = await page.evaluate<string[]>(`(() => {
    const svg = document.querySelector('svg[data-testid="receipt-preview"]');
    const rest = document.body.cloneNode(true);
    rest.querySelector('svg[data-testid="receipt-preview"]')?.remove();
    const elsewhere = new Set((rest.textContent ?? '') + document.title);
    return [...new Set(svg?.textContent ?? '')].filter((c) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(c) && !elsewhere.has(c));
  })()`);
  expect(onlyOnReceipt.length, 'a Japanese character that only the receipt shows').toBeGreaterThan(0);
  const probe = onlyOnReceipt[0] as string;
  await expect
    .poll(
      async () => {
        const faces = await page.evaluate<string[]>(`[...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'BIZ UDPGothic' && f.status === 'loaded').map((f) => f.unicodeRange)`);
        return faces.some((range) => covers(range, probe.codePointAt(0) as number));
      },
      { message: `a loaded BIZ UDPGothic face covers ${probe}` },
    )
    .toBe(true);
}
