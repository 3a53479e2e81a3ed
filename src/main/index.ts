/**
 * Electron entry: a thin shell around the platform-agnostic kiosk core. Everything that
 * imports `electron` lives here and in ./electron.
 */
import { join, resolve } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, protocol, session } from 'electron';
import { APP_VERSION, RENDERER_DIR } from './app-info';
import { loadConfig } from './config';
import { logSecrets } from './core/log-secrets';
import { startKioskServices, type KioskServices } from './core/start-services';
import { safeStorageKeyProvider } from './electron/draft-key';
import { APP_SCHEME_PRIVILEGES, serveRenderer } from './electron/app-protocol';
import { forwardKioskEvents, registerKioskIpc } from './electron/ipc';
import { APP_ORIGIN, denyAllPermissions, guardApp } from './electron/security';
import { saveDownloadsTo } from './electron/downloads';
import { attachWedgeInput } from './electron/wedge-input';
import { keepCrashDumpsInDataDir } from './electron/crash-dumps';
import { createGlueLog, logCrashes, startFailureLine } from './electron/glue-log';
import { electronHostControl } from './electron/kiosk-control';
import { recordStartFailure } from './core/start-failure';
import { ConfigError } from './config';

// One redacting log for the Electron glue (URLs of blocked navigations may carry anything): stdout
// until the data folder is known, then also the rotating files there (./electron/glue-log).
const log = createGlueLog();
logCrashes(process, log, (code) => app.exit(code));
log.info(`kiosk: starting (app ${APP_VERSION}, Electron ${process.versions.electron ?? 'unknown'})`);

// One kiosk per machine: a second start focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Configuration first: the data folder must be known before the app is ready, because Chromium's
  // crash-dump folder is moved into it here (SECURITY.md §6), where the admin wipe reaches it.
  const config = loadConfigOrRecord(join(app.getPath('userData'), 'kiosk-data'));
  log.useDataDir(config.dataDir, logSecrets(config));
  keepCrashDumpsInDataDir(app, config.dataDir);
  protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);
  Menu.setApplicationMenu(null);
  guardApp(app, log);
  let window: BrowserWindow | null = null;
  let services: KioskServices | null = null;

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  void app.whenReady().then(async () => {
    log.info(`kiosk: app ready; data in ${config.dataDir}`);
    denyAllPermissions(session.defaultSession);
    // Exports (the register's CSV) go to KIOSK_EXPORT_DIR without a native dialog over the kiosk.
    saveDownloadsTo(session.defaultSession, process.env.KIOSK_EXPORT_DIR || join(config.dataDir, 'exports'), log);
    serveRenderer(protocol, RENDERER_DIR);
    try {
      services = await startKioskServices({ config, hostMode: 'electron', version: APP_VERSION, draftKeyProvider: safeStorageKeyProvider(config.dataDir, log), host: electronHostControl(app) });
    } catch (error) {
      log.error(startFailureLine(error));
      // Kept durably: the next start shows staff why this one failed.
      recordStartFailure(config.dataDir, { hostMode: 'electron', message: `The kiosk could not start: ${error instanceof Error ? error.message : String(error)}` });
      await log.close();
      app.exit(1);
      return;
    }
    registerKioskIpc(ipcMain, services.core, log);
    forwardKioskEvents(services.core, () => window?.webContents ?? null);

    // The options are written out here, literally, so static checkers (Electronegativity) see them
    // in the BrowserWindow call; test/unit/electron/window-options.test.ts proves this literal equals
    // kioskWindowOptions() in ./electron/security, the tested source of truth, property by property.
    window = new BrowserWindow({
      show: false,
      kiosk: true,
      fullscreen: true,
      autoHideMenuBar: true,
      backgroundColor: '#ffffff',
      webPreferences: {
        preload: join(__dirnameOf(), '../preload/index.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        // No experimental Blink feature is switched on (that option stays unset); middle-click (auxclick) cannot open windows.
        disableBlinkFeatures: 'Auxclick',
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        devTools: false,
      },
    });
    log.info('kiosk: window created');
    window.webContents.on('render-process-gone', (_event, details) => log.error(`kiosk: the window's renderer crashed (${details.reason}, exit code ${details.exitCode})`));
    // Keyboard-wedge scanners: the detector runs here, on before-input-event, so scanner keys never reach the page.
    const wedge = await services.core.invoke('getWedgeSettings', {});
    if (wedge.ok && wedge.value?.runsIn === 'main') {
      const core = services.core;
      attachWedgeInput(window.webContents, {
        settings: wedge.value,
        onScan: (scan) =>
          void core.invoke('submitWedgeScan', {
            data: scan.data,
            ...(scan.symbology ? { symbology: scan.symbology } : {}),
            ...(scan.truncated ? { truncatedLength: scan.truncated.totalLength } : {}),
          }),
      });
    }
    window.once('ready-to-show', () => window?.show());
    await window.loadURL(`${APP_ORIGIN}/`);
  });

  app.on('child-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit') log.error(`kiosk: Chromium's ${details.type} process is gone (${details.reason}, exit code ${details.exitCode})`);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    log.info('kiosk: quitting');
    void services?.close().then(() => log.close());
  });
}

/** A bad configuration stops the start; its message is kept for the next start's status screen. */
function loadConfigOrRecord(defaultDataDir: string): ReturnType<typeof loadConfig> {
  try {
    return loadConfig(process.env, defaultDataDir);
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `The kiosk could not start: ${String(error)}`;
    recordStartFailure(resolve(process.env.KIOSK_DATA_DIR || defaultDataDir), { hostMode: 'electron', message });
    throw error;
  }
}

function __dirnameOf(): string {
  return new URL('.', import.meta.url).pathname;
}
