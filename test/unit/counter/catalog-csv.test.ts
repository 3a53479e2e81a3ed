import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CatalogSchema } from '../../../src/shared/api/registration';
import { formatIssues } from '../../../src/shared/config/issues';
import { decodeCsvBytes, importCatalogCsv, registrationCatalogSchema } from '../../../src/shared/registration/catalog-csv';

/** What Excel on Japanese Windows writes for "CSV (comma delimited)": Shift_JIS, CRLF. */
function shiftJis(text: string): Uint8Array {
  return new Uint8Array(iconv.encode(text.replace(/\n/g, '\r\n'), 'cp932'));
}
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const withBom = (text: string): Uint8Array => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);

const STORE_CSV = ['大学,学部,学科', '生協大学,工学部,情報工学科', '生協大学,工学部,機械工学科', '生協大学,文学部,', '生協大学大学院,法学研究科,', ''].join('\n');
const STORE_CATALOG = {
  universities: [
    { name: '生協大学', faculties: ['工学部 情報工学科', '工学部 機械工学科', '文学部'] },
    { name: '生協大学大学院', faculties: ['法学研究科'] },
  ],
};

describe('catalog CSV import', () => {
  it('reads a Shift_JIS file as Excel writes it into the sign-up form’s catalog', () => {
    const bytes = shiftJis(STORE_CSV);
    // The fixture really is Shift_JIS: not valid UTF-8, and 学 is 0x8A 0x77 in cp932.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(Buffer.from(bytes).includes(Buffer.from([0x8a, 0x77]))).toBe(true);
    const result = importCatalogCsv(bytes);
    expect(result).toEqual({ ok: true, value: { catalog: STORE_CATALOG, encoding: 'shift_jis', rows: 4, duplicates: 0 } });
    if (!result.ok) return;
    expect(CatalogSchema.parse(result.value.catalog)).toEqual(STORE_CATALOG);
    expect(registrationCatalogSchema.safeParse(result.value.catalog).success).toBe(true);
  });

  it('reads UTF-8 with and without BOM, English headers, quotes, spaces and repeated rows', () => {
    expect(importCatalogCsv(withBom(STORE_CSV))).toMatchObject({ ok: true, value: { catalog: STORE_CATALOG, encoding: 'utf-8-bom' } });
    const text = ['University,Faculty', '"Co-op University, Tokyo",Engineering', '  Co-op University, Tokyo ,Law', '"Co-op University, Tokyo",Engineering', ',,', '\u3000生協大学\u3000,理学部'].join('\r\n');
    const result = importCatalogCsv(utf8(text));
    expect(result).toEqual({
      ok: false,
      issues: [expect.objectContaining({ path: 'row 3', key: 'catalog.extraCells' })],
    });
    const fixed = importCatalogCsv(utf8(text.replace('  Co-op University, Tokyo ,Law', '"  Co-op University, Tokyo ",Law')));
    expect(fixed).toEqual({
      ok: true,
      value: {
        catalog: { universities: [{ name: 'Co-op University, Tokyo', faculties: ['Engineering', 'Law'] }, { name: '生協大学', faculties: ['理学部'] }] },
        encoding: 'utf-8',
        rows: 4,
        duplicates: 1,
      },
    });
  });

  it('refuses the whole file when a row is broken, naming each row and what to fix in both languages', () => {
    const text = ['大学,学部,学科', '生協大学,工学部,情報工学科', '生協大学,,情報工学科', ',文学部,', `生協大学,${'長'.repeat(101)},`, '生協大学,工学部,電気,余分'].join('\n');
    const result = importCatalogCsv(shiftJis(text));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((item) => [item.path, item.key])).toEqual([
      ['row 3', 'catalog.facultyMissing'],
      ['row 4', 'catalog.universityMissing'],
      ['row 5', 'catalog.tooLong'],
      ['row 6', 'catalog.extraCells'],
    ]);
    expect(formatIssues(result.issues, 'ja').split('\n')[0]).toBe('row 3: 学部が空欄です。入力するか、行を削除してください。');
    expect(formatIssues(result.issues, 'en').split('\n')[3]).toBe(
      'row 6: The row has 4 cells but the header names 3: remove the extra cells or quote a cell that contains a comma.',
    );
  });

  it('explains a missing header row, an unclosed quote, an empty file and an unknown encoding', () => {
    const noHeader = importCatalogCsv(shiftJis('生協大学,工学部\n'));
    expect(!noHeader.ok && noHeader.issues[0]).toMatchObject({ path: 'row 1', key: 'catalog.header' });
    expect(!noHeader.ok && noHeader.issues[0]?.message.en).toContain('Found: 生協大学, 工学部.');
    const quote = importCatalogCsv(utf8('大学,学部\n"生協大学,工学部\n'));
    expect(!quote.ok && quote.issues[0]?.key).toBe('catalog.syntax');
    expect(importCatalogCsv(utf8(''))).toMatchObject({ ok: false, issues: [{ key: 'catalog.empty' }] });
    expect(importCatalogCsv(utf8('大学,学部\n,,\n'))).toMatchObject({ ok: false, issues: [{ key: 'catalog.empty' }] });
    // 0x85 0x40 is unassigned in cp932 and not UTF-8 either.
    expect(importCatalogCsv(new Uint8Array([0x85, 0x40, 0x2c, 0x85, 0x41]))).toMatchObject({ ok: false, issues: [{ key: 'catalog.encoding' }] });
    expect(decodeCsvBytes(utf8('a,b'))).toEqual({ text: 'a,b', encoding: 'utf-8' });
  });

  it('refuses a row with control characters or a line break inside a cell', () => {
    const result = importCatalogCsv(utf8('大学,学部\n生協大学,工学\u0007部\n'));
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'row 2', key: 'catalog.controlCharacters' }] });
    expect(importCatalogCsv(utf8('大学,学部\n生協大学,"工学部\n(夜間)"\n'))).toMatchObject({ ok: false, issues: [{ path: 'row 2', key: 'catalog.controlCharacters' }] });
  });

  it('refuses more universities than the form can list', () => {
    const rows = Array.from({ length: 51 }, (_, i) => `大学${i},学部`);
    expect(importCatalogCsv(utf8(['大学,学部', ...rows].join('\n')))).toMatchObject({ ok: false, issues: [{ key: 'catalog.tooManyUniversities' }] });
  });

  it('any catalog written as Shift_JIS CSV reads back the same', () => {
    const jaName = fc.string({ unit: fc.constantFrom(...'生協大学院工理文法経済農医教育部科研究情報機械電気学ー・アイウエオかきくけこ'), minLength: 1, maxLength: 12 });
    const catalog = fc.uniqueArray(fc.record({ name: jaName, faculties: fc.uniqueArray(jaName, { minLength: 1, maxLength: 6 }) }), {
      minLength: 1,
      maxLength: 5,
      selector: (university) => university.name,
    });
    fc.assert(
      fc.property(catalog, (universities) => {
        const lines = ['大学,学部', ...universities.flatMap((u) => u.faculties.map((f) => `${u.name},${f}`))];
        const result = importCatalogCsv(shiftJis(lines.join('\n')));
        if (!result.ok) throw new Error(formatIssues(result.issues, 'en'));
        expect(result.value.catalog).toEqual({ universities });
      }),
      { numRuns: 100 },
    );
  });
});
