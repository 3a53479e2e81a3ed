/**
 * `npm run icons`: renders resources/icon.svg into the PNGs the packager uses, with rsvg-convert
 * (Debian librsvg2-bin): resources/icon.png (512 px: electron-builder's default app icon, the
 * Windows .ico is made from it) and resources/icons/<n>x<n>.png (the Linux hicolor set of the deb).
 * The PNGs are committed; run this after changing the SVG.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
const source = join(resources, 'icon.svg');

function render(size: number, file: string): void {
  execFileSync('rsvg-convert', ['--width', String(size), '--height', String(size), '--format', 'png', '--output', file, source]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(join(resources, 'icons'), { recursive: true });
  for (const size of ICON_SIZES) render(size, join(resources, 'icons', `${size}x${size}.png`));
  render(512, join(resources, 'icon.png'));
  console.log(`icons: resources/icon.png and resources/icons/{${ICON_SIZES.join(',')}} rendered from resources/icon.svg`);
}
