#!/usr/bin/env node
// `npm start`: builds the kiosk when the sources are newer than the build, then opens the
// Electron kiosk window when the Electron runtime is installed, or else serves the same
// kiosk from the web host on 127.0.0.1 (DESIGN.md §5.1).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronRuntimePath } from './electron-runtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildStamp = join(root, 'out', 'main', 'web-host.js');

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsStale() {
  if (!existsSync(buildStamp) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) return true;
  const inputs = ['src', 'package.json', 'electron.vite.config.ts'].map((p) => join(root, p));
  return Math.max(...inputs.map(newestMtime)) > statSync(buildStamp).mtimeMs;
}

if (buildIsStale()) {
  process.stdout.write('Building the kiosk (only when the sources changed)…\n');
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) {
    console.error('The build failed: run "npm run build" to see why.');
    process.exit(build.status ?? 1);
  }
}

const electron = electronRuntimePath();
const [command, args, env] = electron
  ? [electron, [root], process.env]
  : [process.execPath, [join(root, 'out', 'main', 'web-host.js')], { ...process.env, KIOSK_FALLBACK_NOTE: 'Electron runtime not installed' }];
const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
