/**
 * Packaging of the Electron kiosk (`npm run package`, scripts/package.ts; SECURITY.md §5).
 *
 * 1. `packApp`: the build output (`out/`), a production package.json and the production
 *    node_modules of the runtime dependencies go into `dist/<platform>-unpacked/resources/app.asar`
 *    (@electron/asar); native `*.node` files are unpacked next to it (`app.asar.unpacked/`), since
 *    the OS loader cannot read inside an asar.
 * 2. `inspectNativeModules`: which native binaries Electron can load as they are (N-API) and which
 *    were compiled for this machine's Node and must be rebuilt for Electron's ABI first.
 * 3. `assembleElectronApp`: an Electron distribution folder around the asar, the binary renamed to
 *    the product, the fuses of scripts/fuses-config.ts flipped and read back.
 *
 * Never `require('electron')` here: it downloads the runtime (scripts/electron-runtime.mjs).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, join, relative, sep } from 'node:path';
import { createPackageWithOptions, extractFile, getRawHeader, listPackage } from '@electron/asar';
import { applyKioskFuses, describeFuses, fuseMismatches } from './fuses-config';

/** The executable's name in the packaged app (also the package name: it decides `userData`, so it stays the same). */
export const PRODUCT_NAME = 'coop-counter-kiosk';

/** Build outputs the packaged app cannot start without (relative to the project). */
export const BUILD_ENTRIES = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'] as const;

/** Files left outside the asar (`app.asar.unpacked/`): native addons are loaded by the OS, which cannot read an asar. */
export const UNPACK_GLOB = '*.node';

/**
 * Declared dependencies that only run at `npm install` (better-sqlite3 fetches its prebuilt binary
 * with prebuild-install from its install script; `lib/` never requires it).
 */
export const INSTALL_TIME_ONLY: ReadonlySet<string> = new Set(['prebuild-install']);

export interface PackageJson {
  name: string;
  version: string;
  description?: string;
  license?: string;
  private?: boolean;
  type?: string;
  main?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** The package a bare import specifier names: `ajv/dist/2020.js` → `ajv`, `@scope/a/b` → `@scope/a`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

const BUILTINS = new Set(builtinModules);

/**
 * The dependencies the main process and the preload import at run time. electron-vite leaves
 * every `dependencies` entry external in out/main (so they load from node_modules) and bundles
 * everything into the preload and the renderer: what out/main does not import (Vue, Pinia, the
 * on-screen keyboard, QR codes…) is already inside the renderer bundle and is not packaged.
 * A bare import of a package that is not in `dependencies` is an error: it would not be packaged.
 */
export function importedDependencies(root: string, pkg: PackageJson): { imported: string[]; bundled: string[] } {
  const declared = new Set(Object.keys(pkg.dependencies ?? {}));
  const used = new Set<string>();
  const undeclared = new Set<string>();
  const scan = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !/\.(js|mjs|cjs)$/.test(entry.name)) continue;
      const code = readFileSync(join(entry.parentPath, entry.name), 'utf8');
      // ES imports: every bare specifier must be a declared dependency (or a builtin, or electron).
      for (const match of code.matchAll(/\bfrom\s*["']([^"'./][^"']*)["']|\bimport\s*\(\s*["']([^"'./][^"']*)["']\s*\)|\bimport\s*["']([^"'./][^"']*)["']/g)) {
        const name = packageName(match[1] ?? match[2] ?? match[3] ?? '');
        if (name === 'electron' || name.startsWith('node:') || BUILTINS.has(name)) continue;
        if (declared.has(name)) used.add(name);
        else undeclared.add(name);
      }
      // require() calls (the CommonJS shim): counted when they name a dependency (`staff.require('admin')` does not).
      for (const match of code.matchAll(/\brequire\d*\s*\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
        const name = packageName(match[1] ?? '');
        if (declared.has(name)) used.add(name);
      }
    }
  };
  scan(join(root, 'out', 'main'));
  scan(join(root, 'out', 'preload'));
  if (undeclared.size > 0) throw new Error(`out/main imports ${[...undeclared].sort().join(', ')}, not listed in package.json dependencies: it would be missing from the package.`);
  const imported = [...used].sort();
  return { imported, bundled: [...declared].filter((name) => !used.has(name)).sort() };
}

