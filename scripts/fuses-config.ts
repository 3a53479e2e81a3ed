/**
 * Electron fuses of the packaged kiosk (Electron security checklist, "Fuses"): the features of
 * the Electron binary itself that the kiosk does not use are switched off in the binary, where
 * no command line, environment variable or script can turn them back on.
 *
 * Applied at packaging time by electron-builder (its `electronFuses`, from `builderFuses()`
 * below; `npm run package`), or to any Electron binary with `npm run fuses -- <binary>`
 * (scripts/apply-fuses.ts). The configuration
 * names every fuse (strictlyRequireAllFuses), so a fuse added by a newer Electron fails the
 * script until someone decides on it. Tested by test/unit/security/fuses.test.ts on a synthetic
 * fuse wire: this build machine cannot download or run the real Electron binary.
 */
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire, type FuseV1Config } from '@electron/fuses';
import type { Configuration } from 'electron-builder';

/** electron-builder's `electronFuses` option. */
type FuseOptionsV1 = NonNullable<Configuration['electronFuses']>;

export const KIOSK_FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // ELECTRON_RUN_AS_NODE would turn the kiosk binary into a plain Node.js with the kiosk's privileges.
  [FuseV1Options.RunAsNode]: false,
  // Chromium's cookie store is encrypted with an OS-protected key (the kiosk keeps no cookies, but the profile is on disk).
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS (--require, --inspect …) could inject code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect / --inspect-brk would open a debugger on the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The packaged app is an app.asar whose integrity Electron checks at load (macOS / Windows).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only the packaged app.asar is loaded, never a loose app folder placed beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // No custom V8 snapshot for the browser process.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // file:// gets no extra privileges: the renderer is served from app://kiosk (custom protocol).
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} as const satisfies FuseV1Config;

/** Fuse name → wanted state, for reports. */
export function describeFuses(config: FuseV1Config = KIOSK_FUSES): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(config)) {
    const index = Number(key);
    if (Number.isInteger(index) && typeof value === 'boolean') out[FuseV1Options[index] ?? `fuse${index}`] = value;
  }
  return out;
}

/** Fuses whose state in the binary differs from the configuration (empty when all match). */
export async function fuseMismatches(pathToElectron: string, config: FuseV1Config = KIOSK_FUSES): Promise<string[]> {
  const wire = await getCurrentFuseWire(pathToElectron);
  const mismatches: string[] = [];
  if (wire.version !== config.version) mismatches.push(`fuse wire version ${wire.version}, expected ${config.version}`);
  for (const [name, wanted] of Object.entries(describeFuses(config))) {
    const index = FuseV1Options[name as keyof typeof FuseV1Options];
    const state = (wire as unknown as Record<number, number | undefined>)[index];
    // The wire stores ASCII '1' (49) for on and '0' (48) for off; 'r' (114) means removed by Electron.
    const actual = state === 49 ? true : state === 48 ? false : state === undefined ? 'missing' : `state ${state}`;
    if (actual !== wanted) mismatches.push(`${name}: ${String(actual)}, expected ${String(wanted)}`);
  }
  return mismatches;
}

/** Flips the kiosk's fuses in one Electron binary and reads them back. Throws when any differs. */
export async function applyKioskFuses(pathToElectron: string, config: FuseV1Config = KIOSK_FUSES): Promise<{ sentinels: number }> {
  const sentinels = await flipFuses(pathToElectron, config);
  const mismatches = await fuseMismatches(pathToElectron, config);
  if (mismatches.length > 0) throw new Error(`Fuses not as configured after flipping: ${mismatches.join('; ')}`);
  return { sentinels };
}

/** electron-builder's name for each fuse (its `electronFuses` option). */
const BUILDER_FUSE_KEYS: Record<string, Exclude<keyof FuseOptionsV1, symbol | number>> = {
  RunAsNode: 'runAsNode',
  EnableCookieEncryption: 'enableCookieEncryption',
  EnableNodeOptionsEnvironmentVariable: 'enableNodeOptionsEnvironmentVariable',
  EnableNodeCliInspectArguments: 'enableNodeCliInspectArguments',
  EnableEmbeddedAsarIntegrityValidation: 'enableEmbeddedAsarIntegrityValidation',
  OnlyLoadAppFromAsar: 'onlyLoadAppFromAsar',
  LoadBrowserProcessSpecificV8Snapshot: 'loadBrowserProcessSpecificV8Snapshot',
  GrantFileProtocolExtraPrivileges: 'grantFileProtocolExtraPrivileges',
};

/**
 * The same decision as electron-builder's `electronFuses`. Throws when a fuse of the
 * configuration has no electron-builder name, so no fuse is silently left at Electron's default.
 */
export function builderFuses(config: FuseV1Config = KIOSK_FUSES): FuseOptionsV1 {
  const out: Record<string, boolean> = {};
  for (const [name, wanted] of Object.entries(describeFuses(config))) {
    const key = BUILDER_FUSE_KEYS[name];
    if (!key) throw new Error(`electron-builder has no option for the fuse ${name}: flip it in an afterPack hook or update electron-builder.`);
    out[key] = wanted;
  }
  return out as FuseOptionsV1;
}
