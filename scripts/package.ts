/**
 * `npm run package -- --electron-dist <folder> [--target dir|deb|nsis] [--no-build] [--allow-abi-mismatch]`
 *
 * Builds when the sources changed, then packages the kiosk with electron-builder
 * (scripts/electron-builder.config.ts): `dir` (default) makes dist/linux-unpacked offline from
 * the given Electron distribution folder (also ELECTRON_DIST, or the runtime installed by
 * `npx install-electron`), flips the fuses, and this script reads them back. Without an Electron
 * folder it stops and says so: electron-builder would otherwise download Electron.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Arch, build, Platform } from 'electron-builder';
import { buildIsStale, runBuild } from './build-state.mjs';
import { EXECUTABLE_NAME, kioskBuilderConfig } from './electron-builder.config';
import { describeFuses, fuseMismatches } from './fuses-config';
import { electronTarget, type NativeModuleReport } from './native-abi';

const USAGE = 'usage: npm run package -- --electron-dist <Electron distribution folder> [--target dir|deb|nsis] [--no-build] [--allow-abi-mismatch]';
const TARGETS = { dir: Platform.LINUX, deb: Platform.LINUX, nsis: Platform.WINDOWS } as const;
type TargetName = keyof typeof TARGETS;

export interface PackageOptions {
  root: string;
  electronDist: string | null;
  target: TargetName;
  build: boolean;
  allowAbiMismatch: boolean;
}

export function parsePackageArgs(argv: string[], env: NodeJS.ProcessEnv, root: string): PackageOptions | string {
  const options: PackageOptions = { root, electronDist: env.ELECTRON_DIST || null, target: 'dir', build: true, allowAbiMismatch: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => inline ?? argv[++i] ?? '';
    if (flag === '--electron-dist') options.electronDist = value();
    else if (flag === '--root') options.root = value();
    else if (flag === '--target') {
      const target = value();
      if (!(target in TARGETS)) return `unknown target "${target}"\n${USAGE}`;
      options.target = target as TargetName;
    } else if (flag === '--no-build') options.build = false;
    else if (flag === '--allow-abi-mismatch') options.allowAbiMismatch = true;
    else return `unknown argument ${arg}\n${USAGE}`;
  }
  if (!options.root || options.electronDist === '') return `a folder is missing after its option\n${USAGE}`;
  return options;
}

/** The Electron runtime's folder when `npx install-electron` put it in node_modules/electron/dist. */
function installedElectronDist(root: string): string | null {
  const dist = join(root, 'node_modules', 'electron', 'dist');
  return existsSync(join(dist, 'electron')) || existsSync(join(dist, 'electron.exe')) ? dist : null;
}

function describeNative(report: NativeModuleReport): string {
  if (report.kind.kind === 'n-api') return 'N-API: loads in Electron as it is';
  if (report.kind.kind === 'unknown') return 'unknown registration: cannot tell';
  return report.loadsInElectron ? `ABI ${report.kind.abi}: Electron's` : `ABI ${report.kind.abi}: NOT Electron's`;
}

/** Runs the packaging; returns the exit code. */
export async function runPackage(options: PackageOptions, io: { log(line: string): void; error(line: string): void }): Promise<number> {
  const { root } = options;
  const electronDist = options.electronDist ?? installedElectronDist(root);
  if (!electronDist || !existsSync(electronDist)) {
    io.error(
      'package: an Electron distribution folder is needed (--electron-dist <folder>, ELECTRON_DIST, or `npx install-electron` where the network allows): ' +
        'without one electron-builder would download Electron, which this machine cannot.',
    );
    return 1;
  }
  const electron = electronTarget(root);
  if (!electron.version) {
    io.error('package: node_modules/electron is missing: run npm ci first.');
    return 1;
  }
  if (options.build && buildIsStale(root, ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'])) {
    io.log('package: building out/ (the sources are newer than the build)…');
    if (runBuild(root) !== 0) {
      io.error('package: the build failed: run "npm run build" to see why.');
      return 1;
    }
  }
  let natives: NativeModuleReport[] = [];
  const config = kioskBuilderConfig({
    electronDist,
    electronVersion: electron.version,
    electronAbi: electron.abi,
    allowAbiMismatch: options.allowAbiMismatch,
    platform: options.target === 'nsis' ? 'win32' : 'linux',
    onNativeReport: (reports) => (natives = reports),
  });
  try {
    const platform = TARGETS[options.target];
    const artifacts = await build({ projectDir: root, targets: platform.createTarget(options.target, Arch.x64), config, publish: 'never' });
    for (const native of natives) io.log(`package:   native ${native.file}: ${describeNative(native)}`);
    if (options.target === 'dir') {
      const appDir = join(root, 'dist', 'linux-unpacked');
      const binary = join(appDir, EXECUTABLE_NAME);
      const mismatches = await fuseMismatches(binary);
      if (mismatches.length > 0) {
        io.error(`package: fuses not as configured in ${binary}: ${mismatches.join('; ')}`);
        return 1;
      }
      const fuses = Object.entries(describeFuses()).map(([name, on]) => `${name}=${on ? 'on' : 'off'}`);
      io.log(`package: fuses read back from ${relative(root, binary)}: ${fuses.join(', ')}`);
      io.log(`package: done: ${relative(root, appDir)}`);
    } else for (const artifact of artifacts) io.log(`package: ${relative(root, artifact)}`);
    return 0;
  } catch (error) {
    io.error(`package: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const parsed = parsePackageArgs(process.argv.slice(2), process.env, join(dirname(fileURLToPath(import.meta.url)), '..'));
  if (typeof parsed === 'string') {
    console.error(`package: ${parsed}`);
    process.exitCode = 1;
  } else process.exitCode = await runPackage(parsed, { log: (line) => console.log(line), error: (line) => console.error(line) });
}
