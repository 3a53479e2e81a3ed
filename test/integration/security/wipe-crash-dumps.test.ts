/**
 * The admin wipe also empties Chromium's crash-dump folder, which the Electron app keeps at
 * `<dataDir>/crash-dumps` (src/main/electron/crash-dumps.ts; SECURITY.md §6). The folder is laid
 * out like a Crashpad database with minidumps in every state.
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crashDumpsDir, removeCrashDumps } from '../../../src/main/admin/crash-dumps';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { readAudit, verifyAuditChain } from '../../../src/main/staff/audit';
import { startTestCore } from '../../helpers/core';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore;

/** A Crashpad database as Chromium writes it, with a name and a birthdate in a minidump. Returns the number of files. */
function seedCrashpad(dir: string): number {
  const files = {
    'settings.dat': 'crashpad settings',
    'metadata': 'crashpad metadata',
    'new/0d4f-new.dmp': 'MDMP new 和井風 太郎 2005-04-12',
    'pending/1a2b-pending.dmp': 'MDMP pending',
    'pending/1a2b-pending.meta': 'meta',
    'completed/3c4d-done.dmp': 'MDMP completed',
    'reports/5e6f.dmp': 'MDMP report',
    'attachments/5e6f/log.txt': 'attachment',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return Object.keys(files).length;
}

beforeEach(async () => {
  temp = makeTempDir('wipe-dumps-');
  core = await startTestCore(temp.dir);
});
afterEach(async () => {
  await core.close();
  temp.cleanup();
});

describe('wipeKiosk and crash dumps', () => {
  it('removes every file in the crash-dump folder, keeps the folder and everything outside it, and audits the count', async () => {
    const dumps = crashDumpsDir(temp.dir);
    const seeded = seedCrashpad(dumps);
    // A link inside the folder is removed; what it points at, outside, is not followed.
    writeFileSync(join(temp.dir, 'outside.txt'), 'not a crash dump');
    symlinkSync(join(temp.dir, 'outside.txt'), join(dumps, 'link-to-outside'));

    await core.call('staffSignIn', { staffNo: '3001', pin: '3333' });
    expect(await core.call('wipeKiosk', { confirm: 'WIPE' })).toMatchObject({ ok: true });

    expect(readdirSync(dumps)).toEqual([]);
    expect(existsSync(join(temp.dir, 'outside.txt'))).toBe(true);
    expect(existsSync(join(temp.dir, 'kiosk.sqlite'))).toBe(true);
    const services = core.services();
    if (!services) throw new Error('database not open');
    const [entry] = readAudit(services.db, 1);
    expect(entry).toMatchObject({ action: 'admin.wipe_kiosk', detail: { crashDumpFilesRemoved: seeded + 1 } });
    expect(entry?.detail).not.toHaveProperty('crashDumpFilesLeft');
    expect(verifyAuditChain(services.db)).toMatchObject({ ok: true });
  });

  it('is a no-op without a crash-dump folder (the web host never has one)', async () => {
    expect(existsSync(crashDumpsDir(temp.dir))).toBe(false);
    await core.call('staffSignIn', { staffNo: '3001', pin: '3333' });
    expect(await core.call('wipeKiosk', { confirm: 'WIPE' })).toMatchObject({ ok: true });
    const services = core.services();
    if (!services) throw new Error('database not open');
    expect(readAudit(services.db, 1)[0]).toMatchObject({ detail: { crashDumpFilesRemoved: 0 } });
    expect(existsSync(crashDumpsDir(temp.dir))).toBe(false);
  });

  it('when a file step fails, the key is still dropped, the wipe audited, and the admin told to fix and wipe again', async () => {
    // Something in the way: the crash-dump path is a file, so the folder cannot be read.
    writeFileSync(crashDumpsDir(temp.dir), 'not a folder');
    await core.call('staffSignIn', { staffNo: '3001', pin: '3333' });
    const sealedBefore = readdirSync(temp.dir).filter((name) => name.startsWith('draft.key'));
    const result = await core.call('wipeKiosk', { confirm: 'WIPE' });
    expect(result).toMatchObject({ ok: false, error: { code: 'wipe_incomplete', details: { problems: ['crash-dumps: ENOTDIR'] } } });
    const services = core.services();
    if (!services) throw new Error('database not open');
    const [entry] = readAudit(services.db, 1);
    expect(entry).toMatchObject({ action: 'admin.wipe_kiosk', detail: { problems: ['crash-dumps: ENOTDIR'] } });
    expect(verifyAuditChain(services.db)).toMatchObject({ ok: true });
    // The key files went all the same.
    expect(sealedBefore.length).toBeGreaterThan(0);
    expect(readdirSync(temp.dir).filter((name) => name.startsWith('draft.key'))).toEqual([]);
  });

  it('a refused wipe (not an admin) leaves the dumps alone', async () => {
    const seeded = seedCrashpad(crashDumpsDir(temp.dir));
    await core.call('staffSignIn', { staffNo: '2001', pin: '2222' });
    expect(await core.call('wipeKiosk', { confirm: 'WIPE' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(removeCrashDumps(temp.dir)).toEqual({ removed: seeded, left: 0 });
  });
});