/**
 * The package.json inside app.asar: what Electron and the app read at run time, nothing from
 * development; its dependencies are the ones the main process imports (`dependencies`: a subset).
 */
export function productionPackageJson(pkg: PackageJson, dependencies: string[] = Object.keys(pkg.dependencies ?? {})): PackageJson {
  return {
    name: pkg.name,
    version: pkg.version,
    ...(pkg.description ? { description: pkg.description } : {}),
    ...(pkg.license ? { license: pkg.license } : {}),
    private: true,
    // out/main/index.js is an ES module.
    ...(pkg.type ? { type: pkg.type } : {}),
    main: 'out/main/index.js',
    dependencies: Object.fromEntries(dependencies.map((name) => [name, pkg.dependencies?.[name] ?? '*'])),
  };
}

export interface RuntimePackage {
  name: string;
  /** Where it is installed, relative to the project (e.g. `node_modules/ajv`, `node_modules/a/node_modules/b`). */
  path: string;
  version: string;
}

/** Node's lookup: `<dir>/node_modules/<name>`, then each parent folder up to the project. */
function locatePackage(root: string, fromDir: string, name: string): string | null {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root) return null;
    const parent = dirname(dir);
    if (parent === dir || !parent.startsWith(root)) return null;
    dir = parent;
  }
}

/**
 * The installed packages the runtime dependencies need: `dependencies` recursively, plus optional
 * and peer dependencies where installed (e.g. usb's platform binary `@node-usb/usb-<platform>`).
 * A missing required dependency is an error (run `npm ci`). Install-time-only packages are left out.
 */
