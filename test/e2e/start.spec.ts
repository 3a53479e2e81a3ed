import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { freePort, ROOT, startProcess } from './support/processes';
import { electronRuntimePath } from '../../scripts/electron-runtime.mjs';

test.describe('npm start', () => {
  test.skip(({ hostKind }) => hostKind !== 'web', 'npm start opens Electron when its runtime exists; this checks the web-host path.');
  test.skip(() => electronRuntimePath() !== null, 'The Electron runtime is installed, so npm start opens the Electron window.');

  test('prints the kiosk URL in one line and serves the attract screen with the embedded demo portal', async ({ browser }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-start-'));
    const [kioskPort, portalPort] = [await freePort(), await freePort()];
    const { process: start, match } = await startProcess(
      [join(ROOT, 'scripts', 'start.mjs')],
      { KIOSK_DATA_DIR: dataDir, KIOSK_PORT: String(kioskPort), PORTAL_PORT: String(portalPort), PORTAL_URL: '' },
      /Kiosk ready \(web host, Electron runtime not installed\): (http:\/\/127\.0\.0\.1:\d+\/)/,
      60_000,
    );
    try {
      expect(match[1]).toBe(`http://127.0.0.1:${kioskPort}/`);
      expect(start.output()).toContain(`embedded demo portal at http://127.0.0.1:${portalPort}`);
      const page = await browser.newPage();
      await page.goto(match[1] as string);
      await expect(page.getByRole('heading', { name: '大学生協 カウンター端末' })).toBeVisible();
      await expect(page.getByTestId('offline-banner')).toBeHidden();
      await page.close();
    } finally {
      await start.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
