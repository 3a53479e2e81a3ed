/**
 * electron-builder's configuration for the kiosk (`npm run package`, scripts/package.ts).
 * - `dir`: the unpacked app (dist/linux-unpacked), made offline from an Electron distribution
 *   folder (`electronDist`): electron-builder never downloads Electron when it is given one.
 * - `deb` (Linux kiosks) and `nsis` (Windows), for machines that have the Electron runtime and
 *   electron-builder's tool downloads (fpm, NSIS): `npm run package -- --target deb`.
 * Natives (`*.node`) are unpacked beside app.asar; fuses come from scripts/fuses-config.ts; an
 * afterPack hook refuses a build whose better-sqlite3 was compiled for Node instead of Electron.
 * Renderer libraries are devDependencies (Vite bundles them), so the asar carries only what
 * the main process imports.
 */
import type { AfterPackContext, Configuration } from 'electron-builder';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { builderFuses } from './fuses-config';
import { abiMismatchMessage, inspectNativeModules } from './native-abi';

export interface KioskBuildOptions {
  /** An unpacked Electron distribution for the same version (the `electron` binary, `resources/`, `*.pak` …). */
  electronDist: string;
  electronVersion: string;
  /** Electron's NODE_MODULE_VERSION (node_modules/electron/abi_version); null: not known, the check cannot tell. */
  electronAbi: number | null;
  /** Keep a package whose native addons Electron cannot load (for inspection only). */
  allowAbiMismatch?: boolean;
  /** The platform packaged for: decides which prebuilt addons stay. */
  platform: 'linux' | 'win32';
  /** Told what the ABI check found. */
  onNativeReport?: (reports: ReturnType<typeof inspectNativeModules>) => void;
}

export const EXECUTABLE_NAME = 'coop-counter-kiosk';

/** Prebuilt-addon folder prefixes (prebuildify's names) of the platforms not packaged for. */
const OTHER_PLATFORMS = { linux: 'win32,darwin,android', win32: 'linux,darwin,android' } as const;

export function kioskBuilderConfig(options: KioskBuildOptions): Configuration {
  return {
    appId: 'jp.univcoop.counter-kiosk',
    productName: 'Co-op Counter Kiosk',
    executableName: EXECUTABLE_NAME,
    copyright: 'University co-op',
    directories: { output: 'dist', buildResources: 'resources' },
    // The build output and the manifest; production node_modules are added by electron-builder.
    files: [
      'out/**/*',
      '!out/**/*.map',
      'package.json',
      // What the runtime never reads: better-sqlite3's C sources and compiler leftovers (only
      // build/Release/better_sqlite3.node loads), zod's TypeScript sources.
      '!**/node_modules/better-sqlite3/{deps,src}/**',
      '!**/node_modules/better-sqlite3/build/{deps,Release/obj,Release/obj.target,Release/.deps}/**',
      '!**/node_modules/better-sqlite3/build/{*.mk,Makefile,config.gypi,Release/sqlite3.a,Release/test_extension.node}',
      '!**/node_modules/zod/src/**',
      // Another platform's prebuilt addons are dead weight.
      `!**/node_modules/**/prebuilds/{${OTHER_PLATFORMS[options.platform]}}-*/**`,
    ],
    asar: true,
    asarUnpack: ['**/*.node'],
    electronDist: options.electronDist,
    electronVersion: options.electronVersion,
    // Never rebuild or download here: the natives are what `npm ci` built (checked in afterPack).
    npmRebuild: false,
    nodeGypRebuild: false,
    buildDependenciesFromSource: false,
    electronFuses: builderFuses(),
    afterPack: async (context: AfterPackContext) => {
      const unpacked = join(context.appOutDir, context.electronPlatformName === 'darwin' ? `${context.packager.appInfo.productFilename}.app/Contents/Resources` : 'resources', 'app.asar.unpacked');
      const reports = inspectNativeModules(unpacked, options.electronAbi);
      options.onNativeReport?.(reports);
      const refusal = abiMismatchMessage(reports, { version: options.electronVersion, abi: options.electronAbi });
      if (refusal && !options.allowAbiMismatch) throw new Error(`not shippable: ${refusal}`);
      // A custom electronDist keeps Electron's demo app; the kiosk never runs it.
      await rm(join(unpacked, '..', 'default_app.asar'), { force: true });
    },
    linux: {
      target: ['deb'],
      category: 'Office',
      icon: 'resources/icons',
      synopsis: 'Counter kiosk for university co-op stores',
      maintainer: 'Co-op Counter Kiosk team <kiosk@example.invalid>',
    },
    deb: {
      // electron-builder's after-install script installs to /opt (root-owned) and gives chrome-sandbox mode 4755 where user namespaces are off (SECURITY.md §5).
      depends: ['libgtk-3-0', 'libnss3', 'libxss1', 'libxtst6', 'libatspi2.0-0', 'libsecret-1-0', 'libgbm1', 'libasound2'],
    },
    win: { target: ['nsis'], icon: 'resources/icon.png' },
    nsis: { oneClick: false, perMachine: true, allowToChangeInstallationDirectory: false },
    publish: null,
  };
}
