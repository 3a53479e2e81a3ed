#!/usr/bin/env node
// `npm start`: builds the kiosk when the sources are newer than the build, then opens the
// Electron kiosk window when the Electron runtime is installed, or else serves the same
// kiosk from the web host on 127.0.0.1 (DESIGN.md §5.1). The web host prints a one-time launch
// link (http://127.0.0.1:<port>/?launch=…): open it once in the kiosk's browser; `kill -USR1`
// this launcher (or the host) prints a new one. The child gets the allocator settings of
// scripts/launch-env.mjs, which glibc reads only when a process starts.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsStale, runBuild } from './build-state.mjs';
import { electronRuntimePath } from './electron-runtime.mjs';
import { kioskProcessEnv } from './launch-env.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (buildIsStale(root, ['out/main/web-host.js', 'out/renderer/index.html'])) {
  process.stdout.write('Building the kiosk (only when the sources changed)…\n');
  const status = runBuild(root, 'ignore');
  if (status !== 0) {
    console.error('The build failed: run "npm run build" to see why.');
    process.exit(status);
  }
}

const electron = electronRuntimePath();
const [command, args, env] = electron
  ? [electron, [root], kioskProcessEnv(process.env)]
  : [process.execPath, [join(root, 'out', 'main', 'web-host.js')], kioskProcessEnv({ ...process.env, KIOSK_FALLBACK_NOTE: 'Electron runtime not installed' })];
const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
// A new launch link for a restarted browser (web host; Electron has no launch link and ignores it).
process.on('SIGUSR1', () => {
  if (!electron) child.kill('SIGUSR1');
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
