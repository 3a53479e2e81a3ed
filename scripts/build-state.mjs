// Whether out/ (electron-vite's build) is older than its sources, and the build itself: shared by
// `npm start` (scripts/start.mjs) and `npm run package` (scripts/package.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the build reads: a change to any of them makes out/ stale. */
export const BUILD_INPUTS = ['src', 'package.json', 'electron.vite.config.ts'];

/** @param {string} path @returns {number} the newest modification time below path (0 when missing). */
export function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * @param {string} root the project folder
 * @param {string[]} outputs build outputs (relative to root) that must exist and be newer than every input
 * @returns {boolean}
 */
export function buildIsStale(root, outputs) {
  const stamps = outputs.map((output) => join(root, output));
  if (stamps.some((stamp) => !existsSync(stamp))) return true;
  const built = Math.min(...stamps.map((stamp) => statSync(stamp).mtimeMs));
  return Math.max(0, ...BUILD_INPUTS.map((input) => newestMtime(join(root, input)))) > built;
}

/**
 * Runs `electron-vite build` in root.
 * @param {string} root
 * @param {'inherit' | 'ignore'} stdout where the build's own output goes (its errors always reach stderr)
 * @returns {number} the build's exit status
 */
export function runBuild(root, stdout = 'inherit') {
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', stdout, 'inherit'],
  });
  return build.status ?? 1;
}
