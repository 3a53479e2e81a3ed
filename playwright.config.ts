import { defineConfig } from '@playwright/test';
import { electronRuntimePath } from './scripts/electron-runtime.mjs';
import type { KioskOptions } from './test/e2e/support/fixtures';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const electronPath = electronRuntimePath();
if (!electronPath) {
  // Printed once per run so a skipped project never looks like a pass.
  console.log('[e2e] electron project skipped: the Electron runtime is not installed (node_modules/electron/dist is missing).');
}

const chromiumLaunch = {
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
};

export default defineConfig<KioskOptions>({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'web',
      use: {
        hostKind: 'web',
        viewport: { width: 1080, height: 1920 },
        launchOptions: chromiumLaunch,
      },
    },
    {
      name: 'electron',
      // The browser fixture is unused here; pointing it at Debian's Chromium keeps it from looking for its own.
      use: { hostKind: 'electron', viewport: { width: 1080, height: 1920 }, launchOptions: chromiumLaunch },
    },
  ],
});