export function runtimePackages(root: string, pkg: PackageJson = readJson(join(root, 'package.json'))): RuntimePackage[] {
  const found = new Map<string, RuntimePackage>();
  const queue: Array<{ name: string; from: string; required: boolean; neededBy: string }> = Object.keys(pkg.dependencies ?? {}).map((name) => ({
    name,
    from: root,
    required: true,
    neededBy: 'package.json',
  }));
  while (queue.length > 0) {
    const next = queue.shift() as (typeof queue)[number];
    if (INSTALL_TIME_ONLY.has(next.name)) continue;
    const dir = locatePackage(root, next.from, next.name);
    if (!dir) {
      if (next.required) throw new Error(`${next.name} (needed by ${next.neededBy}) is not installed: run npm ci first.`);
      continue;
    }
    const path = relative(root, dir).split(sep).join('/');
    if (found.has(path)) continue;
    const manifest = readJson<PackageJson>(join(dir, 'package.json'));
    found.set(path, { name: next.name, path, version: manifest.version });
    const from = dir;
    for (const name of Object.keys(manifest.dependencies ?? {})) queue.push({ name, from, required: true, neededBy: next.name });
    for (const name of Object.keys(manifest.optionalDependencies ?? {})) queue.push({ name, from, required: false, neededBy: next.name });
    // Peers the package cannot do without (npm installs them); optional peers (vue → typescript) stay out.
    for (const name of Object.keys(manifest.peerDependencies ?? {})) {
      if (!manifest.peerDependenciesMeta?.[name]?.optional) queue.push({ name, from, required: false, neededBy: next.name });
    }
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** Folders of a package that are never needed at run time (nested node_modules are copied package by package). */
const DROPPED_DIRS = new Set(['test', 'tests', '__tests__', 'example', 'examples', 'benchmark', 'benchmarks', 'coverage', '.github', '.bin', 'node_modules']);
/** Sources, type declarations, source maps, docs, native build inputs and objects. */
const DROPPED_FILES = /\.(map|ts|mts|cts|tsx|md|markdown|tsbuildinfo|c|cc|cpp|cxx|h|hh|hpp|gyp|gypi|mk|o|obj|a|lib|pdb|tlog|exp|ilk|sh|bat|cmd)$/i;
const LICENSE_FILES = /^(licen[cs]e|copying|notice|authors)(\.|$)/i;

export interface PackageFilterOptions {
  /** The package builds a native addon (has a binding.gyp). */
  native: boolean;
  platform: string;
  arch: string;
}

/**
 * Whether a folder of an installed package is copied (`rel`: its path inside the package,
 * `/`-separated). A native package keeps only `build/Release` of its build folder; prebuilt
 * binaries (`prebuilds/<platform>-<arch>[+<arch>]`) are kept for the target only.
 */
export function keepPackageDir(rel: string, options: PackageFilterOptions): boolean {
  const parts = rel.split('/');
  if (parts.some((part) => DROPPED_DIRS.has(part) || part.startsWith('.'))) return false;
  if (options.native && parts[0] === 'build' && parts.length >= 2) return parts.length === 2 && parts[1] === 'Release';
  const prebuilds = parts.indexOf('prebuilds');
  if (prebuilds >= 0 && parts.length > prebuilds + 1) {
    const [platform, archs = ''] = (parts[prebuilds + 1] ?? '').split('-');
    return platform === options.platform && archs.split('+').includes(options.arch);
  }
  return true;
}

/** Whether a file of an installed package is copied (its folder already passed keepPackageDir). */
export function keepPackageFile(rel: string, options: PackageFilterOptions): boolean {
  const parts = rel.split('/');
  const name = parts[parts.length - 1] ?? '';
  if (name.startsWith('.')) return false;
  if (LICENSE_FILES.test(name)) return true;
  if (DROPPED_FILES.test(name)) return false;
  // Of a native build, only the addon itself (not its test addons, objects or makefiles).
  if (options.native && parts[0] === 'build') return parts.length === 3 && name.endsWith('.node') && !name.startsWith('test_');
  return true;
}

/** Whether a folder or file of the build output (`out/`) goes into the asar: no source maps, no dotfiles (.env). */
export function keepBuildPath(rel: string): boolean {
  return !rel.split('/').some((part) => part.startsWith('.')) && !rel.endsWith('.map');
}

function copyFiltered(from: string, to: string, keepDir: (rel: string) => boolean, keepFile: (rel: string) => boolean): number {
  let files = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(from, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (keepDir(rel)) walk(path);
        continue;
      }
      if (!keepFile(rel)) continue;
      // A link is copied as the file it points at: nothing in the asar may point outside it.
      const real = realpathSync(path);
      if (statSync(real).isDirectory()) throw new Error(`${path} links to a folder; the packaging step does not follow folder links.`);
      const target = join(to, rel);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(real, target);
      files += 1;
    }
  };
  walk(from);
  return files;
}

export interface PackOptions {
  /** The project: package.json, out/, node_modules/. */
  root: string;
  /** The app folder to create (`dist/<platform>-unpacked`); emptied first. */
  appDir: string;
  platform?: string;
  arch?: string;
}

export interface PackResult {
  asar: string;
  unpackedDir: string;
  /** Dependencies packaged (imported by the main process) and left out (bundled into the renderer / preload). */
  dependencies: { imported: string[]; bundled: string[] };
  packages: RuntimePackage[];
  files: number;
  /** Bytes of app.asar itself. */
  asarBytes: number;
  /** Bytes left beside it in app.asar.unpacked. */
  unpackedBytes: number;
  unpackedFiles: string[];
  /** SHA-256 of the asar header: what Windows and macOS builds embed for EnableEmbeddedAsarIntegrityValidation. */
  headerSha256: string;
  milliseconds: number;
}

function folderBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  return total;
}

