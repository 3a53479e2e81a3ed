/**
 * The sign-up form's university / faculty lists from a CSV file as stores keep them in Excel
 * (issue 14): UTF-8 with or without BOM, or Shift_JIS (cp932, Excel's "CSV (comma delimited)" on
 * Japanese Windows), detected from the bytes. Row 1 names the columns (大学, 学部, 学科 or
 * university, faculty, department; department optional). A department is joined to its faculty
 * ("工学部 情報工学科") because the form and the portal have one faculty field. Any broken row
 * refuses the whole file, each reported with its row number (as Excel shows it) and what to fix.
 * Decoding: iconv-lite; parsing: csv-parse. For the core (Node): iconv-lite works on Buffers.
 */
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { RegistrationCatalog } from '../api/registration';
import type { Checked, ConfigIssue } from '../config/issues';
import { issue } from '../config/issues';
import { CATALOG_MESSAGES } from './catalog-messages';
import { CATALOG_LIMITS, registrationCatalogSchema } from './catalog-schema';

export { CATALOG_LIMITS, registrationCatalogSchema };

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'shift_jis';

export interface CatalogImport {
  catalog: RegistrationCatalog;
  encoding: CsvEncoding;
  /** Data rows read (blank rows not counted). */
  rows: number;
  /** Rows that repeat an earlier university + faculty (+ department) and were merged. */
  duplicates: number;
}

const HEADERS: Record<'university' | 'faculty' | 'department', readonly string[]> = {
  university: ['university', '大学', '大学名'],
  faculty: ['faculty', '学部', '学部名', '研究科', '学部・研究科'],
  department: ['department', '学科', '学科名', '専攻', '学科・専攻'],
};

/** Reports at most this many broken rows (the first ones), then says how many more. */
const MAX_REPORTED_ROWS = 50;

/** Text of the file and its encoding, or null when it is neither UTF-8 nor Shift_JIS. */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = decodeUtf8(bytes.subarray(3));
    return text === null ? null : { text, encoding: 'utf-8-bom' };
  }
  const utf8 = decodeUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const sjis = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp932');
  return sjis.includes('\uFFFD') ? null : { text: sjis, encoding: 'shift_jis' };
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** C0 controls (line breaks inside a quoted Excel cell included: a list entry is one line) and DEL. */
function hasControlCharacter(cell: string): boolean {
  for (let i = 0; i < cell.length; i++) {
    const code = cell.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** NFC, trimmed of ASCII and full-width spaces. */
function clean(cell: string | undefined): string {
  return (cell ?? '').normalize('NFC').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

function columnOf(header: string): keyof typeof HEADERS | null {
  const text = clean(header).toLowerCase();
  for (const [column, names] of Object.entries(HEADERS) as Array<[keyof typeof HEADERS, readonly string[]]>) if (names.includes(text)) return column;
  return null;
}

function readRecords(text: string): Checked<string[][]> {
  try {
    const records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
    return { ok: true, value: records };
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error ? Number((error as { lines: unknown }).lines) : 0;
    const detail = error instanceof Error ? error.message.replace(/^Invalid Record Length: |^Quote Not Closed: /, '').slice(0, 120) : String(error);
    return { ok: false, issues: [issue(`row ${line}`, 'catalog.syntax', CATALOG_MESSAGES, { row: line, detail })] };
  }
}

/** Reads a catalog CSV: the catalog the sign-up form uses, or every broken row with what to fix. */
export function importCatalogCsv(bytes: Uint8Array): Checked<CatalogImport> {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded) return { ok: false, issues: [issue('', 'catalog.encoding', CATALOG_MESSAGES)] };
  const read = readRecords(decoded.text);
  if (!read.ok) return read;
  const records = read.value;
  const header = records[0];
  if (!header || header.every((cell) => clean(cell) === '')) return { ok: false, issues: [issue('', 'catalog.empty', CATALOG_MESSAGES)] };
  const columns = header.map(columnOf);
  const index = { university: columns.indexOf('university'), faculty: columns.indexOf('faculty'), department: columns.indexOf('department') };
  const width = header.length - [...header].reverse().findIndex((cell) => clean(cell) !== '');
  if (index.university < 0 || index.faculty < 0) {
    return { ok: false, issues: [issue('row 1', 'catalog.header', CATALOG_MESSAGES, { found: header.map(clean).join(', ') })] };
  }
  const issues: ConfigIssue[] = [];
  const universities = new Map<string, string[]>();
  let rows = 0;
  let duplicates = 0;
  records.slice(1).forEach((record, offset) => {
    const where = `row ${offset + 2}`;
    if (record.every((cell) => clean(cell) === '')) return;
    rows += 1;
    const filled = record.length - [...record].reverse().findIndex((cell) => clean(cell) !== '');
    if (filled > width) return issues.push(issue(where, 'catalog.extraCells', CATALOG_MESSAGES, { count: filled, columns: width }));
    if (record.some(hasControlCharacter)) return issues.push(issue(where, 'catalog.controlCharacters', CATALOG_MESSAGES));
    const university = clean(record[index.university]);
    const faculty = clean(record[index.faculty]);
    const department = index.department >= 0 ? clean(record[index.department]) : '';
    if (university === '') return issues.push(issue(where, 'catalog.universityMissing', CATALOG_MESSAGES));
    if (faculty === '') return issues.push(issue(where, 'catalog.facultyMissing', CATALOG_MESSAGES));
    const choice = department === '' ? faculty : `${faculty} ${department}`;
    const tooLong = [university, choice].find((value) => value.length > CATALOG_LIMITS.nameLength);
    if (tooLong) return issues.push(issue(where, 'catalog.tooLong', CATALOG_MESSAGES, { value: `${tooLong.slice(0, 20)}…` }));
    const faculties = universities.get(university) ?? [];
    if (faculties.includes(choice)) duplicates += 1;
    else faculties.push(choice);
    universities.set(university, faculties);
    return undefined;
  });
  if (issues.length > 0) {
    const reported = issues.slice(0, MAX_REPORTED_ROWS);
    if (issues.length > MAX_REPORTED_ROWS) reported.push(issue('', 'catalog.moreRows', CATALOG_MESSAGES, { count: issues.length - MAX_REPORTED_ROWS }));
    return { ok: false, issues: reported };
  }
  if (universities.size === 0) return { ok: false, issues: [issue('', 'catalog.empty', CATALOG_MESSAGES)] };
  if (universities.size > CATALOG_LIMITS.universities) {
    return { ok: false, issues: [issue('', 'catalog.tooManyUniversities', CATALOG_MESSAGES, { count: universities.size, max: CATALOG_LIMITS.universities })] };
  }
  for (const [university, faculties] of universities) {
    if (faculties.length > CATALOG_LIMITS.facultiesPerUniversity) {
      issues.push(issue('', 'catalog.tooManyFaculties', CATALOG_MESSAGES, { university, count: faculties.length, max: CATALOG_LIMITS.facultiesPerUniversity }));
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  const catalog: RegistrationCatalog = { universities: [...universities].map(([universityName, faculties]) => ({ name: universityName, faculties })) };
  return { ok: true, value: { catalog, encoding: decoded.encoding, rows, duplicates } };
}
