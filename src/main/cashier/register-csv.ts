/**
 * The register's day as CSV for Japanese stores (pure: the core selects the rows, this formats
 * them). Every timestamp and the business day are the store's local time (its time-zone setting,
 * default Asia/Tokyo), never UTC; headers and the words in cells follow the staff member's
 * language; the file is UTF-8 with a BOM (Excel then reads it as UTF-8) or Shift_JIS (cp932, for
 * the Excel setups that still want it), encoded with iconv-lite. RFC 4180, CRLF line ends.
 */
import iconv from 'iconv-lite';
import { DEFAULT_STORE_TIME_ZONE, zonedDay, zonedIso } from '../../shared/time/zoned';

export type CsvLanguage = 'ja' | 'en';
export type CsvEncoding = 'utf8-bom' | 'shift_jis';

/** One register transaction as the ledger holds it. */
export interface RegisterCsvRow {
  seq: number;
  /** Epoch ms. */
  createdAt: number;
  clientRequestId: string;
  kind: 'topup' | 'payment' | 'void';
  /** How the member was identified. */
  source: 'card' | 'appToken' | 'manual';
  memberNo: string;
  amount: number;
  cashReceived: number | null;
  change: number | null;
  cashier: string;
  supervisor: string | null;
  state: string;
  offline: boolean;
  declinedAtCounter: boolean;
  declineCode: string | null;
  /** For a void: the client request id it cancels. */
  voids: string | null;
  balanceAfter: number | null;
  /** A flag's settlement (collected in cash, written off, paid later); null when not a settled flag. */
  flagOutcome: 'cash' | 'written_off' | 'paid_later' | null;
}

export interface RegisterCsvOptions {
  language: CsvLanguage;
  encoding: CsvEncoding;
  timeZone?: string;
}

const COLUMNS = [
  ['seq', '連番'],
  ['business_day', '営業日'],
  ['created_at', '日時'],
  ['client_request_id', '取引ID'],
  ['kind', '種別'],
  ['identified_by', '会員確認'],
  ['member_no', '会員番号'],
  ['amount', '金額'],
  ['cash_received', 'お預り'],
  ['change', 'お釣り'],
  ['cashier', '担当者'],
  ['supervisor', '承認者'],
  ['state', '状態'],
  ['offline', 'オフライン'],
  ['declined_at_counter', '窓口で拒否'],
  ['decline_code', '拒否コード'],
  ['voids', '取消対象の取引ID'],
  ['balance_after', '取引後残高'],
  ['flag_outcome', '要対応の処理'],
] as const;

const WORDS_JA: Record<string, string> = {
  topup: 'チャージ',
  payment: '支払',
  void: '取消',
  card: 'カード',
  appToken: 'アプリ',
  manual: '番号入力',
  queued: '送信待ち',
  synced: '確定',
  pending: '送信待ち',
  declined: '拒否',
  cash: '現金で回収',
  written_off: '損金処理',
  paid_later: '後日支払',
};

/** A CSV cell: quoted when needed; a leading = + - @ is defused so spreadsheets never run it. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text (before encoding). */
export function registerCsvText(rows: readonly RegisterCsvRow[], options: Omit<RegisterCsvOptions, 'encoding'>): string {
  const timeZone = options.timeZone ?? DEFAULT_STORE_TIME_ZONE;
  const ja = options.language === 'ja';
  const word = (code: string) => (ja ? (WORDS_JA[code] ?? code) : code);
  const flag = (value: boolean) => (value ? 1 : 0);
  const lines = [COLUMNS.map(([en, jaHeader]) => csvCell(ja ? jaHeader : en)).join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.seq,
        zonedDay(r.createdAt, timeZone),
        zonedIso(r.createdAt, timeZone),
        r.clientRequestId,
        word(r.kind),
        word(r.source),
        r.memberNo,
        r.amount,
        r.cashReceived,
        r.change,
        r.cashier,
        r.supervisor,
        word(r.state),
        flag(r.offline),
        flag(r.declinedAtCounter),
        r.declineCode,
        r.voids,
        r.balanceAfter,
        r.flagOutcome === null ? null : word(r.flagOutcome),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The file's bytes. Shift_JIS is Microsoft's cp932 (what Excel reads as "Shift_JIS"); a character
 * it lacks (an emoji in a name) becomes `?`, which `unencodable` counts.
 */
export function encodeCsv(text: string, encoding: CsvEncoding): { bytes: Uint8Array; unencodable: number } {
  if (encoding === 'utf8-bom') return { bytes: Uint8Array.from(Buffer.from(`\ufeff${text}`, 'utf8')), unencodable: 0 };
  const bytes = iconv.encode(text, 'cp932');
  let unencodable = 0;
  const known = new Map<string, boolean>();
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) continue;
    let lost = known.get(char);
    if (lost === undefined) known.set(char, (lost = iconv.decode(iconv.encode(char, 'cp932'), 'cp932') !== char));
    if (lost) unencodable++;
  }
  return { bytes: Uint8Array.from(bytes), unencodable };
}

/** The day's CSV file: bytes, row count, and the MIME type with its charset. */
export function registerCsv(rows: readonly RegisterCsvRow[], options: RegisterCsvOptions): { bytes: Uint8Array; rows: number; unencodable: number; mimeType: string } {
  const { bytes, unencodable } = encodeCsv(registerCsvText(rows, options), options.encoding);
  return { bytes, rows: rows.length, unencodable, mimeType: `text/csv; charset=${options.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8'}` };
}

/** The store's business day of `at` (what the ledger's `business_day` should hold). */
export function storeBusinessDay(at: number, timeZone: string = DEFAULT_STORE_TIME_ZONE): string {
  return zonedDay(at, timeZone);
}
