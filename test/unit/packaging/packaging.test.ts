/**
 * `npm run package` (scripts/packaging.ts, SECURITY.md §5) on a small fake project built in a
 * temporary folder, so the test never depends on a build: what goes into app.asar and what does
 * not, the unpacked native addons, the native ABI report, and the assembly around a synthetic
 * Electron distribution whose binary carries the synthetic fuse wire of fuses.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuseMismatches } from '../../../scripts/fuses-config';
import {
  assembleElectronApp,
  checkAppAsar,
  electronTarget,
  importedDependencies,
  inspectNativeModules,
  packApp,
  runPackaging,
  type PackResult,
} from '../../../scripts/packaging';
import { ELECTRON_DEFAULT_FUSES, fakeElectron, fuseBytes } from '../../helpers/fake-electron';
import { makeTempDir } from '../../helpers/temp-dir';

const ROOT = join(import.meta.dirname, '../../..');
const MAIN_JS = [
  "import { join } from 'node:path';",
  "import { app } from 'electron';",
  "import 'alpha';",
  "import Database from 'native';",
  "export const usb = () => import('napi');",
  "staff.require('admin');",
].join('\n');

function write(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
}
const manifest = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ name, version: '1.0.0', main: 'index.js', ...extra });

/** A project as the repository looks after `npm ci && npm run build`, in miniature. */
function fakeProject(root: string): void {
  write(root, {
    'package.json': JSON.stringify({
      name: 'coop-counter-kiosk',
      version: '9.8.7',
      private: true,
      type: 'module',
      main: 'out/main/index.js',
      scripts: { build: 'electron-vite build' },
      dependencies: { alpha: '^1.0.0', native: '^1.0.0', napi: '^1.0.0', 'renderer-only': '^1.0.0' },
      devDependencies: { devonly: '^1.0.0', electron: '45.4.1' },
    }),
    // Never packed: the project's sources, tests, secrets and data.
    'src/main/index.ts': 'export {}',
    'test/unit/a.test.ts': 'export {}',
    'scripts/package.ts': 'export {}',
    '.env': 'KIOSK_DEVICE_SECRET=do-not-ship',
    '.kiosk-data/kiosk.sqlite': 'SQLite format 3',
    'data/portal/portal.sqlite': 'SQLite format 3',
    // The build output.
    'out/main/index.js': MAIN_JS,
    'out/main/index.js.map': '{"version":3}',
    'out/main/chunks/server-abc.js': "import 'alpha';",
    'out/preload/index.cjs': "require('electron');",
    'out/renderer/index.html': '<html>kiosk</html>',
    'out/renderer/assets/index-abc.js': 'console.log("vue, bundled")',
    'out/renderer/assets/index-abc.js.map': '{"version":3}',
    'out/.env': 'SECRET=1',
    // Runtime dependencies and what they pull in.
    'node_modules/alpha/package.json': manifest('alpha', {
      dependencies: { beta: '^1.0.0' },
      optionalDependencies: { 'not-installed': '^1.0.0' },
      peerDependencies: { typescript: '*' },
      peerDependenciesMeta: { typescript: { optional: true } },
    }),
    'node_modules/alpha/index.js': 'module.exports = 1',
    'node_modules/alpha/index.d.ts': 'export {}',
    'node_modules/alpha/index.js.map': '{}',
    'node_modules/alpha/README.md': '# alpha',
    'node_modules/alpha/LICENSE': 'MIT',
    'node_modules/alpha/test/alpha.test.js': 'test',
    'node_modules/alpha/.github/workflows/ci.yml': 'ci',
    'node_modules/alpha/.env': 'X=1',
    'node_modules/alpha/node_modules/beta/package.json': manifest('beta'),
    'node_modules/alpha/node_modules/beta/index.js': 'module.exports = "beta 1"',
    'node_modules/beta/package.json': JSON.stringify({ name: 'beta', version: '2.0.0' }),
    'node_modules/beta/index.js': 'module.exports = "beta 2, needed by nobody at run time"',
    'node_modules/typescript/package.json': manifest('typescript'),
    'node_modules/typescript/lib/typescript.js': 'huge',
    'node_modules/native/package.json': manifest('native', { main: 'lib/index.js', dependencies: { bindings: '^1.5.0', 'prebuild-install': '^7.1.1' } }),
    'node_modules/native/binding.gyp': '{}',
    'node_modules/native/lib/index.js': "require('bindings')('native.node')",
    'node_modules/native/src/addon.cc': 'int main() {}',
    'node_modules/native/deps/sqlite3/sqlite3.c': 'int x;',
    'node_modules/native/build/Makefile': 'all:',
    'node_modules/native/build/Release/native.node': Buffer.from('\x7fELF ... node_register_module_v115 ...'),
    'node_modules/native/build/Release/test_extension.node': Buffer.from('\x7fELF ... node_register_module_v115 ...'),
    'node_modules/native/build/Release/obj.target/native.node': Buffer.from('\x7fELF object'),
    'node_modules/bindings/package.json': manifest('bindings', { main: 'bindings.js' }),
    'node_modules/bindings/bindings.js': 'module.exports = () => null',
    'node_modules/prebuild-install/package.json': manifest('prebuild-install'),
    'node_modules/prebuild-install/bin.js': 'download',
    'node_modules/napi/package.json': manifest('napi'),
    'node_modules/napi/index.js': "require('node-gyp-build')(__dirname)",
    'node_modules/napi/prebuilds/linux-x64/napi.node': Buffer.from('\x7fELF ... napi_register_module_v1 ...'),
    'node_modules/napi/prebuilds/win32-x64/napi.node': Buffer.from('MZ ... napi_register_module_v1 ...'),
    'node_modules/napi/prebuilds/darwin-x64+arm64/napi.node': Buffer.from('\xcf\xfa ... napi_register_module_v1 ...'),
    // Bundled into the renderer, or development only: not packaged.
    'node_modules/renderer-only/package.json': manifest('renderer-only'),
    'node_modules/renderer-only/index.js': 'vue',
    'node_modules/devonly/package.json': manifest('devonly'),
    'node_modules/devonly/index.js': 'dev',
    'node_modules/.bin/devonly': '#!/bin/sh',
    // The electron npm package without its runtime: version and ABI only.
    'node_modules/electron/package.json': JSON.stringify({ name: 'electron', version: '45.4.1' }),
    'node_modules/electron/abi_version': '150',
  });
}

