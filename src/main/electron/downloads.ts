/**
 * Exports in the Electron kiosk (the register's CSV): a download never opens the native save
 * dialog over the kiosk; it goes straight into the configured folder (KIOSK_EXPORT_DIR, e.g. a
 * USB stick; default `<data dir>/exports`) under a safe, unique name, and is made durable (fsync
 * of the file and of its folder) when it completes.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

/** The parts of Electron's Session / DownloadItem used here (so tests mock them without Electron). */
export interface DownloadItemLike {
  getFilename(): string;
  setSavePath(path: string): void;
  once(event: 'done', listener: (event: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void): unknown;
}
export interface DownloadSessionLike {
  on(event: 'will-download', listener: (event: unknown, item: DownloadItemLike) => void): unknown;
}

/** A file name with no folder parts and no characters a FAT-formatted USB stick refuses. */
export function safeDownloadName(name: string): string {
  const cleaned = basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- control characters never go into a file name
    .replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 120);
  return cleaned === '' ? 'export' : cleaned;
}

function uniquePath(folder: string, name: string): string {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let path = join(folder, name);
  for (let n = 2; existsSync(path); n++) path = join(folder, `${stem} (${n})${ext}`);
  return path;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function saveDownloadsTo(session: DownloadSessionLike, folder: string, log: (line: string) => void): void {
  session.on('will-download', (_event, item) => {
    try {
      mkdirSync(folder, { recursive: true });
      const path = uniquePath(folder, safeDownloadName(item.getFilename()));
      // A save path set here means Electron shows no dialog.
      item.setSavePath(path);
      item.once('done', (_done, state) => {
        if (state !== 'completed') {
          log(`export to ${folder} ${state}: ${basename(path)}`);
          return;
        }
        try {
          fsyncPath(path);
          fsyncPath(folder);
          log(`export saved: ${path}`);
        } catch (error) {
          log(`export saved but not synced (${error instanceof Error ? error.message : String(error)}): ${path}`);
        }
      });
    } catch (error) {
      // Without a save path Electron would open its dialog over the kiosk: the item keeps a path in
      // the folder (the download then fails instead of showing a dialog) and the cause is logged.
      log(`export folder ${folder} not usable (${error instanceof Error ? error.message : String(error)})`);
      item.setSavePath(join(folder, safeDownloadName(item.getFilename())));
    }
  });
}
