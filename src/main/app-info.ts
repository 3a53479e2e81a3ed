import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app's root folder and version, found by walking up from this module to our
 * package.json: the same answer from src/ (tsx, tests) and from out/main (built).
 */
function findAppRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'coop-counter-kiosk') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('The kiosk could not find its package.json.');
    dir = parent;
  }
}

export const APP_ROOT = findAppRoot();
export const APP_VERSION = (JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
export const RENDERER_DIR = join(APP_ROOT, 'out', 'renderer');
