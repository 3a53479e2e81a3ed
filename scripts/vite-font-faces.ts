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
 * test/unit/build/attract-fonts.test.ts checks the first screen's text is covered. The files that
 * draw the attract screen itself are preloaded by index.html.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import { ja } from '../src/renderer/src/i18n/ja';
import { en } from '../src/renderer/src/i18n/en';

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

/** What the attract screen and the top bar say, in both languages. */
export const ATTRACT_TEXTS: readonly string[] = [ja, en].flatMap((messages) => [...Object.values(messages.attract), messages.app.title, ...Object.values(messages.language)]);

function unicodeRanges(css: string): Array<[number, number]> {
  const list = /unicode-range:\s*([^;]+);/.exec(css)?.[1] ?? '';
  return list.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(from as string, 16), parseInt((to ?? from) as string, 16)];
  });
}

/** The woff2 files (Fontsource's names) of the faces that draw any character of these texts. */
export function fontFilesFor(texts: readonly string[]): string[] {
  const codes = [...new Set(texts.join(''))].map((char) => char.codePointAt(0) as number).filter((code) => code > 0x20);
  return fontFaces()
    .filter((face) => unicodeRanges(face.css).some(([from, to]) => codes.some((code) => code >= from && code <= to)))
    .map((face) => /url\(\.\/files\/([^)]+\.woff2)\)/.exec(face.css)?.[1] ?? '')
    .filter((file) => file !== '');
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
    // The attract screen's own font files are preloaded by the page: they are in memory when its
    // first layout runs, so that layout does not go through the system's fallback fonts first.
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const wanted = new Set(fontFilesFor(ATTRACT_TEXTS));
        const assets = Object.values(context.bundle ?? {}).filter((output) => output.type === 'asset' && output.names.some((name) => wanted.has(name)));
        return assets.map((asset) => ({ tag: 'link', injectTo: 'head' as const, attrs: { rel: 'preload', href: `./${asset.fileName}`, as: 'font', type: 'font/woff2', crossorigin: '' } }));
      },
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
