/**
 * `npm run package` (scripts/package.ts → electron-builder with scripts/electron-builder.config.ts)
 * on a small fake project and a fake Electron distribution folder, offline: what goes into
 * app.asar and beside it, the fuses read back from the binary's bytes, and the refusal of a
 * better-sqlite3 compiled for Node's ABI instead of Electron's.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createPackage, extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builderFuses, fuseMismatches, KIOSK_FUSES } from '../../../scripts/fuses-config';
import { parsePackageArgs, runPackage, type PackageOptions } from '../../../scripts/package';
import { ELECTRON_DEFAULT_FUSES, fakeElectron, fuseBytes } from '../../helpers/fake-electron';
import { makeTempDir } from '../../helpers/temp-dir';

function write(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
}
const manifest = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ name, version: '1.0.0', main: 'index.js', ...extra });

/** The repository after `npm ci && npm run build`, in miniature; better-sqlite3 built for `abi`. */
function fakeProject(root: string, abi: number): void {
  write(root, {
    'package.json': JSON.stringify({
      name: 'coop-counter-kiosk',
      version: '9.8.7',
      description: 'kiosk',
      author: 'co-op',
      private: true,
      main: 'out/main/index.js',
      dependencies: { 'better-sqlite3': '1.0.0', napi: '1.0.0' },
      devDependencies: { electron: '45.4.1', 'renderer-only': '1.0.0' },
    }),
    'src/main/index.ts': 'export {}',
    '.env': 'KIOSK_DEVICE_SECRET=do-not-ship',
    'out/main/index.js': "require('better-sqlite3'); require('napi');",
    'out/main/index.js.map': '{"version":3}',
    'out/preload/index.cjs': "require('electron');",
    'out/renderer/index.html': '<html>kiosk</html>',
    'node_modules/better-sqlite3/package.json': manifest('better-sqlite3', { main: 'lib/index.js' }),
    'node_modules/better-sqlite3/lib/index.js': "module.exports = require('../build/Release/better_sqlite3.node')",
    'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c': 'int x;',
    'node_modules/better-sqlite3/src/addon.cc': 'int main() {}',
    'node_modules/better-sqlite3/build/Makefile': 'all:',
    'node_modules/better-sqlite3/build/Release/better_sqlite3.node': Buffer.from(`\x7fELF ... node_register_module_v${abi} ...`),
    'node_modules/better-sqlite3/build/Release/test_extension.node': Buffer.from('\x7fELF test'),
    'node_modules/better-sqlite3/build/Release/obj.target/better_sqlite3.o': Buffer.from('\x7fELF object'),
    'node_modules/napi/package.json': manifest('napi'),
    'node_modules/napi/index.js': 'module.exports = 1',
    'node_modules/napi/prebuilds/linux-x64/napi.node': Buffer.from('\x7fELF ... napi_register_module_v1 ...'),
    'node_modules/napi/prebuilds/win32-x64/napi.node': Buffer.from('MZ ... napi_register_module_v1 ...'),
    'node_modules/renderer-only/package.json': manifest('renderer-only'),
    'node_modules/renderer-only/index.js': 'vue, bundled by Vite',
    'node_modules/electron/package.json': JSON.stringify({ name: 'electron', version: '45.4.1' }),
    'node_modules/electron/abi_version': '150',
  });
}

/** An unpacked Electron distribution whose binary carries Electron's default fuse wire. */
async function fakeElectronDist(dir: string): Promise<string> {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  fakeElectron(dir);
  write(dir, { version: '45.4.1', LICENSE: 'MIT', 'LICENSES.chromium.html': '<html></html>', 'chrome-sandbox': 'sandbox', 'default-app/package.json': '{"name":"default_app"}' });
  await createPackage(join(dir, 'default-app'), join(dir, 'resources', 'default_app.asar'));
  return dir;
}

function io() {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, log: (line: string) => lines.push(line), error: (line: string) => errors.push(line) };
}

const temp = makeTempDir('kiosk-package-');
let electronDist: string;
const options = (root: string, extra: Partial<PackageOptions> = {}): PackageOptions => ({ root, electronDist, target: 'dir', build: false, allowAbiMismatch: false, ...extra });

beforeAll(async () => {
  electronDist = await fakeElectronDist(join(temp.dir, 'electron-dist'));
});
afterAll(() => temp.cleanup());

