/**
 * Whether the native addons packed beside app.asar load in the packaged Electron: N-API addons
 * (serialport, usb) load anywhere; better-sqlite3 exports `node_register_module_v<ABI>` and loads
 * only in a runtime of that NODE_MODULE_VERSION. `npm ci` builds it for Node (ABI 115), Electron
 * 45 needs ABI 150: a package made from it cannot open its database, so the packaging refuses it
 * (electron-builder afterPack hook) unless told to keep it for inspection.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export type NativeKind = { kind: 'n-api' } | { kind: 'node-abi'; abi: number } | { kind: 'unknown' };

/** How a native addon registers itself, read from its bytes (never by loading it). */
export function nativeKind(binary: Buffer): NativeKind {
  if (binary.includes('napi_register_module_v1')) return { kind: 'n-api' };
  const match = /node_register_module_v(\d+)/.exec(binary.toString('latin1'));
  return match ? { kind: 'node-abi', abi: Number(match[1]) } : { kind: 'unknown' };
}

export interface NativeModuleReport {
  /** Path under app.asar.unpacked, with forward slashes. */
  file: string;
  kind: NativeKind;
  /** Whether Electron (of the given ABI) loads it; null when it cannot be told. */
  loadsInElectron: boolean | null;
}

/** Electron's version and NODE_MODULE_VERSION from the installed npm package (its `abi_version`), never by running it. */
export function electronTarget(root: string): { version: string | null; abi: number | null } {
  const dir = join(root, 'node_modules', 'electron');
  const manifest = join(dir, 'package.json');
  const version = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : null;
  const abiFile = join(dir, 'abi_version');
  const abi = existsSync(abiFile) ? Number(readFileSync(abiFile, 'utf8').trim()) : null;
  return { version, abi: Number.isInteger(abi) ? abi : null };
}

/** Every `*.node` file under `unpackedDir` and whether Electron of `electronAbi` loads it. */
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

/** `node_modules/@scope/name/build/Release/x.node` → `@scope/name`. */
export function packageOf(file: string): string {
  const parts = file.split('/');
  const at = parts.lastIndexOf('node_modules');
  const first = parts[at + 1] ?? file;
  return first.startsWith('@') ? `${first}/${parts[at + 2] ?? ''}` : first;
}

/** The refusal, with what to do next; null when every addon loads (or loading cannot be told). */
export function abiMismatchMessage(reports: readonly NativeModuleReport[], electron: { version: string | null; abi: number | null }): string | null {
  const unusable = reports.filter((report) => report.loadsInElectron === false);
  if (unusable.length === 0) return null;
  const names = [...new Set(unusable.map((report) => packageOf(report.file)))];
  const found = unusable.map((report) => `${report.file} (ABI ${report.kind.kind === 'node-abi' ? report.kind.abi : '?'})`).join(', ');
  return (
    `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} compiled for Node, not for Electron ${electron.version ?? ''} (ABI ${electron.abi ?? '?'}): ${found}. ` +
    `The packaged kiosk could not load ${names.length === 1 ? 'it' : 'them'} (better-sqlite3: no database, no start). ` +
    `Rebuild for Electron first: npx @electron/rebuild --version ${electron.version ?? '<electron version>'} --only ${names.join(',')} ` +
    '(it downloads Electron\'s headers from electronjs.org), then package again; npm rebuild better-sqlite3 gives Node its build back. ' +
    '--allow-abi-mismatch keeps such a package for inspection.'
  );
}
