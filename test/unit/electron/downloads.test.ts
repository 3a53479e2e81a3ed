import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir';

vi.mock('electron', () => ({}));
const { safeDownloadName, saveDownloadsTo } = await import('../../../src/main/electron/downloads');

type Listener = (event: unknown, item: FakeItem) => void;
class FakeItem {
  savePath: string | null = null;
  done: ((event: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void) | null = null;
  constructor(private readonly name: string) {}
  getFilename(): string {
    return this.name;
  }
  setSavePath(path: string): void {
    this.savePath = path;
  }
  once(_event: 'done', listener: (event: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void): void {
    this.done = listener;
  }
}

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir('downloads-')));
afterEach(() => temp.cleanup());

describe('Electron downloads (will-download)', () => {
  it('saves into the export folder without a dialog, with safe unique names, and syncs on completion', async () => {
    let listener: Listener | null = null;
    const session = { on: (_event: 'will-download', l: Listener) => (listener = l) };
    const lines: string[] = [];
    const folder = join(temp.dir, 'usb', 'exports');
    saveDownloadsTo(session, folder, (line) => lines.push(line));
    expect(listener).not.toBeNull();

    const first = new FakeItem('register-2026-12-01-demo.csv');
    listener!({}, first);
    // A save path set in will-download is what keeps Electron's native dialog away.
    expect(first.savePath).toBe(join(folder, 'register-2026-12-01-demo.csv'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(first.savePath as string, 'seq\r\n');
    first.done?.({}, 'completed');
    expect(lines).toEqual([`export saved: ${first.savePath}`]);

    const second = new FakeItem('register-2026-12-01-demo.csv');
    listener!({}, second);
    expect(second.savePath).toBe(join(folder, 'register-2026-12-01-demo (2).csv'));
    second.done?.({}, 'cancelled');
    expect(lines.at(-1)).toContain('cancelled');

    const hostile = new FakeItem('../../etc/pass:wd?.csv');
    listener!({}, hostile);
    expect(hostile.savePath).toBe(join(folder, 'pass_wd_.csv'));
    expect(readdirSync(folder)).toEqual(['register-2026-12-01-demo.csv']);
  });

  it('keeps names a USB stick accepts', () => {
    expect(safeDownloadName('a<b>c|d.csv')).toBe('a_b_c_d.csv');
    expect(safeDownloadName('...')).toBe('export');
    expect(safeDownloadName('C:\\Users\\x\\r.csv')).toBe('r.csv');
  });
});
