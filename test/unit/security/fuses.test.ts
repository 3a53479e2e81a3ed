import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { afterEach, describe, expect, it } from 'vitest';
import { KIOSK_FUSES, applyKioskFuses, describeFuses, fuseMismatches } from '../../../scripts/fuses-config';
import { FUSE_SENTINEL as SENTINEL, fakeElectron } from '../../helpers/fake-electron';
import { makeTempDir } from '../../helpers/temp-dir';

const ROOT = join(import.meta.dirname, '../../..');

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
function temp(): string {
  const t = makeTempDir('fuses-');
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('fuse configuration', () => {
  it('decides every fuse of the V1 wire explicitly', () => {
    expect(KIOSK_FUSES.version).toBe(FuseVersion.V1);
    expect(KIOSK_FUSES.strictlyRequireAllFuses).toBe(true);
    const names = Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key)));
    expect(Object.keys(describeFuses()).sort()).toEqual(names.sort());
  });

  it('switches off what could run code in the kiosk’s process and keeps the asar checks on', () => {
    expect(describeFuses()).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
  });
});

describe('applying the fuses to a binary', () => {
  it('flips Electron’s defaults to the configuration and verifies them', async () => {
    // Electron 45's defaults: RunAsNode, NODE_OPTIONS, --inspect and file:// privileges on; cookie encryption and asar checks off.
    const file = fakeElectron(temp(), '10110001');
    expect(await fuseMismatches(file)).toHaveLength(7);
    expect(await applyKioskFuses(file)).toEqual({ sentinels: 1 });
    expect(await fuseMismatches(file)).toEqual([]);
    const bytes = readFileSync(file);
    const at = bytes.indexOf(SENTINEL) + SENTINEL.length + 2;
    expect(bytes.subarray(at, at + 8).toString()).toBe('01001100');
    expect(bytes.subarray(at + 8).toString()).toBe(' trailing bytes');
  });

  it('refuses a binary whose wire has a fuse the configuration does not decide', async () => {
    const file = fakeElectron(temp(), '101100011');
    await expect(applyKioskFuses(file)).rejects.toThrow(/strictlyRequireAllFuses/);
  });

  it('refuses a file that is not an Electron binary', async () => {
    const dir = temp();
    const file = join(dir, 'not-electron');
    writeFileSync(file, 'just some bytes');
    await expect(applyKioskFuses(file)).rejects.toThrow(/sentinel/);
  });

  it('the script flips and verifies, and fails with usage on a missing path', () => {
    const file = fakeElectron(temp(), '10110001');
    const tsx = join(ROOT, 'node_modules/.bin/tsx');
    const ok = spawnSync(tsx, [join(ROOT, 'scripts/apply-fuses.ts'), file], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('RunAsNode=off');
    expect(ok.stdout).toContain('verified');
    const missing = spawnSync(tsx, [join(ROOT, 'scripts/apply-fuses.ts'), join(temp(), 'nope')], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('usage');
  });
});