/** Packs out/, the production package.json and the runtime node_modules into `<appDir>/resources/app.asar`. */
export async function packApp(options: PackOptions): Promise<PackResult> {
  const started = performance.now();
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const { root, appDir } = options;
  for (const entry of BUILD_ENTRIES) if (!existsSync(join(root, entry))) throw new Error(`${entry} is missing: build first (npm run build).`);
  const pkg = readJson<PackageJson>(join(root, 'package.json'));
  const dependencies = importedDependencies(root, pkg);
  const production = productionPackageJson(pkg, dependencies.imported);
  const packages = runtimePackages(root, production);

  rmSync(appDir, { recursive: true, force: true });
  const resources = join(appDir, 'resources');
  const stage = join(appDir, '.stage');
  mkdirSync(stage, { recursive: true });
  let files = 1;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(production, null, 2)}\n`);
  files += copyFiltered(join(root, 'out'), join(stage, 'out'), keepBuildPath, keepBuildPath);
  for (const runtime of packages) {
    const dir = join(root, runtime.path);
    const filter = { native: existsSync(join(dir, 'binding.gyp')), platform, arch };
    files += copyFiltered(
      dir,
      join(stage, runtime.path),
      (rel) => keepPackageDir(rel, filter),
      (rel) => keepPackageFile(rel, filter),
    );
  }

  const asar = join(resources, 'app.asar');
  mkdirSync(resources, { recursive: true });
  await createPackageWithOptions(stage, asar, { unpack: UNPACK_GLOB, dot: true });
  rmSync(stage, { recursive: true, force: true });

  const unpackedDir = `${asar}.unpacked`;
  const unpackedFiles = existsSync(unpackedDir)
    ? readdirSync(unpackedDir, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(unpackedDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
        .sort()
    : [];
  return {
    asar,
    unpackedDir,
    dependencies,
    packages,
    files,
    asarBytes: statSync(asar).size,
    unpackedBytes: folderBytes(unpackedDir),
    unpackedFiles,
    headerSha256: createHash('sha256').update(getRawHeader(asar).headerString).digest('hex'),
    milliseconds: performance.now() - started,
  };
}

/**
 * What must and must not be in app.asar: the three entries, a package.json whose `main` is in the
 * archive, and none of the project's sources, tests, source maps, .env files, databases or data
 * folders. Returns the problems (empty when the archive is right).
 */
export function checkAppAsar(asar: string): string[] {
  const problems: string[] = [];
  const entries = listPackage(asar, { isPack: false }).map((entry) => entry.split(sep).join('/'));
  const present = new Set(entries);
  for (const entry of ['package.json', ...BUILD_ENTRIES]) if (!present.has(`/${entry}`)) problems.push(`missing /${entry}`);
  try {
    const manifest = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as PackageJson;
    if (!manifest.main || !present.has(`/${manifest.main.replace(/^\.\//, '')}`)) problems.push(`package.json main (${String(manifest.main)}) is not in the archive`);
    if (manifest.devDependencies) problems.push('package.json lists devDependencies');
  } catch (error) {
    problems.push(`package.json unreadable: ${(error as Error).message}`);
  }
  const forbidden: Array<[RegExp, string]> = [
    [/^\/(src|test|tests|scripts|drivers|data|\.kiosk-data|test-results|playwright-report|dist|node_modules\/\.bin)(\/|$)/, 'project folder'],
    [/\.map$/, 'source map'],
    [/(^|\/)\.env(\.|$)/, '.env file'],
    [/\.(sqlite|sqlite3|db)(-wal|-shm)?$/, 'database'],
    [/(^|\/)(draft\.key|draft\.key\.sealed)$/, 'key file'],
    [/^\/out\/.*\.(ts|vue)$/, 'source file'],
  ];
  for (const entry of entries) {
    for (const [pattern, what] of forbidden) if (pattern.test(entry)) problems.push(`${what}: ${entry}`);
  }
  return problems;
}

