/**
 * The store set-up file end to end (issue 14): an admin changes the offline limit, adds a barcode
 * rule and imports a catalog on one kiosk, exports the set-up file, and imports it on a second
 * kiosk (its own data folder, its own web host) in English, after a preview of what will change.
 * The second kiosk then has the same limits, rules and catalog.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { typeStaffCredential } from './support/staff-pad';
import { expect, test } from './support/fixtures';
import { KIOSK_READY_LINE, ROOT, startProcess } from './support/processes';

async function signInAdmin(page: Page, words: { digit: string; signIn: string }): Promise<void> {
  const corner = page.getByTestId('staff-corner');
  for (let i = 0; i < 5; i++) await corner.click();
  await typeStaffCredential(page, '3333', { lang: words.digit === 'Digit' ? 'en' : 'ja' });
  await page.getByRole('button', { name: words.signIn }).click();
}

test('a set-up file exported from one kiosk and imported into a second gives the same limits, rules and catalog', async ({ page, kiosk, browser }) => {
  test.skip(kiosk.hostKind !== 'web', 'Two web hosts side by side.');
  // Kiosk 1 (Japanese): the limit, a rule and a catalog, through the kiosk API as the screens do.
  await signInAdmin(page, { digit: '数字', signIn: 'サインイン' });
  await page.getByRole('link', { name: '端末の設定' }).click();
  const result = await page.evaluate(async () => {
    const kioskApi = (globalThis as unknown as { kiosk: Record<string, (input: unknown) => Promise<{ ok: boolean; value?: { ruleSet?: { rules: unknown[] } } }>> }).kiosk;
    await kioskApi.updateSettings!({ edits: { 'offline.paymentMax': 1200 } });
    const rules = (await kioskApi.getNomenclature!({})).value!.ruleSet!;
    const rule = { id: 'nw7-mod16', kind: 'memberCard', startStop: { transmitted: 'kept' }, characters: 'digits', checkDigit: { scheme: 'mod16', over: 'symbol' }, number: { padTo: 10 } };
    const saved = await kioskApi.saveNomenclature!({ ruleSet: { ...rules, rules: [...rules.rules, rule] } });
    const catalog = await kioskApi.saveCatalog!({ catalog: { universities: [{ name: '北辰大学', faculties: ['工学部', '文学部'] }] } });
    return [saved.ok, catalog.ok];
  });
  expect(result).toEqual([true, true]);
  await page.getByRole('link', { name: '端末の状態へ戻る' }).click();
  await page.getByRole('link', { name: '端末の設定' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '設定ファイルを書き出す' }).click();
  const file = await (await download).path();
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('"paymentMax": 1200');

  // Kiosk 2: its own data folder and web host, same portal.
  const secondDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-second-'));
  const second = await startProcess(
    [join(ROOT, 'out', 'main', 'web-host.js')],
    { KIOSK_DATA_DIR: secondDir, PORTAL_URL: kiosk.portalUrl, KIOSK_PORT: '0', KIOSK_HEALTH_INTERVAL_SECONDS: '0.5', KIOSK_DEMO: '1' },
    KIOSK_READY_LINE,
  );
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const other = await context.newPage();
    await other.goto(second.match[1] as string);
    await other.getByRole('button', { name: 'English' }).click();
    await signInAdmin(other, { digit: 'Digit', signIn: 'Sign in' });
    await other.getByRole('link', { name: 'Kiosk settings' }).click();
    await other.getByLabel('Import a set-up file').setInputFiles({ name: 'kiosk-setup.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    const preview = other.getByTestId('setup-preview');
    await expect(preview).toContainText('Settings: Largest offline payment (yen) 3000 → 1200');
    await expect(preview).toContainText('Barcode rules: Added: nw7-mod16');
    await expect(preview).toContainText('Universities: Added: 北辰大学 — → 工学部、文学部');
    await other.screenshot({ path: 'test/artifacts/settings/09-setup-preview-en.png', fullPage: true });
    await other.getByRole('button', { name: 'Apply this file' }).click();
    await expect(other.getByTestId('setup-message')).toHaveText('Applied (5 change(s)).');
    await other.getByRole('button', { name: 'Offline limits' }).click();
    await expect(other.getByLabel('Largest offline payment (yen)')).toHaveValue('1200');
    // The same rules and catalog as kiosk 1, read back through kiosk 2's API.
    const [rules1, rules2] = await Promise.all(
      [page, other].map((p) => p.evaluate(async () => JSON.stringify((await (globalThis as unknown as { kiosk: { getNomenclature(i: unknown): Promise<unknown> } }).kiosk.getNomenclature({}))))),
    );
    expect(rules2).toBe(rules1);
    const catalog2 = await other.evaluate(async () => (await (globalThis as unknown as { kiosk: { getRegistrationCatalog(i: unknown): Promise<{ value: unknown }> } }).kiosk.getRegistrationCatalog({})).value);
    expect(catalog2).toEqual({ universities: [{ name: '北辰大学', faculties: ['工学部', '文学部'] }] });
  } finally {
    await context.close();
    await second.process.stop();
    rmSync(secondDir, { recursive: true, force: true });
  }
});
