/**
 * The items of Electron's security checklist that are not already proven by security.test.ts,
 * ipc-and-preload.test.ts and window-options.test.ts: CSP in both places, the app:// protocol
 * instead of file://, no shell.openExternal, no insecure content, and the main process's order
 * of set-up (single instance, no menu, guards before any window). SECURITY.md maps each item.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/csp';
import { makeTempDir } from '../../helpers/temp-dir';

vi.mock('electron', () => ({}));
const { APP_SCHEME_PRIVILEGES, serveRenderer } = await import('../../../src/main/electron/app-protocol');

const ROOT = join(import.meta.dirname, '../../..');

function files(folder: string, extensions: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (extensions.some((ext) => path.endsWith(ext))) out.push(path);
    }
  };
  walk(join(ROOT, folder));
  return out;
}

describe('Content Security Policy', () => {
  const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));

  it('is strict: nothing by default, scripts and styles only from the app, no eval, no inline, no plugins, no framing', () => {
    const csp = directives(CONTENT_SECURITY_POLICY);
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval|hashes)|wasm-unsafe-eval|\*|http:/);
  });

  it('is also in the renderer page itself (meta; frame-ancestors only works as a header)', () => {
    const html = readFileSync(join(ROOT, 'src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const header = directives(CONTENT_SECURITY_POLICY);
    header.delete('frame-ancestors');
    expect(directives(meta)).toEqual(header);
  });
});

describe('app:// custom protocol instead of file://', () => {
  const temp = makeTempDir('app-protocol-');
  afterAll(() => temp.cleanup());
  const rendererDir = join(temp.dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<html>kiosk</html>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {}');
  writeFileSync(join(temp.dir, 'secret.txt'), 'outside the renderer');
  let handler: ((request: Request) => Promise<Response>) | undefined;
  serveRenderer({ handle: (scheme: string, h: (request: Request) => Promise<Response>) => scheme === 'app' && (handler = h) } as never, rendererDir);
  const get = (url: string) => (handler as (request: Request) => Promise<Response>)(new Request(url));

  it('is a standard, secure scheme without CORS or fetch privileges', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false } }]);
  });

  it('serves the built renderer with the CSP header, and index.html for app routes', async () => {
    const index = await get('app://kiosk/');
    expect(await index.text()).toBe('<html>kiosk</html>');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await (await get('app://kiosk/staff/sync')).text()).toBe('<html>kiosk</html>');
    expect((await get('app://kiosk/assets/app.js')).status).toBe(200);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const url of ['app://kiosk/../secret.txt', 'app://kiosk/%2e%2e/secret.txt', 'app://kiosk/assets/..%2f..%2fsecret.txt', 'app://kiosk/%2e%2e%2fsecret.txt', 'app://kiosk/assets/missing.js']) {
      const response = await get(url);
      expect([url, response.status]).toEqual([url, 404]);
    }
  });
});

describe('main process set-up (src/main/index.ts)', () => {
  const main = readFileSync(join(ROOT, 'src/main/index.ts'), 'utf8');
  const at = (text: string) => {
    const index = main.indexOf(text);
    expect(index, text).toBeGreaterThanOrEqual(0);
    return index;
  };

  it('takes the single-instance lock, removes the menu and guards every web contents before any window', () => {
    const lock = at('app.requestSingleInstanceLock()');
    const menu = at('Menu.setApplicationMenu(null)');
    const guards = at('guardApp(app, log)');
    const permissions = at('denyAllPermissions(session.defaultSession)');
    const protocol = at('serveRenderer(protocol, RENDERER_DIR)');
    const window = at('new BrowserWindow(');
    expect(lock).toBeLessThan(menu);
    expect(Math.max(menu, guards, permissions, protocol)).toBeLessThan(window);
    expect(at("window.loadURL(`${APP_ORIGIN}/`)")).toBeGreaterThan(window);
  });

  it('never loads file:// and shows the window only when ready', () => {
    expect(main).not.toMatch(/loadFile\(|file:\/\//);
    expect(main).toContain("window.once('ready-to-show'");
  });
});

describe('the sources as a whole', () => {
  const sources = [...files('src', ['.ts', '.vue', '.html']), ...files('drivers', ['.ts'])];

  it('never call shell.openExternal, the remote module, or turn a webPreferences guard off', () => {
    const forbidden = /shell\.openExternal|@electron\/remote|enableRemoteModule|nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false|allowRunningInsecureContent:\s*true|webviewTag:\s*true|experimentalFeatures:\s*true|enableBlinkFeatures|setPermissionRequestHandler\(null/;
    const offenders = sources.filter((file) => forbidden.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('load no insecure content: the renderer references no http:// resource', () => {
    const offenders = files('src/renderer', ['.ts', '.vue', '.html', '.css']).filter((file) => /http:\/\//.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
