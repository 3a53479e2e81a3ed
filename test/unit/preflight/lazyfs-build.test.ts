/**
 * The LazyFS build (test/helpers/lazyfs-build.ts) runs once however many callers ask at the same
 * time (the preflight's background build and the power-loss test files in parallel workers), a
 * lock left by a dead builder is taken over, and the preflight starts the build only where the
 * power-loss tests can run. A stand-in build script counts its runs; the real one takes minutes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shouldStartLazyFsBuild } from '../../../scripts/preflight';
import { ensureLazyFs, lazyFsBuilt } from '../../helpers/lazyfs-build';
import { makeTempDir } from '../../helpers/temp-dir';

let temp = makeTempDir('lazyfs-build-');
afterEach(() => {
  temp.cleanup();
  temp = makeTempDir('lazyfs-build-');
});

/** A build script that takes a moment, records each run and leaves the two files build.sh leaves. */
function fakeBuildScript(): { script: string; runs: () => number } {
  const script = join(temp.dir, 'build.sh');
  const count = join(temp.dir, 'runs');
  writeFileSync(count, '');
  writeFileSync(script, `set -e\necho run >> '${count}'\nmkdir -p "$1"\nsleep 0.5\ntouch "$1/lazyfs" "$1/libpcache.so"\n`);
  return { script, runs: () => readFileSync(count, 'utf8').split('\n').filter(Boolean).length };
}

describe('LazyFS build', () => {
  it('runs once for callers asking at the same time; they all get the binary', async () => {
    const { script, runs } = fakeBuildScript();
    const dir = join(temp.dir, 'cache', 'lazyfs');
    const binaries = await Promise.all([1, 2, 3].map(() => ensureLazyFs({ script, dir, pollMs: 20 })));
    expect(binaries).toEqual([1, 2, 3].map(() => join(dir, 'lazyfs')));
    expect(runs()).toBe(1);
    expect(lazyFsBuilt(dir)).toBe(true);
    expect(existsSync(`${dir}.lock`)).toBe(false);
    // Built: later callers do not build again.
    await ensureLazyFs({ script, dir, pollMs: 20 });
    expect(runs()).toBe(1);
  });

  it('takes over a lock whose builder died', async () => {
    const { script, runs } = fakeBuildScript();
    const dir = join(temp.dir, 'lazyfs');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    writeFileSync(`${dir}.lock`, String(dead));
    await ensureLazyFs({ script, dir, pollMs: 20 });
    expect(runs()).toBe(1);
    expect(lazyFsBuilt(dir)).toBe(true);
  });

  it('reports a failed build to the caller and releases the lock', async () => {
    const script = join(temp.dir, 'broken.sh');
    writeFileSync(script, 'echo "cmake: not found" >&2; exit 3\n');
    const dir = join(temp.dir, 'lazyfs');
    await expect(ensureLazyFs({ script, dir, pollMs: 20 })).rejects.toThrow(/cmake: not found/);
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('the preflight starts it in the background only where the power-loss tests run and it is not built', () => {
    expect(shouldStartLazyFsBuild({ root: true, fuseDevice: true, built: false })).toBe(true);
    expect(shouldStartLazyFsBuild({ root: true, fuseDevice: true, built: true })).toBe(false);
    expect(shouldStartLazyFsBuild({ root: false, fuseDevice: true, built: false })).toBe(false);
    expect(shouldStartLazyFsBuild({ root: true, fuseDevice: false, built: false })).toBe(false);
  });
});
