/**
 * Leaving kiosk mode and the first administrator (issue 14 items 5 and 6), on the web host as a
 * store runs it: each test starts its own web host process (so it sees the process's exit code and
 * stdout) against the fixture's reference portal, and goes in through the printed launch link.
 */
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expectNoSeriousAxeViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { KIOSK_READY_LINE, ROOT, startProcess, type RunningProcess } from './support/processes';
import { typeStaffCredential } from './support/staff-pad';

test.skip(({ hostKind }) => hostKind !== 'web', 'Starts web host processes itself; the Electron side is unit-tested (electron/kiosk-control).');

const SHOTS = join(ROOT, 'test-results', 'kiosk-mode');

async function startKiosk(dataDir: string, portalUrl: string, env: Record<string, string> = {}): Promise<{ host: RunningProcess; launchUrl: string }> {
  const { process: host, match } = await startProcess(
    [join(ROOT, 'out', 'main', 'web-host.js')],
    { KIOSK_DATA_DIR: dataDir, KIOSK_PORT: '0', PORTAL_URL: portalUrl, KIOSK_DEMO: '1', KIOSK_LANG: 'ja', KIOSK_HEALTH_INTERVAL_SECONDS: '0.5', ...env },
    KIOSK_READY_LINE,
    60_000,
  );
  return { host, launchUrl: match[1] as string };
}

