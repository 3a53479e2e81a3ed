/**
 * The data folder is the kiosk user's alone (issue 12, finding 5): folder 0700, the database,
 * its WAL and shared memory and the key file 0600, whatever the umask, and an older folder left
 * readable by others is tightened at start.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { startKioskServices, type KioskServices } from '../../../src/main/core/start-services';
import { fileKeyProvider } from '../../../src/main/db/sealing';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let services: KioskServices | null = null;
let umaskBefore: number;

beforeEach(() => {
  temp = makeTempDir('private-files-');
  // The usual shell umask: SQLite and mkdir would give 0644 files and a 0755 folder.
  umaskBefore = process.umask(0o022);
});
afterEach(async () => {
  await services?.close();
  services = null;
  process.umask(umaskBefore);
  temp.cleanup();
});

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

async function start(dataDir: string): Promise<KioskServices> {
  const config = loadConfig({ KIOSK_DATA_DIR: dataDir, PORTAL_URL: 'http://127.0.0.1:9', KIOSK_HEALTH_INTERVAL_SECONDS: '60', KIOSK_DEMO: '1' });
  services = await startKioskServices({ config, hostMode: 'web', version: '0.0.0-test' });
  return services;
}

describe('data folder modes', () => {
  it('creates the data folder 0700 and the database, WAL and shared memory 0600', async () => {
    const dataDir = join(temp.dir, 'new', 'kiosk');
    const running = await start(dataDir);
    // A write, so the WAL and its index exist while the database is open.
    await running.core.call('staffSignIn', { staffNo: '1001', pin: '1111' });
    expect(mode(dataDir)).toBe('700');
    for (const file of ['kiosk.sqlite', 'kiosk.sqlite-wal', 'kiosk.sqlite-shm']) expect(mode(join(dataDir, file)), file).toBe('600');
  });

  it('tightens a data folder and database files an older version left readable by others', async () => {
    const dataDir = join(temp.dir, 'old');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const first = await start(dataDir);
    await first.core.call('staffSignIn', { staffNo: '1001', pin: '1111' });
    await first.close();
    services = null;
    for (const file of ['kiosk.sqlite', 'kiosk.sqlite-wal', 'kiosk.sqlite-shm']) {
      try {
        chmodSync(join(dataDir, file), 0o644);
      } catch {
        // -wal and -shm may be gone after a clean close.
      }
    }
    chmodSync(dataDir, 0o755);
    const again = await start(dataDir);
    await again.core.call('staffSignIn', { staffNo: '1001', pin: '1111' });
    expect(mode(dataDir)).toBe('700');
    for (const file of ['kiosk.sqlite', 'kiosk.sqlite-wal', 'kiosk.sqlite-shm']) expect(mode(join(dataDir, file)), file).toBe('600');
  });

  it('writes the key file 0600 in a folder it creates 0700', () => {
    const dataDir = join(temp.dir, 'keys', 'kiosk');
    fileKeyProvider(dataDir).load();
    expect(mode(dataDir)).toBe('700');
    expect(mode(join(dataDir, 'draft.key'))).toBe('600');
    // A key file someone loosened is tightened on the next load.
    chmodSync(join(dataDir, 'draft.key'), 0o644);
    fileKeyProvider(dataDir).load();
    expect(mode(join(dataDir, 'draft.key'))).toBe('600');
  });
});
