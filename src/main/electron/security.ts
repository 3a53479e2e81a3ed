import type { App, BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

/** The only origin the kiosk window may show: the app's own custom protocol (never file://). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://kiosk`;

/** webPreferences from Electron's security checklist: isolated, sandboxed, no Node in the page. */
export function kioskWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    show: false,
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
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
  };
}

export function isAppUrl(url: string): boolean {
  try {
    // Compare scheme and host: WHATWG URL gives non-special schemes an opaque ("null") origin.
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'kiosk' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/**
 * Guards for one page: no navigation away from the app, no new windows, no webviews.
 * Returns nothing: the handlers stay for the page's lifetime.
 */
export function guardWebContents(contents: WebContents, log: (line: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      log(`electron: navigation to ${url} blocked`);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    log(`electron: window.open(${url}) blocked`);
    return { action: 'deny' };
  });
}

/** Every permission (camera, microphone, notifications, HID, serial, USB…) is refused. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Applies the guards to every web contents the app ever creates. */
export function guardApp(app: App, log: (line: string) => void): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, log));
}

/** An IPC message is trusted only when it comes from the app's own top frame. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}
