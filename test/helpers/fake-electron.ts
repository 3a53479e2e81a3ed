import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The sentinel in front of Electron's fuse wire (what @electron/fuses looks for). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Electron 45's default fuse states, in wire order: RunAsNode, NODE_OPTIONS, --inspect and file:// privileges on; cookie encryption and the asar checks off. */
export const ELECTRON_DEFAULT_FUSES = '10110001';

/**
 * A stand-in for an Electron binary: bytes around the fuse sentinel, the wire version (1), the
 * wire length and one byte per fuse, laid out as in Electron's binaries (what @electron/fuses
 * reads and writes). The real binary cannot be downloaded or run on this build machine.
 */
export function fakeElectron(dir: string, states: string = ELECTRON_DEFAULT_FUSES, name = 'electron'): string {
  const file = join(dir, name);
  const wire = Buffer.concat([Buffer.from('\x7fELF fake electron binary '), Buffer.from(FUSE_SENTINEL), Buffer.from([1, states.length]), Buffer.from(states), Buffer.from(' trailing bytes')]);
  writeFileSync(file, wire, { mode: 0o755 });
  return file;
}

/** The fuse states ('0' / '1' per fuse) in a binary made by fakeElectron, read from its bytes. */
export function fuseBytes(file: Buffer, length = ELECTRON_DEFAULT_FUSES.length): string {
  const at = file.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length + 2;
  return file.subarray(at, at + length).toString();
}
