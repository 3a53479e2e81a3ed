/**
 * Builds LazyFS once per checkout into node_modules/.cache/lazyfs (never into ../shared, which is
 * read-only in CI), with one build at a time: a lock file beside the build folder holds the
 * builder's pid, and every other caller (the preflight's background build, the power-loss test
 * files running in parallel) waits for that build instead of starting its own (two builds on two
 * cores took twice as long). A lock whose process is gone is taken over.
 *
 * `npm test`'s preflight starts this file in the background (`node --import tsx <this file>`) so
 * the build (minutes) runs while the typecheck and lint run; the power-loss tests then find the
 * binary built, or wait for the build still running.
 */
import { execFile } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LAZYFS_BUILD_SCRIPT = resolve(ROOT, '..', 'shared', 'tools', 'lazyfs', 'build.sh');
export const LAZYFS_BUILD_DIR = resolve(ROOT, 'node_modules', '.cache', 'lazyfs');
/** The build takes about 5 minutes alone on this kind of machine; a loaded one gets room. */
const BUILD_TIMEOUT_MS = 20 * 60_000;

export function lazyFsBuilt(dir = LAZYFS_BUILD_DIR): boolean {
  return existsSync(join(dir, 'lazyfs')) && existsSync(join(dir, 'libpcache.so'));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the build lock; false when a live process holds it. */
function takeLock(lock: string): boolean {
  mkdirSync(dirname(lock), { recursive: true });
  try {
    const fd = openSync(lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  let holder = NaN;
  try {
    holder = Number(readFileSync(lock, 'utf8').trim() || NaN);
  } catch {
    return takeLock(lock); // released between the two calls
  }
  // Created but not yet filled in by a starting builder: treat as held.
  if (Number.isNaN(holder) || processAlive(holder)) return false;
  rmSync(lock, { force: true });
  return takeLock(lock);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

/** Builds LazyFS if it is not built yet (or waits for the build another process runs); returns the binary's path. */
export async function ensureLazyFs(options: { script?: string; dir?: string; pollMs?: number } = {}): Promise<string> {
  const script = options.script ?? LAZYFS_BUILD_SCRIPT;
  const dir = options.dir ?? LAZYFS_BUILD_DIR;
  const lock = `${dir}.lock`;
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (!lazyFsBuilt(dir)) {
    if (Date.now() > deadline) throw new Error(`LazyFS was not built within ${BUILD_TIMEOUT_MS / 60_000} min: the build holding ${lock} is stuck; remove that file and run the tests again.`);
    if (!takeLock(lock)) {
      await sleep(options.pollMs ?? 1_000);
      continue;
    }
    // Each caller in its own folder, moved into place when complete: a half-built folder is never seen as built.
    const own = `${dir}.build-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    try {
      if (lazyFsBuilt(dir)) break;
      if (!existsSync(script)) throw new Error(`LazyFS sources are missing: expected ${script} (the shared folder beside the repository).`);
      await run('bash', [script, own], { maxBuffer: 64 * 1024 * 1024, timeout: BUILD_TIMEOUT_MS });
      rmSync(dir, { recursive: true, force: true });
      renameSync(own, dir);
    } finally {
      rmSync(own, { recursive: true, force: true });
      rmSync(lock, { force: true });
    }
  }
  return join(dir, 'lazyfs');
}

// `node --import tsx test/helpers/lazyfs-build.ts`: the preflight's background build.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  ensureLazyFs().then(
    (binary) => console.log(`lazyfs: ${binary} ready after ${Math.round((Date.now() - started) / 1000)} s`),
    (error: unknown) => {
      // The power-loss tests build again in the foreground and report the error there.
      console.error(`lazyfs: background build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