export type NativeKind = { kind: 'n-api' } | { kind: 'node-abi'; abi: number } | { kind: 'unknown' };

/**
 * How a native addon registers itself: N-API addons (`napi_register_module_v1`) load in any
 * runtime with N-API, Electron included; others export `node_register_module_v<ABI>` and load
 * only in a runtime with that NODE_MODULE_VERSION.
 */
export function nativeKind(binary: Buffer): NativeKind {
  if (binary.includes('napi_register_module_v1')) return { kind: 'n-api' };
  const match = /node_register_module_v(\d+)/.exec(binary.toString('latin1'));
  return match ? { kind: 'node-abi', abi: Number(match[1]) } : { kind: 'unknown' };
}

export interface NativeModuleReport {
  file: string;
  kind: NativeKind;
  /** Whether the packaged Electron can load it. `null`: unknown (Electron's ABI or the file's kind unknown). */
  loadsInElectron: boolean | null;
}

/** Electron's version and NODE_MODULE_VERSION, from the installed npm package (its `abi_version`), never by running it. */
export function electronTarget(root: string): { version: string | null; abi: number | null } {
  const dir = join(root, 'node_modules', 'electron');
  const version = existsSync(join(dir, 'package.json')) ? readJson<PackageJson>(join(dir, 'package.json')).version : null;
  const abiFile = join(dir, 'abi_version');
  const abi = existsSync(abiFile) ? Number(readFileSync(abiFile, 'utf8').trim()) : null;
  return { version, abi: Number.isInteger(abi) ? abi : null };
}

