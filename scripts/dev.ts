/**
 * `npm run dev`: the kiosk for development with hot reload, on this machine's Chromium.
 * - the renderer is served by Vite's dev server on KIOSK_PORT (default 5780): Vue components
 *   and styles reload in place as you save;
 * - the kiosk core and the web host's API run in this process (tsx watch restarts it when a
 *   file of src/main, src/shared or src/portal changes), on a free loopback port behind Vite's
 *   proxy, with the embedded demo portal as `npm start` has it.
 * With the Electron runtime installed, `npx electron-vite dev` does the same for the app window.
 * Development only: the page's CSP lets Vite's injected <style> tags through (`npm start` and
 * the packaged app keep the strict policy).
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { createServer, type Plugin } from 'vite';
import { APP_VERSION } from '../src/main/app-info';
import { ConfigError, loadConfig } from '../src/main/config';
import { startKioskServices } from '../src/main/core/start-services';
import { startWebHost } from '../src/main/web-host/server';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rendererRoot = join(root, 'src', 'renderer');

/** This run's API secret into the page, and a CSP that allows Vite's style injection. */
function devPage(secret: string): Plugin {
  return {
    name: 'kiosk:dev-page',
    transformIndexHtml: (html) => html.replace('__KIOSK_SECRET__', secret).replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const services = await startKioskServices({ config, hostMode: 'web', version: APP_VERSION });
  const secret = randomBytes(32).toString('base64url');
  // The API on a free port; Vite serves the page and forwards /api to it.
  const api = await startWebHost({ core: services.core, rendererDir: rendererRoot, port: 0, secret });
  const apiOrigin = api.url.replace(/\/$/, '');
  const vite = await createServer({
    configFile: false,
    root: rendererRoot,
    resolve: { alias: { '@shared': join(root, 'src', 'shared'), '@renderer': join(root, 'src', 'renderer', 'src') } },
    plugins: [vue(), devPage(secret)],
    server: {
      host: '127.0.0.1',
      port: config.kioskPort,
      strictPort: true,
      proxy: {
        '/api': {
          target: apiOrigin,
          ws: true,
          changeOrigin: true,
          // The web host accepts calls from its own origin only (DNS-rebinding guard): speak as it.
          configure: (proxy) => {
            proxy.on('proxyReq', (request) => request.setHeader('origin', apiOrigin));
            proxy.on('proxyReqWs', (request) => request.setHeader('origin', apiOrigin));
          },
        },
      },
    },
  });
  await vite.listen();
  const url = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${config.kioskPort}/`;
  console.log(`Kiosk dev server (hot reload): ${url}  (API ${api.url}, ${services.portal.embedded ? 'embedded demo portal' : 'portal'} ${services.portal.url}; data in ${config.dataDir})`);

  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await vite.close();
    await api.close();
    await services.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `The dev server could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
