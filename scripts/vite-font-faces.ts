/**
 * The bundled UI font's @font-face rules in two parts (issue 18: the first tap). Fontsource
 * slices BIZ UDPGothic into ~120 files per weight by unicode-range; every rule in the page's
 * CSS is weighed by Chromium's first style and layout pass (measured: 216 KB of rules made
 * the attract screen's first layout 60–80 ms instead of ~20). The slices are ordered by how
 * often their characters are used: the highest-numbered Japanese slices hold kana,
 * punctuation and the commonest kanji, and `latin` holds ASCII. Those go in the first CSS
 * (`kiosk-fonts:first`); every other slice comes with `kiosk-fonts:rest`, which the renderer
 * loads after its first paint. A character in a later slice is drawn in the system's font
 * until then and swapped (font-display: swap), as before.
 * test/unit/renderer/attract-fonts.test.ts checks the first screen's text is covered.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const FONTSOURCE_DIR = dirname(createRequire(import.meta.url).resolve('@fontsource/biz-udpgothic/400.css'));
const WEIGHTS = ['400', '700'] as const;
/** Japanese slices from this number up are in the first CSS (Google Fonts' frequency order). */
export const FIRST_JAPANESE_SLICE = 100;
const FIRST_NAMED_SLICES = new Set(['latin']);

export interface FontFace {
  slice: string;
  css: string;
}

/** The @font-face rules of both weights, each with its slice name (`0`…`119`, `latin`, …). */
export function fontFaces(): FontFace[] {
  return WEIGHTS.flatMap((weight) =>
    readFileSync(join(FONTSOURCE_DIR, `${weight}.css`), 'utf8')
      .split(/(?=\/\* biz-udpgothic-)/)
      .filter((block) => block.includes('@font-face'))
      .map((css) => ({ slice: /^\/\* biz-udpgothic-\[?([a-z0-9-]+?)\]?-\d{3}-normal \*\//.exec(css)?.[1] ?? '', css })),
  );
}

export function isFirstSlice(slice: string): boolean {
  return FIRST_NAMED_SLICES.has(slice) || (/^\d+$/.test(slice) && Number(slice) >= FIRST_JAPANESE_SLICE);
}

const PARTS = { 'kiosk-fonts:first': true, 'kiosk-fonts:rest': false } as const;

/**
 * Resolves `kiosk-fonts:first` / `kiosk-fonts:rest` to CSS beside Fontsource's own files, so
 * their relative url()s resolve and Vite bundles the woff2 files as usual.
 */
export function kioskFontFaces(): Plugin {
  const idOf = (part: string) => join(FONTSOURCE_DIR, `${part.replace(':', '-')}.css`);
  return {
    name: 'kiosk:font-faces',
    enforce: 'pre',
    resolveId(source) {
      return source in PARTS ? idOf(source) : null;
    },
    load(id) {
      for (const [part, first] of Object.entries(PARTS)) {
        if (id !== idOf(part)) continue;
        return fontFaces()
          .filter((face) => isFirstSlice(face.slice) === first)
          .map((face) => face.css)
          .join('');
      }
      return null;
    },
  };
}
