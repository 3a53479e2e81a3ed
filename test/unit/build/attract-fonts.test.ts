/**
 * The first CSS declares only some of the UI font's slices (scripts/vite-font-faces.ts); the
 * rest are declared after the first paint. Every character the attract screen and the top bar
 * show, in both languages, must be in a first slice, or that text would first be drawn in the
 * system's font and then jump.
 */
import { describe, expect, it } from 'vitest';
import { ATTRACT_TEXTS, fontFaces, fontFilesFor, isFirstSlice } from '../../../scripts/vite-font-faces';
import { ja } from '../../../src/renderer/src/i18n/ja';

function ranges(css: string): Array<[number, number]> {
  const list = /unicode-range:\s*([^;]+);/.exec(css)?.[1] ?? '';
  return list.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(from as string, 16), parseInt((to ?? from) as string, 16)];
  });
}

describe('the font slices of the first CSS', () => {
  const faces = fontFaces();
  const first = faces.filter((face) => isFirstSlice(face.slice));

  it('splits the faces of both weights into a small first part and the rest', () => {
    expect(faces.length).toBeGreaterThan(200);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(faces.length / 4);
  });

  it('covers every character of the attract screen and the top bar in Japanese and English', () => {
    const covered = first.flatMap((face) => ranges(face.css));
    expect(ATTRACT_TEXTS).toContain(ja.attract.start);
    const missing = [...new Set(ATTRACT_TEXTS.join(''))].filter((char) => {
      const code = char.codePointAt(0) as number;
      return code > 0x20 && !covered.some(([from, to]) => code >= from && code <= to);
    });
    expect(missing).toEqual([]);
  });

  it('preloads exactly the files that draw the attract screen, all of them first slices', () => {
    const files = fontFilesFor(ATTRACT_TEXTS);
    expect(files).toContain('biz-udpgothic-latin-400-normal.woff2');
    expect(files.some((file) => file.includes('-700-'))).toBe(true);
    const firstFiles = new Set(fontFaces().filter((face) => isFirstSlice(face.slice)).map((face) => /files\/([^)]+\.woff2)/.exec(face.css)?.[1]));
    expect(files.filter((file) => !firstFiles.has(file))).toEqual([]);
    // A character no screen text uses needs no file.
    expect(fontFilesFor(['\u{2A6B2}'])).not.toEqual(expect.arrayContaining(files));
  });
});
