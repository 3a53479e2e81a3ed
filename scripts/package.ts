/**
 * `npm run package [-- --electron-dist <dir>] [--no-build] [--allow-abi-mismatch]`: packs the kiosk
 * into `dist/<platform>-unpacked/resources/app.asar` (build output, production package.json,
 * runtime node_modules; native addons unpacked), reports which native addons Electron can load,
 * and, given an Electron distribution folder (`--electron-dist`, ELECTRON_DIST, or the installed
 * runtime in node_modules/electron/dist), assembles the app around it and applies the fuses of
 * scripts/fuses-config.ts, read back and verified. Without Electron it stops after the asar and
 * says so. Everything is in scripts/packaging.ts; README.md "Packaging" says what it cannot do here.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsStale, runBuild } from './build-state.mjs';
import { BUILD_ENTRIES, runPackaging } from './packaging';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.exitCode = await runPackaging(process.argv.slice(2), process.env, { log: (line) => console.log(line), error: (line) => console.error(line) }, {
  root,
  build: (dir) => runBuild(dir),
  isStale: (dir) => buildIsStale(dir, [...BUILD_ENTRIES]),
});