/** An Electron distribution folder for Linux as the runtime's zip unpacks, with a synthetic binary. */
function fakeElectronDist(dir: string, version = '45.4.1'): string {
  write(dir, {
    version,
    LICENSE: 'Electron license',
    'chrome-sandbox': 'sandbox helper',
    'locales/en-US.pak': 'pak',
    'resources.pak': 'pak',
    'resources/default_app.asar': 'the default app',
  });
  fakeElectron(dir, ELECTRON_DEFAULT_FUSES);
  return dir;
}

const temp = makeTempDir('packaging-');
afterAll(() => temp.cleanup());
const root = join(temp.dir, 'project');
const appDir = join(root, 'dist', 'linux-unpacked');
let packed: PackResult;
let entries: string[];

beforeAll(async () => {
  fakeProject(root);
  packed = await packApp({ root, appDir, platform: 'linux', arch: 'x64' });
  entries = listPackage(packed.asar, { isPack: false });
});

describe('app.asar', () => {
  it('holds main, preload and renderer, and a production package.json whose main resolves', () => {
    expect(packed.asar).toBe(join(appDir, 'resources', 'app.asar'));
    for (const entry of ['/package.json', '/out/main/index.js', '/out/main/chunks/server-abc.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/out/renderer/assets/index-abc.js']) {
      expect(entries).toContain(entry);
    }
    expect(extractFile(packed.asar, 'out/main/index.js').toString()).toBe(MAIN_JS);
    const pkg = JSON.parse(extractFile(packed.asar, 'package.json').toString()) as Record<string, unknown>;
    expect(pkg).toEqual({
      name: 'coop-counter-kiosk',
      version: '9.8.7',
      private: true,
      type: 'module',
      main: 'out/main/index.js',
      dependencies: { alpha: '^1.0.0', native: '^1.0.0', napi: '^1.0.0' },
    });
    expect(entries).toContain(`/${String(pkg.main)}`);
    expect(checkAppAsar(packed.asar)).toEqual([]);
  });

  it('packages what the main process imports, and what that needs, nothing else', () => {
    expect(packed.dependencies).toEqual({ imported: ['alpha', 'napi', 'native'], bundled: ['renderer-only'] });
    expect(packed.packages.map((p) => p.path)).toEqual([
      'node_modules/alpha',
      'node_modules/alpha/node_modules/beta',
      'node_modules/bindings',
      'node_modules/napi',
      'node_modules/native',
    ]);
    expect(entries).toContain('/node_modules/alpha/node_modules/beta/index.js');
    expect(entries).toContain('/node_modules/alpha/LICENSE');
    for (const name of ['beta', 'typescript', 'prebuild-install', 'renderer-only', 'devonly', 'electron', '.bin']) {
      expect(entries.filter((entry) => entry.startsWith(`/node_modules/${name}/`) || entry === `/node_modules/${name}`)).toEqual([]);
    }
  });

  it('has no sources, tests, source maps, type declarations, docs, .env files or data', () => {
    const offenders = entries.filter((entry) =>
      /^\/(src|test|scripts|data|\.kiosk-data|dist)(\/|$)|\.map$|\.d\.ts$|\.ts$|\.md$|(^|\/)\.env$|\.sqlite$|\/test\/|\/\.github\/|\.(c|cc|gyp)$|Makefile$/.test(entry),
    );
    expect(offenders).toEqual([]);
  });

  it('unpacks the native addons beside the archive, for this platform only, without build leftovers', () => {
    const natives = ['node_modules/napi/prebuilds/linux-x64/napi.node', 'node_modules/native/build/Release/native.node'];
    expect(packed.unpackedFiles).toEqual(natives);
    for (const file of natives) {
      expect(statFile(packed.asar, file)).toMatchObject({ unpacked: true });
      expect(existsSync(join(`${packed.asar}.unpacked`, file))).toBe(true);
    }
    expect(entries.filter((entry) => /win32|darwin|test_extension|obj\.target/.test(entry))).toEqual([]);
    expect(statFile(packed.asar, 'out/main/index.js')).not.toHaveProperty('unpacked', true);
  });

  it('reports which native addons Electron loads: N-API yes, Node-ABI builds no', () => {
    expect(electronTarget(root)).toEqual({ version: '45.4.1', abi: 150 });
    expect(inspectNativeModules(packed.unpackedDir, 150)).toEqual([
      { file: 'node_modules/napi/prebuilds/linux-x64/napi.node', kind: { kind: 'n-api' }, loadsInElectron: true },
      { file: 'node_modules/native/build/Release/native.node', kind: { kind: 'node-abi', abi: 115 }, loadsInElectron: false },
    ]);
    expect(inspectNativeModules(packed.unpackedDir, 115).every((native) => native.loadsInElectron)).toBe(true);
  });

  it('refuses a build that imports a package missing from dependencies', () => {
    const other = join(temp.dir, 'undeclared');
    write(other, { 'out/main/index.js': "import 'left-pad';\nimport 'alpha/sub';\nimport 'node:fs';\nimport 'fs';" });
    expect(() => importedDependencies(other, { name: 'x', version: '1.0.0', dependencies: { alpha: '1' } })).toThrow(/left-pad/);
  });
});