/** The native addons in app.asar.unpacked and whether Electron (of the given ABI) loads them. */
export function inspectNativeModules(unpackedDir: string, electronAbi: number | null): NativeModuleReport[] {
  if (!existsSync(unpackedDir)) return [];
  return readdirSync(unpackedDir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.node'))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const kind = nativeKind(readFileSync(path));
      const loadsInElectron = kind.kind === 'n-api' ? true : kind.kind === 'node-abi' && electronAbi !== null ? kind.abi === electronAbi : null;
      return { file: relative(unpackedDir, path).split(sep).join('/'), kind, loadsInElectron };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** The Electron runtime's folder when it is installed (node_modules/electron/path.txt + dist/), else null. */
export function installedElectronDist(root: string): string | null {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const dist = join(dir, 'dist');
  return existsSync(join(dist, readFileSync(pathFile, 'utf8').trim())) ? dist : null;
}

export interface AssembleOptions {
  /** An unpacked Electron distribution (the runtime's folder: `electron`, `resources/`, `*.pak`, `version`…). */
  electronDist: string;
  /** The app folder that already holds `resources/app.asar`. */
  appDir: string;
  /** The Electron version the app was built for (package.json); the distribution must be that one. */
  electronVersion: string | null;
  platform?: string;
  productName?: string;
}

export interface AssembleResult {
  binary: string;
  electronVersion: string;
  fuses: Record<string, boolean>;
}

/**
 * Copies the Electron distribution around the asar (without Electron's default_app.asar), renames
 * the binary to the product and flips the kiosk's fuses in it, then reads them back: any mismatch
 * throws. Linux only: with EnableEmbeddedAsarIntegrityValidation on, Electron on Windows and macOS
 * terminates unless the asar header hash is embedded in the executable's resources / Info.plist,
 * which this script does not write.
 */
export async function assembleElectronApp(options: AssembleOptions): Promise<AssembleResult> {
  const platform = options.platform ?? process.platform;
  const productName = options.productName ?? PRODUCT_NAME;
  const { electronDist, appDir } = options;
  if (platform !== 'linux') {
    throw new Error(
      `assembling for ${platform} is not supported by this script: with EnableEmbeddedAsarIntegrityValidation on, Electron on Windows and macOS terminates unless the asar header hash is embedded in the executable (Windows resource) or Info.plist (macOS), which this script does not write. Use @electron/packager or electron-builder there with scripts/fuses-config.ts.`,
    );
  }
  const source = join(electronDist, 'electron');
  const versionFile = join(electronDist, 'version');
  if (!existsSync(source) || !existsSync(versionFile)) throw new Error(`${electronDist} is not an Electron distribution for Linux (no electron binary or version file).`);
  const electronVersion = readFileSync(versionFile, 'utf8').trim().replace(/^v/, '');
  if (options.electronVersion && electronVersion !== options.electronVersion) {
    throw new Error(`${electronDist} is Electron ${electronVersion}; the app is built for Electron ${options.electronVersion} (package.json).`);
  }
  if (!existsSync(join(appDir, 'resources', 'app.asar'))) throw new Error(`${appDir}/resources/app.asar is missing: pack first.`);

  // Electron's own files around ours; its default app must not ship (it is what runs when no app is found).
  cpSync(electronDist, appDir, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (from) => {
      const rel = relative(electronDist, from).split(sep).join('/');
      return rel !== 'resources/default_app.asar' && !rel.startsWith('resources/app.asar') && rel !== 'resources/app';
    },
  });
  const binary = join(appDir, productName);
  renameSync(join(appDir, basename(source)), binary);

  await applyKioskFuses(binary);
  const mismatches = await fuseMismatches(binary);
  if (mismatches.length > 0) throw new Error(`fuses of ${binary} differ from scripts/fuses-config.ts: ${mismatches.join('; ')}`);
  return { binary, electronVersion, fuses: describeFuses() };
}

export interface PackagingIo {
  log: (line: string) => void;
  error: (line: string) => void;
}

const USAGE = 'usage: npm run package [-- --electron-dist <Electron distribution folder>] [--no-build] [--allow-abi-mismatch]';

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `node_modules/@scope/name/build/Release/x.node` → `@scope/name`. */
function packageOf(file: string): string {
  const parts = file.split('/');
  const at = parts.lastIndexOf('node_modules');
  const first = parts[at + 1] ?? file;
  return first.startsWith('@') ? `${first}/${parts[at + 2] ?? ''}` : first;
}

/**
 * `npm run package`: build when stale, pack app.asar, report the native modules, and assemble
 * the app with Electron and its fuses when an Electron distribution is given. Returns the exit code.
 */
export async function runPackaging(argv: string[], env: NodeJS.ProcessEnv, io: PackagingIo, defaults: { root: string; build: (root: string) => number; isStale: (root: string) => boolean }): Promise<number> {
  let root = defaults.root;
  let electronDist: string | null = env.ELECTRON_DIST || null;
  let build = true;
  let allowAbiMismatch = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--electron-dist') electronDist = value() ?? '';
    else if (flag === '--root') root = value() ?? '';
    else if (flag === '--no-build') build = false;
    else if (flag === '--allow-abi-mismatch') allowAbiMismatch = true;
    else if (flag === '--help' || flag === '-h') {
      io.log(USAGE);
      return 0;
    } else {
      io.error(`package: unknown argument ${arg}\n${USAGE}`);
      return 1;
    }
  }
  if (!root || electronDist === '') {
    io.error(`package: a folder is missing after its option\n${USAGE}`);
    return 1;
  }
  const platform = process.platform;
  const appDir = join(root, 'dist', `${platform}-unpacked`);
  try {
    if (!build) io.log('package: out/ used as it is (--no-build)');
    else if (defaults.isStale(root)) {
      io.log('package: building out/ (the sources are newer than the build)…');
      const status = defaults.build(root);
      if (status !== 0) {
        io.error('package: the build failed: run "npm run build" to see why.');
        return 1;
      }
    } else io.log('package: out/ is up to date');

    const packed = await packApp({ root, appDir });
    const problems = checkAppAsar(packed.asar);
    if (problems.length > 0) {
      io.error(`package: app.asar is not right: ${problems.join('; ')}`);
      return 1;
    }
    io.log(
      `package: ${relative(root, packed.asar)}: ${packed.files} files, ${megabytes(packed.asarBytes)}, ${packed.packages.length} runtime packages; ` +
        `${packed.unpackedFiles.length} native file(s) unpacked beside it (${megabytes(packed.unpackedBytes)}); packed in ${(packed.milliseconds / 1000).toFixed(1)} s`,
    );
    io.log(`package: packaged dependencies (imported by the main process): ${packed.dependencies.imported.join(', ')}`);
    if (packed.dependencies.bundled.length > 0) io.log(`package: bundled into the renderer by Vite, so not packaged: ${packed.dependencies.bundled.join(', ')}`);
    io.log(`package: asar header SHA-256 ${packed.headerSha256} (what Windows / macOS builds embed for asar integrity)`);

    const target = electronTarget(root);
    const natives = inspectNativeModules(packed.unpackedDir, target.abi);
    const electronName = `Electron ${target.version ?? '(version unknown)'}`;
    for (const native of natives) {
      const what =
        native.kind.kind === 'n-api'
          ? 'N-API: loads in Electron as it is'
          : native.kind.kind === 'node-abi'
            ? native.loadsInElectron
              ? `built for ABI ${native.kind.abi}, which is ${electronName}'s`
              : `built for Node's ABI ${native.kind.abi}; ${electronName} needs ABI ${target.abi ?? '(unknown)'}: ${native.loadsInElectron === false ? 'NOT loadable' : 'cannot tell'} until rebuilt for Electron`
            : 'unknown registration: cannot tell whether Electron loads it';
      io.log(`package:   native ${native.file}: ${what}`);
    }
    const unusable = natives.filter((native) => native.loadsInElectron === false);
    if (unusable.length > 0) {
      const names = [...new Set(unusable.map((native) => packageOf(native.file)))];
      io.error(
        `package: WARNING: ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} compiled for this machine's Node, not for ${electronName}: the packaged kiosk cannot load ${names.length === 1 ? 'it' : 'them'} (better-sqlite3: no database, no start). ` +
          `Rebuild for Electron before packaging, e.g. \`npx @electron/rebuild --version ${target.version ?? '<electron version>'} --only ${names.join(',')}\`, which downloads Electron's headers from electronjs.org: this build machine reaches only the npm registry, so the rebuild cannot be done here.`,
      );
    }

    const dist = electronDist ?? installedElectronDist(root);
    if (!dist) {
      io.log(
        'package: stopped after app.asar: the Electron runtime is needed to assemble the app and apply the fuses (scripts/fuses-config.ts), and it is not installed here ' +
          '(it cannot be downloaded on this machine). Give an Electron distribution folder with --electron-dist <dir> or ELECTRON_DIST, or install it where the network allows (npx install-electron: node_modules/electron/dist).',
      );
      return 0;
    }
    const assembled = await assembleElectronApp({ electronDist: dist, appDir, electronVersion: target.version, platform });
    io.log(`package: ${relative(root, assembled.binary)}: Electron ${assembled.electronVersion} with app.asar; default_app.asar left out`);
    io.log(`package: fuses ${Object.entries(assembled.fuses).map(([name, on]) => `${name}=${on ? 'on' : 'off'}`).join(', ')} (flipped and read back: all match)`);
    if (existsSync(join(appDir, 'chrome-sandbox'))) io.log('package: install step on the kiosk: chrome-sandbox must be owned by root with mode 4755 (chown root:root chrome-sandbox && chmod 4755 chrome-sandbox), or Chromium\'s sandbox will not start.');
    if (unusable.length > 0 && !allowAbiMismatch) {
      io.error(`package: ${relative(root, appDir)} is assembled but NOT shippable: rebuild the native modules above for Electron first (--allow-abi-mismatch keeps this result with exit code 0, for inspection).`);
      return 1;
    }
    io.log(`package: done: ${relative(root, appDir)}`);
    return 0;
  } catch (error) {
    io.error(`package: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
