import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { KIOSK_READY_LINE, ROOT, startProcess } from './support/processes';

test.describe('a damaged database', () => {
  test.skip(({ hostKind }) => hostKind !== 'web', 'Starts its own web host with a prepared data folder.');

  test('shows an out-of-service screen with what staff should do, in both languages, instead of crashing', async ({ browser, kiosk }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-corrupt-'));
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'kiosk.sqlite'), Buffer.alloc(16_384, 0x42));
    const { process: host, match } = await startProcess(
      [join(ROOT, 'out', 'main', 'web-host.js')],
      { KIOSK_DATA_DIR: dataDir, KIOSK_PORT: '0', PORTAL_URL: kiosk.portalUrl, KIOSK_DEMO: '1' },
      KIOSK_READY_LINE,
    );
    try {
      const page = await browser.newPage();
      await page.goto(match[1] as string);
      await expect(page.getByRole('heading', { name: 'この端末は現在ご利用いただけません' })).toBeVisible();
      await expect(page.getByText('データベースが壊れています。管理者がバックアップから復元してください。', { exact: false })).toBeVisible();
      await page.getByRole('button', { name: 'English' }).click();
      await expect(page.getByRole('heading', { name: 'This kiosk is out of service' })).toBeVisible();
      await expect(page.getByText(/The database is damaged/)).toBeVisible();
      await expect(page.locator('body')).not.toContainText('SqliteError');
      await page.close();
      expect(host.output()).toContain('database problem (db_corrupt)');
    } finally {
      await host.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