describe.runIf(process.platform === 'linux')('assembling with an Electron distribution', () => {
  it('puts Electron around the asar, drops its default app, renames the binary and flips the fuses, read back from the bytes', async () => {
    const asarBefore = readFileSync(packed.asar);
    const dist = fakeElectronDist(join(temp.dir, 'electron-dist'));
    const result = await assembleElectronApp({ electronDist: dist, appDir, electronVersion: '45.4.1', platform: 'linux' });
    expect(result.binary).toBe(join(appDir, 'coop-counter-kiosk'));
    expect(existsSync(join(appDir, 'electron'))).toBe(false);
    expect(existsSync(join(appDir, 'resources', 'default_app.asar'))).toBe(false);
    for (const file of ['version', 'LICENSE', 'chrome-sandbox', 'locales/en-US.pak', 'resources.pak']) expect(existsSync(join(appDir, file))).toBe(true);
    expect(readFileSync(packed.asar).equals(asarBefore)).toBe(true);
    // RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, asar integrity on, only app.asar on, no V8 snapshot, no file:// privileges.
    expect(fuseBytes(readFileSync(result.binary))).toBe('01001100');
    expect(fuseBytes(readFileSync(join(dist, 'electron')))).toBe(ELECTRON_DEFAULT_FUSES);
    expect(await fuseMismatches(result.binary)).toEqual([]);
    expect(result.fuses).toMatchObject({ RunAsNode: false, OnlyLoadAppFromAsar: true, EnableEmbeddedAsarIntegrityValidation: true });
  });

  it('refuses another Electron version, a binary with an undecided fuse, and Windows / macOS (asar integrity hash not embedded)', async () => {
    const other = await packApp({ root, appDir: join(temp.dir, 'other-app'), platform: 'linux', arch: 'x64' });
    const appFolder = join(other.asar, '..', '..');
    await expect(assembleElectronApp({ electronDist: fakeElectronDist(join(temp.dir, 'dist-44'), '44.0.0'), appDir: appFolder, electronVersion: '45.4.1', platform: 'linux' })).rejects.toThrow(
      /Electron 44\.0\.0.*45\.4\.1/,
    );
    const extraFuse = fakeElectronDist(join(temp.dir, 'dist-extra-fuse'));
    fakeElectron(extraFuse, `${ELECTRON_DEFAULT_FUSES}1`);
    await expect(assembleElectronApp({ electronDist: extraFuse, appDir: appFolder, electronVersion: '45.4.1', platform: 'linux' })).rejects.toThrow(/strictlyRequireAllFuses/);
    for (const platform of ['win32', 'darwin']) {
      await expect(assembleElectronApp({ electronDist: extraFuse, appDir: appFolder, electronVersion: '45.4.1', platform })).rejects.toThrow(/asar header hash/);
    }
    await expect(assembleElectronApp({ electronDist: join(temp.dir, 'project'), appDir: appFolder, electronVersion: '45.4.1', platform: 'linux' })).rejects.toThrow(/not an Electron distribution/);
  });
});

