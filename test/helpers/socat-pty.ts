/**
 * A pseudo-terminal pair from socat, standing in for a serial scanner's cable:
 * `socat -d -d pty,raw,echo=0,link=<driverEnd> pty,raw,echo=0,link=<wireEnd>`. The kiosk opens
 * `driverEnd` as its serial port; the test writes a scanner's bytes into `wireEnd`.
 * Always `stop()` it (afterEach / finally): it kills socat and removes the folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SocatPty {
  /** The path the kiosk's serial driver opens. */
  driverEnd: string;
  /** The path the test writes scanner bytes into. */
  wireEnd: string;
  /** Writes bytes into the wire end (latin1 for strings), as a scanner would send them. */
  write(data: string | Buffer): void;
  stop(): Promise<void>;
}

/** Throws a clear message when socat is not installed (Debian package `socat`). */
export function requireSocat(): void {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
  } catch {
    throw new Error('socat is required for serial PTY tests: apt-get install -y socat');
  }
}

export async function startSocatPty(limitMs = 10_000): Promise<SocatPty> {
  requireSocat();
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-pty-'));
  const driverEnd = join(dir, 'scanner');
  const wireEnd = join(dir, 'wire');
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${driverEnd}`, `pty,raw,echo=0,link=${wireEnd}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.resume();
  let fd: number | null = null;

  async function stop(): Promise<void> {
    if (fd !== null) {
      closeSync(fd);
      fd = null;
    }
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }

  for (let waited = 0; !(existsSync(driverEnd) && existsSync(wireEnd)); waited += 10) {
    if (waited >= limitMs || child.exitCode !== null) {
      await stop();
      throw new Error(`socat did not create its PTY links within ${limitMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  return {
    driverEnd,
    wireEnd,
    write(data) {
      fd ??= openSync(wireEnd, 'w');
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
    },
    stop,
  };
}
