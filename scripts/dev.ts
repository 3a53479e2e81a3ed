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

/** A CSP that allows Vite's style injection (development only). */
function devPage(): Plugin {
  return {
    name: 'kiosk:dev-page',
    transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

/**
 * The one-time launch link goes to the web host as `npm start` has it: the host spends the token
 * and sets its HttpOnly session cookie, which the browser then sends to Vite's origin too
 * (cookies do not separate the ports of 127.0.0.1) and the proxy passes on to the API.
 */
function launchThroughApi(apiOrigin: string): Plugin {
  return {
    name: 'kiosk:dev-launch',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        if (!request.url?.includes('launch=')) return next();
        fetch(apiOrigin + request.url, { redirect: 'manual' })
          .then((answer) => {
            response.statusCode = answer.status;
            const cookie = answer.headers.get('set-cookie');
            if (cookie) response.setHeader('set-cookie', cookie);
            if (answer.headers.has('location')) response.setHeader('location', '/');
            response.end();
          })
          .catch(next);
      });
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const services = await startKioskServices({ config, hostMode: 'web', version: APP_VERSION });
  // The API on a free port; Vite serves the page and forwards /api to it.
  const api = await startWebHost({ core: services.core, rendererDir: rendererRoot, port: 0 });
  const apiOrigin = api.url.replace(/\/$/, '');
  const vite = await createServer({
    configFile: false,
    root: rendererRoot,
    resolve: { alias: { '@shared': join(root, 'src', 'shared'), '@renderer': join(root, 'src', 'renderer', 'src') } },
    plugins: [vue(), devPage(), launchThroughApi(apiOrigin)],
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
  const launch = new URL(api.launchUrl);
  console.log(`Kiosk dev server (hot reload): ${new URL(launch.search, url).href}  (API ${api.url}, ${services.portal.embedded ? 'embedded demo portal' : 'portal'} ${services.portal.url}; data in ${config.dataDir})`);

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
