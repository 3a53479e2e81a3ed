/** What the catalog import says about a CSV file (Japanese and English). */
import type { MessageCatalog } from '../config/issues';

export const CATALOG_MESSAGES = {
  'catalog.encoding': {
    en: 'The file is neither UTF-8 nor Shift_JIS text. In Excel, save it as “CSV UTF-8” or “CSV (comma delimited)”.',
    ja: 'ファイルが UTF-8 でも Shift_JIS でもありません。Excel で「CSV UTF-8」または「CSV（コンマ区切り）」として保存してください。',
  },
  'catalog.empty': { en: 'The file has no rows. Put the column names in row 1 and one faculty per row below.', ja: 'ファイルに行がありません。1 行目に列名、2 行目から 1 行に 1 学部を書いてください。' },
  'catalog.header': {
    en: 'Row 1 must name the columns: university, faculty and (optionally) department — or 大学, 学部, 学科. Found: {found}.',
    ja: '1 行目には列名（大学・学部・学科。学科は省略可）を書いてください。読み取った内容: {found}',
  },
  'catalog.syntax': { en: 'The CSV cannot be read near row {row} ({detail}). Check for a quote (") that is not closed.', ja: '{row} 行目付近が CSV として読めません（{detail}）。閉じていない引用符（"）がないか確認してください。' },
  'catalog.universityMissing': { en: 'The university is empty: fill it in or delete the row.', ja: '大学が空欄です。入力するか、行を削除してください。' },
  'catalog.facultyMissing': { en: 'The faculty is empty: fill it in or delete the row.', ja: '学部が空欄です。入力するか、行を削除してください。' },
  'catalog.tooLong': { en: '“{value}” is longer than 100 characters: shorten it.', ja: '「{value}」が 100 文字を超えています。短くしてください。' },
  'catalog.extraCells': { en: 'The row has {count} cells but the header names {columns}: remove the extra cells or quote a cell that contains a comma.', ja: 'この行には {count} 個のセルがありますが、列名は {columns} 個です。余分なセルを消すか、コンマを含むセルを引用符（"）で囲んでください。' },
  'catalog.controlCharacters': {
    en: 'A cell holds a line break or a control character: retype it on one line.',
    ja: 'セルに改行か制御文字が含まれています。1 行で入力し直してください。',
  },
  'catalog.tooManyUniversities': { en: 'The catalog has {count} universities; at most {max} fit the sign-up form. Split the file or remove some.', ja: '大学が {count} 件あります。申込画面に出せるのは {max} 件までです。減らしてください。' },
  'catalog.tooManyFaculties': { en: '{university} has {count} faculties; at most {max} fit the list. Remove some.', ja: '{university} の学部が {count} 件あります。一覧に出せるのは {max} 件までです。減らしてください。' },
  'catalog.moreRows': { en: '{count} more rows have problems; fix the ones above and import again to see them.', ja: 'ほかに {count} 行に問題があります。上の行を直してから、もう一度取り込んでください。' },
} as const satisfies MessageCatalog;
