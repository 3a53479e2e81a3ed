import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

/**
 * The UI font travels with the app (@fontsource/biz-udpgothic): Chromium runs here with a
 * fontconfig that knows no CJK font at all (only DejaVu), and every Japanese text still renders
 * in BIZ UDPGothic. Chromium's own answer (CDP CSS.getPlatformFontsForNode: the fonts it used
 * for the glyphs) is checked, and screenshots go to test/artifacts/font/ for people to look at.
 */
const ARTIFACTS = resolve('test/artifacts/font');
const NO_CJK_FONTCONFIG = join(ARTIFACTS, 'fonts-without-cjk.conf');
mkdirSync(ARTIFACTS, { recursive: true });
writeFileSync(
  NO_CJK_FONTCONFIG,
  `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>${join(ARTIFACTS, 'fontconfig-cache')}</cachedir>
</fontconfig>
`,
);

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    env: { ...process.env, FONTCONFIG_FILE: NO_CJK_FONTCONFIG },
  },
});

/** The fonts Chromium actually drew the element's text with, and how many glyphs each. */
async function renderedFonts(page: Page, element: Locator): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[]> {
  await element.evaluate((node) => node.setAttribute('data-font-probe', ''));
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-font-probe]' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts;
  } finally {
    await element.evaluate((node) => node.removeAttribute('data-font-probe'));
    await cdp.detach();
  }
}

async function expectBundledFace(page: Page, element: Locator): Promise<void> {
  await expect(element).toBeVisible();
  const text = (await element.textContent()) ?? '';
  await expect.poll(() => page.evaluate<boolean>(`document.fonts.check('22px "BIZ UDPGothic"', ${JSON.stringify(text)})`)).toBe(true);
  const fonts = await renderedFonts(page, element);
  expect(fonts.length).toBeGreaterThan(0);
  // Every glyph from the bundled web font, none from a system font.
  expect(fonts.map((font) => ({ family: font.familyName, custom: font.isCustomFont }))).toEqual(
    fonts.map(() => ({ family: 'BIZ UDPGothic', custom: true })),
  );
}

test('Japanese renders in the bundled BIZ UDPGothic on a machine without CJK system fonts', async ({ page, kiosk }) => {
  test.skip(kiosk.hostKind !== 'web', 'The browser with the CJK-less fontconfig is the web host\'s.');
  // The set-up really hides every Japanese system font from this Chromium.
  expect(execFileSync('fc-list', [':lang=ja', 'family'], { env: { ...process.env, FONTCONFIG_FILE: NO_CJK_FONTCONFIG } }).toString().trim()).toBe('');

  const start = page.getByRole('button', { name: 'タッチしてはじめる' });
  await expectBundledFace(page, start);
  await page.screenshot({ path: join(ARTIFACTS, 'attract-ja.png') });

  await start.click();
  await page.getByRole('link', { name: /My Portal 新規登録/ }).click();
  const heading = page.getByRole('heading', { name: '本人確認' });
  await expectBundledFace(page, heading);
  await expectBundledFace(page, page.getByRole('button', { name: '次へ' }));
  await page.screenshot({ path: join(ARTIFACTS, 'signup-identify-ja.png') });
});
