import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

// Only the shapes the guards touch; the real `electron` module cannot load under Node.
vi.mock('electron', () => ({}));

const { APP_ORIGIN, denyAllPermissions, guardApp, guardWebContents, isAppUrl, isTrustedSender, kioskWindowOptions } = await import(
  '../../../src/main/electron/security'
);

class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

function navigationEvent() {
  return { preventDefault: vi.fn() };
}

describe('kiosk window webPreferences', () => {
  const options = kioskWindowOptions('/app/out/preload/index.cjs');
  it('follow Electron’s security checklist', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.webPreferences?.disableBlinkFeatures).toBe('Auxclick');
  });
  it('open a full-screen kiosk window, shown only when ready', () => {
    expect(options).toMatchObject({ show: false, kiosk: true, fullscreen: true });
  });
});

describe('navigation guards', () => {
  it('allow the app’s own origin and block everything else', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never, () => undefined);
    for (const [url, blocked] of [
      [`${APP_ORIGIN}/#/staff`, false],
      ['https://evil.example/', true],
      ['file:///etc/passwd', true],
      ['app://other/', true],
      ['javascript:alert(1)', true],
    ] as const) {
      const event = navigationEvent();
      contents.emit('will-navigate', event, url);
      expect(event.preventDefault).toHaveBeenCalledTimes(blocked ? 1 : 0);
    }
    const redirect = navigationEvent();
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
  });

  it('deny window.open and webviews', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never, () => undefined);
    expect(contents.windowOpenHandler?.({ url: `${APP_ORIGIN}/` })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const webview = navigationEvent();
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('are applied to every web contents the app creates', () => {
    const app = new EventEmitter();
    guardApp(app as never, () => undefined);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler).toBeDefined();
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });
});

describe('permissions', () => {
  it('are all denied: requests, checks and devices', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    denyAllPermissions(session as never);
    const callback = vi.fn();
    for (const permission of ['media', 'geolocation', 'notifications', 'hid', 'serial', 'usb', 'clipboard-read']) {
      session.setPermissionRequestHandler.mock.calls[0]?.[0]({}, permission, callback);
    }
    expect(callback.mock.calls.every(([granted]) => granted === false)).toBe(true);
    expect(callback).toHaveBeenCalledTimes(7);
    expect(session.setPermissionCheckHandler.mock.calls[0]?.[0]()).toBe(false);
    expect(session.setDevicePermissionHandler.mock.calls[0]?.[0]()).toBe(false);
  });
});

describe('IPC sender check', () => {
  it('trusts only the app’s own top frame', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/`, parent: null })).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/`, parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///app/index.html', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