describe('npm run package (electron-builder, dir target, offline)', () => {
  const root = join(temp.dir, 'good');
  const appDir = join(root, 'dist', 'linux-unpacked');
  const asar = join(appDir, 'resources', 'app.asar');
  const out = io();
  let status: number;

  beforeAll(async () => {
    fakeProject(root, 150);
    status = await runPackage(options(root), out);
  }, 120_000);

  it('makes the unpacked app with the renamed binary, without Electron\'s default app', () => {
    expect(out.errors).toEqual([]);
    expect(status).toBe(0);
    expect(existsSync(join(appDir, 'coop-counter-kiosk'))).toBe(true);
    expect(existsSync(join(appDir, 'resources', 'default_app.asar'))).toBe(false);
    expect(out.lines.at(-1)).toBe('package: done: dist/linux-unpacked');
  });

  it('packs the build output and the main process\'s dependencies, not sources, maps, secrets or renderer libraries', () => {
    const entries = listPackage(asar, { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
    expect(entries).toEqual(expect.arrayContaining(['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json', '/node_modules/napi/index.js', '/node_modules/better-sqlite3/lib/index.js']));
    const forbidden = entries.filter((entry) => /\.map$|^\/src\/|\.env$|renderer-only|better-sqlite3\/(deps|src)\/|obj\.target|test_extension|Makefile/.test(entry));
    expect(forbidden).toEqual([]);
    const packaged = JSON.parse(extractFile(asar, 'package.json').toString()) as { main: string; devDependencies?: unknown };
    expect(packaged.main).toBe('out/main/index.js');
  });

  it('unpacks the native addons beside the asar, this platform\'s only', () => {
    const unpacked = join(asar + '.unpacked', 'node_modules');
    expect(existsSync(join(unpacked, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(existsSync(join(unpacked, 'napi', 'prebuilds', 'linux-x64', 'napi.node'))).toBe(true);
    expect(existsSync(join(unpacked, 'napi', 'prebuilds', 'win32-x64', 'napi.node'))).toBe(false);
  });

  it('flips the fuses of scripts/fuses-config.ts, read back from the binary\'s bytes', async () => {
    const binary = join(appDir, 'coop-counter-kiosk');
    expect(await fuseMismatches(binary)).toEqual([]);
    expect(fuseBytes(readFileSync(binary))).not.toBe(ELECTRON_DEFAULT_FUSES);
    expect(fuseBytes(readFileSync(join(electronDist, 'electron')))).toBe(ELECTRON_DEFAULT_FUSES);
    expect(out.lines.some((line) => line.includes('RunAsNode=off') && line.includes('OnlyLoadAppFromAsar=on'))).toBe(true);
  });
});

describe('refusals', () => {
  it('refuses a better-sqlite3 compiled for Node\'s ABI (afterPack hook), and keeps it only when told to', async () => {
    const root = join(temp.dir, 'node-abi');
    fakeProject(root, 115);
    const refused = io();
    expect(await runPackage(options(root), refused)).toBe(1);
    expect(refused.errors.join('\n')).toMatch(/not shippable: better-sqlite3 is compiled for Node, not for Electron 45\.4\.1 \(ABI 150\).*ABI 115.*npx @electron\/rebuild --version 45\.4\.1 --only better-sqlite3/s);

    const kept = io();
    expect(await runPackage(options(root, { allowAbiMismatch: true }), kept)).toBe(0);
    expect(kept.lines.some((line) => line.includes('better_sqlite3.node: ABI 115: NOT Electron\'s'))).toBe(true);
  }, 120_000);

  it('stops before electron-builder without an Electron folder (it would download Electron)', async () => {
    const root = join(temp.dir, 'no-electron');
    fakeProject(root, 150);
    const out = io();
    expect(await runPackage(options(root, { electronDist: null }), out)).toBe(1);
    expect(out.errors.join('\n')).toContain('an Electron distribution folder is needed');
    expect(existsSync(join(root, 'dist'))).toBe(false);
  });

  it('reads its arguments, ELECTRON_DIST included, and refuses unknown ones', () => {
    expect(parsePackageArgs(['--electron-dist', '/e', '--target=deb', '--no-build'], {}, '/r')).toEqual({ root: '/r', electronDist: '/e', target: 'deb', build: false, allowAbiMismatch: false });
    expect(parsePackageArgs([], { ELECTRON_DIST: '/env' }, '/r')).toMatchObject({ electronDist: '/env', target: 'dir' });
    expect(parsePackageArgs(['--target', 'dmg'], {}, '/r')).toContain('unknown target "dmg"');
    expect(parsePackageArgs(['--bogus'], {}, '/r')).toContain('unknown argument --bogus');
  });
});

describe('fuses: one decision for electron-builder', () => {
  it('maps every fuse of the configuration to electron-builder\'s option', () => {
    expect(builderFuses()).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('refuses a fuse electron-builder cannot set, rather than leaving it at Electron\'s default', () => {
    const unknownFuse = { ...KIOSK_FUSES, version: FuseVersion.V1, [FuseV1Options.GrantFileProtocolExtraPrivileges + 1]: false };
    expect(() => builderFuses(unknownFuse)).toThrow(/no option for the fuse/);
  });
});
