import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { freePort, KIOSK_READY_LINE, ROOT, startProcess } from './support/processes';
import { electronRuntimePath } from '../../scripts/electron-runtime.mjs';

test.describe('npm start', () => {
  test.skip(({ hostKind }) => hostKind !== 'web', 'npm start opens Electron when its runtime exists; this checks the web-host path.');
  test.skip(() => electronRuntimePath() !== null, 'The Electron runtime is installed, so npm start opens the Electron window.');

  test('prints a one-time launch URL in one line; it opens the attract screen with the embedded demo portal, once', async ({ browser }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-start-'));
    const [kioskPort, portalPort] = [await freePort(), await freePort()];
    const { process: start, match } = await startProcess(
      [join(ROOT, 'scripts', 'start.mjs')],
      { KIOSK_DATA_DIR: dataDir, KIOSK_PORT: String(kioskPort), PORTAL_PORT: String(portalPort), PORTAL_URL: '' },
      KIOSK_READY_LINE,
      60_000,
    );
    try {
      expect(start.output()).toContain('Kiosk ready (web host, Electron runtime not installed): ');
      expect(match[1]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${kioskPort}/\\?launch=[A-Za-z0-9_-]{43}$`));
      expect(start.output()).toContain(`embedded demo portal at http://127.0.0.1:${portalPort}`);
      const page = await browser.newPage();
      await page.goto(match[1] as string);
      await expect(page.getByRole('heading', { name: '大学生協 カウンター端末' })).toBeVisible();
      await expect(page.getByTestId('offline-banner')).toBeHidden();
      // The spent token is gone from the address bar.
      expect(page.url()).not.toContain('launch=');
      await page.close();
      // A second browser with the same link gets nothing: the link works once.
      const other = await browser.newPage();
      await other.goto(match[1] as string);
      await expect(other.getByRole('heading', { name: 'この起動用リンクは使えません' })).toBeVisible();
      await other.close();
    } finally {
      await start.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
