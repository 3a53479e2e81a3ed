import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';

const run = promisify(execFile);

/**
 * Reads barcodes drawn as SVG the way a scanner would meet them on paper: rasterised by
 * rsvg-convert on white, decoded by zbarimg (Debian: zbar-tools, librsvg2-bin). Registers its
 * hooks in the calling test file: the tools are checked once (a clear error when one is missing)
 * and the images go to a temporary folder removed afterwards.
 */
export function svgBarcodeDecoder(prefix: string): { decode(svg: string): Promise<string[]> } {
  let dir: string | undefined;
  let counter = 0;
  beforeAll(async () => {
    for (const tool of ['rsvg-convert', 'zbarimg']) {
      try {
        await run(tool, ['--version']);
      } catch {
        throw new Error(`${tool} is required: apt-get install -y zbar-tools librsvg2-bin`);
      }
    }
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    /** zbarimg's output lines (one a decoded barcode) for the SVG. */
    async decode(svg: string): Promise<string[]> {
      if (!dir) throw new Error('the decoder folder is made in beforeAll');
      const base = join(dir, `b${counter++}`);
      writeFileSync(`${base}.svg`, svg);
      await run('rsvg-convert', ['--background-color', 'white', '-o', `${base}.png`, `${base}.svg`]);
      const { stdout } = await run('zbarimg', ['--quiet', '--raw', `${base}.png`]);
      return stdout.split('\n').filter((line) => line !== '');
    },
  };
}