describe.runIf(process.platform === 'linux')('npm run package', () => {
  function run(args: string[], env: NodeJS.ProcessEnv = {}, stale = false) {
    const out: string[] = [];
    const err: string[] = [];
    const builds: string[] = [];
    const status = runPackaging(['--root', root, ...args], env, { log: (line) => out.push(line), error: (line) => err.push(line) }, {
      root: ROOT,
      build: (dir) => (builds.push(dir), 0),
      isStale: () => stale,
    });
    return status.then((code) => ({ code, out: out.join('\n'), err: err.join('\n'), builds }));
  }

  it('without an Electron distribution: packs, says the runtime is needed, and warns about natives built for Node', async () => {
    const result = await run([], {}, true);
    expect(result.code).toBe(0);
    expect(result.builds).toEqual([root]);
    expect(result.out).toMatch(/app\.asar: \d+ files/);
    expect(result.out).toContain('native node_modules/native/build/Release/native.node: built for Node\'s ABI 115; Electron 45.4.1 needs ABI 150: NOT loadable');
    expect(result.out).toContain('stopped after app.asar: the Electron runtime is needed');
    expect(result.err).toContain('WARNING: native is compiled for this machine\'s Node');
    expect(result.err).toContain('cannot be done here');
    expect(existsSync(join(appDir, 'resources', 'app.asar'))).toBe(true);
  });

  it('with --electron-dist (or ELECTRON_DIST): assembles and verifies the fuses, and fails while a native addon cannot load in Electron', async () => {
    const dist = fakeElectronDist(join(temp.dir, 'electron-dist-cli'));
    const strict = await run(['--no-build', `--electron-dist=${dist}`]);
    expect(strict.out).toContain('fuses RunAsNode=off, EnableCookieEncryption=on');
    expect(strict.out).toContain('all match');
    expect(strict.err).toContain('NOT shippable');
    expect(strict.code).toBe(1);
    const inspect = await run(['--no-build', '--allow-abi-mismatch'], { ELECTRON_DIST: dist });
    expect(inspect.code).toBe(0);
    expect(inspect.builds).toEqual([]);
    expect(fuseBytes(readFileSync(join(appDir, 'coop-counter-kiosk')))).toBe('01001100');
  });

  it('refuses unknown arguments, and the script is wired to the same code', async () => {
    expect((await run(['--sign'])).code).toBe(1);
    const env = { ...process.env };
    delete env.ELECTRON_DIST;
    const cli = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/package.ts'), '--root', root, '--no-build'], { encoding: 'utf8', env });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('stopped after app.asar');
  });
});
