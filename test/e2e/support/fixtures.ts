import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, test as base, type ElectronApplication, type Page } from '@playwright/test';
import { electronRuntimePath } from '../../../scripts/electron-runtime.mjs';
import { freePort, KIOSK_READY_LINE, ROOT, startPortal, startProcess, type RunningProcess } from './processes';

export type HostKind = 'web' | 'electron';

export interface KioskOptions {
  hostKind: HostKind;
  /**
   * Extra environment for the kiosk process (e.g. KIOSK_SCANNERS), on top of the e2e defaults.
   * A spec sets it with `test.use({ kioskEnv: {...} })`, or overrides it with a fixture that
   * depends on others (a socat PTY's path): `test.extend({ kioskEnv: async ({ pty }, use) => ... })`.
   */
  kioskEnv: Record<string, string>;
  /** Extra environment for the reference portal process (e.g. PORTAL_MAX_CODES_PER_ADDRESS). */
  portalEnv: Record<string, string>;
}

/** Handles to the running kiosk and its portal, for tests that stop and start the portal. */
export interface KioskHandle {
  hostKind: HostKind;
  dataDir: string;
  portalUrl: string;
  stopPortal(): Promise<void>;
  startPortal(): Promise<void>;
  /** Web host only (set by the page fixture): stop the kiosk process, start it again on the same data and open its new launch URL. */
  restartKiosk?(): Promise<void>;
  /** Web host only: everything the kiosk process printed so far (its log). */
  kioskLog?(): string;
}

/** Settings that make the e2e runs quick without changing behaviour: faster health probes, short lockout. */
const E2E_ENV = { KIOSK_HEALTH_INTERVAL_SECONDS: '0.5', KIOSK_PIN_LOCKOUT_SECONDS: '3', KIOSK_LANG: 'ja', KIOSK_DEMO: '1' };

export const test = base.extend<KioskOptions & { kiosk: KioskHandle }>({
  hostKind: ['web', { option: true }],
  kioskEnv: [{}, { option: true }],
  portalEnv: [{}, { option: true }],

  kiosk: async ({ hostKind, portalEnv }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
    const portalPort = await freePort();
    const portalDataDir = join(dataDir, 'portal');
    let portal: RunningProcess | null = await startPortal(portalPort, portalDataDir, portalEnv);
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    const handle: KioskHandle = {
      hostKind,
      dataDir,
      portalUrl,
      async stopPortal() {
        await portal?.stop();
        portal = null;
      },
      async startPortal() {
        portal ??= await startPortal(portalPort, portalDataDir, portalEnv);
      },
    };
    await testInfo.attach('data dir', { body: dataDir });
    await use(handle);
    await portal?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  },

  page: async ({ hostKind, kiosk, kioskEnv, browser }, use, testInfo) => {
    const env = { ...E2E_ENV, KIOSK_DATA_DIR: join(kiosk.dataDir, 'kiosk'), PORTAL_URL: kiosk.portalUrl, ...kioskEnv };
    if (hostKind === 'electron') {
      const executablePath = electronRuntimePath();
      testInfo.skip(!executablePath, 'Electron runtime not installed (node_modules/electron/dist missing); the web project covers the same specs.');
      const app: ElectronApplication = await _electron.launch({ executablePath: executablePath as string, args: [ROOT], env: { ...process.env, ...env } });
      const page = await app.firstWindow();
      await use(page);
      await app.close();
      return;
    }
    const startHost = () => startProcess([join(ROOT, 'out', 'main', 'web-host.js')], { ...env, KIOSK_PORT: '0' }, KIOSK_READY_LINE);
    const started = await startHost();
    let host = started.process;
    const match = started.match;
    let earlierLog = '';
    const context = await browser.newContext({ viewport: testInfo.project.use.viewport ?? { width: 1080, height: 1920 } });
    const page: Page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    // In through the one-time launch URL, as the kiosk's browser does (it sets the session cookie).
    await page.goto(match[1] as string);
    kiosk.restartKiosk = async () => {
      earlierLog += host.output();
      await host.stop();
      const next = await startHost();
      host = next.process;
      await page.goto(next.match[1] as string);
    };
    kiosk.kioskLog = () => earlierLog + host.output();
    await use(page);
    await context.close();
    await host.stop();
    // A CSP violation or an uncaught error in the page is a failure even when the test passed.
    if (testInfo.status === 'passed') {
      const unexpected = consoleErrors.filter((text) => !/ERR_CONNECTION_REFUSED|Failed to load resource/.test(text));
      if (unexpected.length > 0) throw new Error(`Console errors in the kiosk page:\n${unexpected.join('\n')}`);
    }
  },
});

export { expect } from '@playwright/test';
