import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureLazyFs } from './lazyfs-build';

/**
 * LazyFS for the power-cut tests: a FUSE file system that keeps every write not yet fsynced in
 * its own cache and drops it on `lazyfs::clear-cache` (what a power cut does to a disk's cache).
 * Source and build script: ../shared/tools/lazyfs (beside the repository). The binary is built
 * once into node_modules/.cache/lazyfs, one build at a time (./lazyfs-build.ts; `npm test`'s
 * preflight starts it in the background); the build script installs its Debian packages when
 * missing. Needs root and /dev/fuse.
 */
const run = promisify(execFile);

export { ensureLazyFs };

export interface LazyFs {
  /** Where the program under test reads and writes. */
  readonly mountPoint: string;
  /** The backing folder: what is "on the disk" (only synced data after a cut). */
  readonly rootDir: string;
  /** A power cut of the disk: drops every write not yet fsynced; resolves when LazyFS has done it. */
  clearCache(): Promise<void>;
  /**
   * The next write to `file` (a path under the mount) is torn: it is split into `parts` and only
   * the parts in `persist` (1-based) reach the disk, then LazyFS dies as in a power cut.
   */
  tornOp(file: string, parts: number, persist: readonly number[]): Promise<void>;
  /** Of the next writes to `file`, only those numbered in `persist` (1-based) reach the disk, then LazyFS dies. */
  tornSeq(file: string, persist: readonly number[]): Promise<void>;
  /** True while the LazyFS process is running (a torn write kills it). */
  alive(): boolean;
  /** Waits until LazyFS died (after a torn write), up to `ms`; false when it still runs. */
  waitForDeath(ms: number): Promise<boolean>;
  /** After LazyFS died: unmount the dead mount and mount the same disk again. */
  remount(): Promise<void>;
  /** Unmounts and removes the temporary folders (safe to call twice, and after a crash). */
  unmount(): Promise<void>;
}

/**
 * LazyFS (src/main.cpp) ignores `--config-path P` when P contains "-o" in any case
 * (`strcasestr(argv[i + 1], "-o")`, meant to spot a missing value) and then fails on
 * `config/default.toml`. A temporary folder named `coop-…-OVqyxG` does that about once in 31
 * mounts, so the folder is drawn again until its path has no "-o".
 */
function lazyFsSafeTempDir(prefix: string): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    if (!/-o/i.test(dir)) return dir;
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error(`LazyFS cannot take a config path containing "-o": set TMPDIR to a folder whose path has none (now ${tmpdir()}).`);
}

/** Mounts a fresh LazyFS on a temporary folder. Call `unmount()` in `finally` / `afterAll`. */
export async function mountLazyFs(prefix = 'coop-lazyfs-'): Promise<LazyFs> {
  const binary = await ensureLazyFs();
  const base = lazyFsSafeTempDir(prefix);
  const mountPoint = join(base, 'mnt');
  const rootDir = join(base, 'root');
  const fifo = join(base, 'faults.fifo');
  const done = join(base, 'done.fifo');
  const configPath = join(base, 'lazyfs.toml');
  mkdirSync(mountPoint);
  mkdirSync(rootDir);
  writeFileSync(
    configPath,
    `[faults]\nfifo_path="${fifo}"\nfifo_path_completed="${done}"\n[cache]\napply_eviction=false\n[cache.simple]\ncustom_size="512mb"\nblocks_per_page=1\n[filesystem]\nlog_all_operations=false\nlogfile=""\n`,
  );

  let child: ChildProcess | null = null;
  let doneSocket: Socket | null = null;
  let stderr = '';
  const waiters: Array<() => void> = [];

  const start = async (attempt = 0): Promise<void> => {
    for (const path of [fifo, done]) rmSync(path, { force: true });
    stderr = '';
    const proc = spawn(binary, [mountPoint, '--config-path', configPath, '-o', 'allow_other', '-o', 'modules=subdir', '-o', `subdir=${rootDir}`, '-f'], {
      env: { ...process.env, LD_LIBRARY_PATH: join(binary, '..') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
    child = proc;
    proc.on('exit', () => {
      if (child === proc) child = null;
    });
    for (let i = 0; i < 400 && !(mounted(mountPoint) && existsSync(done)); i++) await sleep(25);
    if (!mounted(mountPoint) || !existsSync(done)) {
      // A slow FUSE start under heavy load: try again (bounded) before calling the mount failed.
      proc.kill('SIGKILL');
      if (attempt < 2 && !stderr.includes('Permission denied')) {
        await sleep(500);
        return start(attempt + 1);
      }
      throw new Error(`LazyFS did not mount on ${mountPoint}: ${stderr}`);
    }
    // LazyFS reports finished commands on the second fifo; read it without blocking a thread.
    const fd = openSync(done, constants.O_RDWR | constants.O_NONBLOCK);
    const socket = new Socket({ fd, readable: true, writable: false });
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        pending = pending.slice(nl + 1);
        waiters.shift()?.();
      }
    });
    socket.on('error', () => undefined);
    doneSocket = socket;
  };

  const command = (line: string): void => {
    if (!child) throw new Error('LazyFS is not running.');
    // O_RDWR: never blocks on open, and LazyFS always has the fifo open for reading.
    const fd = openSync(fifo, constants.O_RDWR);
    try {
      writeFileSync(fd, `${line}\n`);
    } finally {
      closeSync(fd);
    }
  };

  const stopReader = (): void => {
    doneSocket?.destroy();
    doneSocket = null;
  };

  const unmountDead = async (): Promise<void> => {
    stopReader();
    if (mounted(mountPoint)) await run('fusermount3', ['-u', '-z', mountPoint]).catch(() => undefined);
  };

  await start();

  const handle: LazyFs = {
    mountPoint,
    rootDir,
    async clearCache() {
      const finished = new Promise<void>((resolveDone) => waiters.push(resolveDone));
      command('lazyfs::clear-cache');
      await Promise.race([finished, sleep(10_000).then(() => Promise.reject(new Error('LazyFS did not finish clear-cache within 10 s.')))]);
    },
    async tornOp(file, parts, persist) {
      command(`lazyfs::torn-op::file=${toRoot(file)}::parts=${parts}::persist=${persist.join(',')}`);
      await sleep(100);
    },
    async tornSeq(file, persist) {
      command(`lazyfs::torn-seq::op=write::file=${toRoot(file)}::persist=${persist.join(',')}`);
      await sleep(100);
    },
    alive: () => child !== null,
    async waitForDeath(ms) {
      for (let waited = 0; child && waited < ms; waited += 25) await sleep(25);
      return child === null;
    },
    async remount() {
      if (child) throw new Error('LazyFS is still running: kill the program, then clear the cache instead.');
      await unmountDead();
      await start();
    },
    async unmount() {
      stopReader();
      const proc = child;
      if (mounted(mountPoint)) await run('fusermount3', ['-u', mountPoint]).catch(() => run('fusermount3', ['-u', '-z', mountPoint]).catch(() => undefined));
      if (proc) {
        for (let i = 0; i < 200 && child; i++) await sleep(25);
        (proc as ChildProcess | null)?.kill('SIGKILL');
      }
      rmSync(base, { recursive: true, force: true });
    },
  };

  // LazyFS sees paths of the backing folder (modules=subdir), so faults name those.
  function toRoot(file: string): string {
    return file.startsWith(mountPoint) ? join(rootDir, file.slice(mountPoint.length)) : file;
  }
  return handle;
}

function mounted(path: string): boolean {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[1] === path);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