async function open(browser: Browser, launchUrl: string, viewport = { width: 1080, height: 1920 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(launchUrl);
  return page;
}

async function signIn(page: Page, pin: string, staffNo?: string): Promise<void> {
  for (let i = 0; i < 5; i++) await page.getByTestId('staff-corner').click();
  await typeStaffCredential(page, pin, staffNo ? { staffNo } : {});
  await page.getByRole('button', { name: 'サインイン' }).click();
  await expect(page.getByRole('heading', { name: '端末の状態' })).toBeVisible();
}

test('an admin stops the kiosk from the admin screen: the page says it is stopped (both languages) and the web host exits 0', async ({ kiosk, browser }) => {
  const { host, launchUrl } = await startKiosk(join(kiosk.dataDir, 'stop'), kiosk.portalUrl);
  try {
    const page = await open(browser, launchUrl);
    await signIn(page, '3333');
    const panel = page.getByTestId('kiosk-mode');
    await panel.getByRole('button', { name: '端末を終了する' }).click();
    await typeStaffCredential(page, '3333');
    await panel.getByRole('button', { name: '終了する', exact: true }).click();
    await expect(page.getByRole('heading', { name: '端末を停止しました' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'The kiosk is stopped' })).toBeVisible();
    await expectNoSeriousAxeViolations(page, 'stopped page');
    await expect.poll(() => host.child.exitCode, { timeout: 30_000 }).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'stopped-portrait.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(SHOTS, 'stopped-landscape.png') });
    await page.context().close();
  } finally {
    await host.stop();
  }
});

test('an admin restarts the kiosk: the page comes back on the first screen, same browser session, staff signed out', async ({ kiosk, browser }) => {
  const { host, launchUrl } = await startKiosk(join(kiosk.dataDir, 'restart'), kiosk.portalUrl);
  try {
    const page = await open(browser, launchUrl);
    await signIn(page, '3333');
    const panel = page.getByTestId('kiosk-mode');
    await panel.getByRole('button', { name: '端末を再起動する' }).click();
    // A wrong approval does nothing but say so.
    await typeStaffCredential(page, '9876', { staffNo: '3001' });
    await panel.getByRole('button', { name: '再起動する', exact: true }).click();
    await expect(panel.getByRole('alert')).toBeVisible();
    await typeStaffCredential(page, '3333');
    await panel.getByRole('button', { name: '再起動する', exact: true }).click();
    await expect.poll(() => host.output(), { timeout: 60_000 }).toContain('Kiosk restarted (web host)');
    await expect(page.getByRole('heading', { name: '大学生協 カウンター端末' })).toBeVisible({ timeout: 30_000 });
    expect(host.child.exitCode).toBeNull();
    // The restarted core answers the same page: staff sign in again.
    await signIn(page, '3333');
    await page.context().close();
  } finally {
    await host.stop();
  }
});

test('a start that fails leaves its reason, shown at the next start until an admin acknowledges it', async ({ kiosk, browser }) => {
  const dataDir = join(kiosk.dataDir, 'failed');
  const failed = await startKiosk(dataDir, kiosk.portalUrl, { KIOSK_TIME_ZONE: 'Mars/Olympus_Mons' }).then(
    () => 'started',
    (error: unknown) => String(error),
  );
  expect(failed).toContain('exited with 1');
  expect(failed).toContain('KIOSK_TIME_ZONE');
  const { host, launchUrl } = await startKiosk(dataDir, kiosk.portalUrl);
  try {
    const page = await open(browser, launchUrl);
    await signIn(page, '3333');
    const failure = page.getByTestId('start-failure');
    await expect(failure.getByRole('heading', { name: '前回の起動に失敗しました' })).toBeVisible();
    await expect(failure).toContainText('KIOSK_TIME_ZONE');
    await failure.getByRole('button', { name: '確認しました' }).click();
    await expect(page.getByTestId('start-failure')).toHaveCount(0);
    await expect(page.getByText('確認済みにしました。')).toBeVisible();
    await page.context().close();
  } finally {
    await host.stop();
  }
});

test('first start outside demo mode: the set-up screen takes the code printed on stdout and creates the first admin, who signs in', async ({ kiosk, browser }) => {
  const { host, launchUrl } = await startKiosk(join(kiosk.dataDir, 'setup'), kiosk.portalUrl, { KIOSK_DEMO: '0' });
  try {
    const code = /Kiosk set-up code[^:]*: (\d{8})/.exec(host.output())?.[1];
    expect(code).toMatch(/^\d{8}$/);
    const page = await open(browser, launchUrl);
    await expect(page.getByRole('heading', { name: '端末の初期設定' })).toBeVisible();
    await expectNoSeriousAxeViolations(page, 'set-up screen (ja)');
    await page.screenshot({ path: join(SHOTS, 'setup-ja-portrait.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(SHOTS, 'setup-ja-landscape.png') });
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Kiosk set-up' })).toBeVisible();
    await expectNoSeriousAxeViolations(page, 'set-up screen (en)');
    await page.screenshot({ path: join(SHOTS, 'setup-en-landscape.png') });
    await page.setViewportSize({ width: 1080, height: 1920 });
    await page.screenshot({ path: join(SHOTS, 'setup-en-portrait.png') });
    await page.getByRole('button', { name: '日本語' }).click();

    const digit = (d: string) => page.getByRole('button', { name: `数字 ${d}`, exact: true }).click();
    // A wrong code is refused.
    for (const d of String((Number(code) + 1) % 100_000_000).padStart(8, '0')) await digit(d);
    await page.getByRole('button', { name: '次へ', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('設定コードが違います');
    for (const d of code as string) await digit(d);
    await page.getByRole('button', { name: '次へ', exact: true }).click();
    await expect(page.getByText('最初の管理者の職員番号と')).toBeVisible();
    await typeStaffCredential(page, '2580', { staffNo: '0101' });
    await page.getByRole('button', { name: '次へ', exact: true }).click();
    await expect(page.getByText('確認のため、同じ PIN をもう一度入力してください。')).toBeVisible();
    for (const d of '2580') await digit(d);
    await page.getByRole('button', { name: '管理者を作る' }).click();
    await expect(page.getByRole('heading', { name: '端末の状態' })).toBeVisible();
    await expect(page.getByText('管理者 (Administrator)')).toBeVisible();
    // Signed out, the admin signs in with their own PIN; the set-up screen is gone.
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await signIn(page, '2580', '0101');
    await page.context().close();
  } finally {
    await host.stop();
  }
});
