import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import type { Plugin } from 'vite';
import { kioskFontFaces } from './scripts/vite-font-faces';

/**
 * Fontsource lists a .woff fallback after every .woff2 of the bundled UI font; Chromium reads
 * woff2, so only those are bundled (half the bytes).
 */
function fontsourceWoff2Only(): Plugin {
  return {
    name: 'kiosk:fontsource-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource[\\/].+\.css$/.test(id)) return null;
      return code.replace(/,\s*url\([^)]+\.woff\)\s*format\('woff'\)/g, '');
    },
  };
}

/** Pure-JS production dependencies bundled into the main-process entries (see `externalizeDeps`). */
const BUNDLED_DEPENDENCIES = ['zod', 'pino', 'jsbarcode', 'receiptline', 'iconv-lite', 'csv-parse', 'safe-regex2', 'wanakana', 'ws'];

export default defineConfig({
  main: {
    build: {
      // Native modules (better-sqlite3, serialport, usb) and the postal data package (it reads its
      // data files beside itself) stay external and load from node_modules. The pure-JS
      // libraries are bundled: Node's ESM loader resolving, reading and lexing each CommonJS
      // package was a third of the core's start-up CPU before the ready line (issue 18).
      externalizeDeps: { exclude: BUNDLED_DEPENDENCIES },
      rollupOptions: {
        input: {
          // Electron entry: the only bundle that imports `electron`.
          index: resolve(__dirname, 'src/main/index.ts'),
          // Plain Node entries: the web host and the standalone reference portal.
          'web-host': resolve(__dirname, 'src/main/web-host/main.ts'),
          portal: resolve(__dirname, 'src/portal/main.ts'),
          // The demo kiosk's embedded portal, forked by the core (src/main/core/embedded-portal.ts).
          'portal-embedded': resolve(__dirname, 'src/portal/embedded.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() local files: bundle everything into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: { alias: { '@shared': resolve(__dirname, 'src/shared'), '@renderer': resolve(__dirname, 'src/renderer/src') } },
    plugins: [vue(), kioskFontFaces(), fontsourceWoff2Only()],
    build: {
      // electron-vite leaves minify off; the kiosk's first tap waits on parsing this bundle
      // (issue 18: 1.38 MB unminified in one 143 ms task).
      minify: 'esbuild',
      // No data: URLs: the CSP allows fonts and images from 'self' only (small font chunks would be inlined).
      assetsInlineLimit: 0,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
