/**
 * The one receipt layout, written once as a ReceiptLine document (https://receiptline.github.io):
 * the same text becomes ESC/POS bytes in cp932 for the printer and SVG for the on-screen preview
 * (src/main/cashier/receipt-render.ts). Pure (no Node, no DOM): the renderer can build it too.
 * Labels are Japanese: a receipt handed over in Japan is read in Japanese.
 */
import { DEFAULT_STORE_TIME_ZONE, zonedParts } from '../time/zoned';
import { receiptBarcodeData } from './barcode';

export interface ReceiptStoreHeader {
  name: string;
  /** One line: address, phone, or both. */
  addressLine: string;
}

export type ReceiptKind = 'topup' | 'payment' | 'void';

export interface ReceiptInput {
  store: ReceiptStoreHeader;
  kind: ReceiptKind;
  /** For a void: the kind of the transaction it cancels. */
  voidedKind?: 'topup' | 'payment';
  /** Yen, positive. */
  amount: number;
  cashReceived: number | null;
  change: number | null;
  /** The wallet balance after this transaction; null when not known (offline). */
  balanceAfter: number | null;
  memberNo: string;
  /** Printed only when given (the store's setting decides). */
  memberName?: string;
  cashier: string;
  /** Epoch ms of the transaction. */
  at: number;
  /** The store's IANA time zone (default Asia/Tokyo). */
  timeZone?: string;
  clientRequestId: string;
  /** A reprint of an earlier receipt. */
  reprint?: boolean;
}

const TITLES: Record<ReceiptKind, string> = { topup: 'チャージ（入金）', payment: 'お支払い', void: '取消' };
const KIND_NAMES = { topup: 'チャージ', payment: 'お支払い' } as const;
const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];

/** Special characters of ReceiptLine text, escaped so store data never turns into markup. */
export function escapeReceiptText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are dropped, never printed
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/[\\|{}\-=~_"`^]/g, (c) => `\\${c}`)
  );
}

/** `￥1,234` (full-width yen: cp932 has no half-width ¥, 0x5C reads as a backslash off the printer). */
export function formatYen(amount: number): string {
  return `${amount < 0 ? '-' : ''}￥${Math.abs(amount).toLocaleString('en-US')}`;
}

/** `2026年12月01日(火) 08:30` in the store's time zone. */
export function formatReceiptTime(at: number, timeZone: string = DEFAULT_STORE_TIME_ZONE): string {
  const p = zonedParts(at, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}年${pad(p.month)}月${pad(p.day)}日(${WEEKDAYS_JA[p.weekday] ?? '?'}) ${pad(p.hour)}:${pad(p.minute)}`;
}

function row(label: string, value: string): string {
  return `${label} | ${escapeReceiptText(value)}`;
}

/** The receipt as a ReceiptLine document. */
export function receiptDocument(input: ReceiptInput): string {
  const timeZone = input.timeZone ?? DEFAULT_STORE_TIME_ZONE;
  const lines: string[] = [];
  lines.push(`^^^${escapeReceiptText(input.store.name)}`);
  if (input.store.addressLine.trim() !== '') lines.push(escapeReceiptText(input.store.addressLine));
  lines.push('');
  if (input.kind === 'void') lines.push('"【会計控え】"');
  if (input.reprint) lines.push('"【再発行】"');
  const title = input.kind === 'void' && input.voidedKind ? `${TITLES.void}（${KIND_NAMES[input.voidedKind]}）` : TITLES[input.kind];
  lines.push(`^^${title}`);
  lines.push('---');
  lines.push('{width: 10 *}');
  lines.push(row('日時', formatReceiptTime(input.at, timeZone)));
  lines.push(row('会員番号', input.memberNo));
  if (input.memberName && input.memberName.trim() !== '') lines.push(row('お名前', `${input.memberName} 様`));
  lines.push(row('担当', input.cashier));
  lines.push('---');
  lines.push('{width: * 20}');
  lines.push(`^^${input.kind === 'void' ? '取消金額' : input.kind === 'topup' ? 'チャージ金額' : 'お支払金額'} | ^^${escapeReceiptText(formatYen(input.amount))}`);
  if (input.cashReceived !== null) lines.push(`お預り | ${escapeReceiptText(formatYen(input.cashReceived))}`);
  if (input.change !== null) lines.push(`お釣り | ${escapeReceiptText(formatYen(input.change))}`);
  lines.push('---');
  lines.push(input.balanceAfter === null ? '残高 | 確定後に反映' : `"残高" | "${escapeReceiptText(formatYen(input.balanceAfter))}"`);
  lines.push('{width: auto}');
  lines.push('');
  lines.push(`{code: ${receiptBarcodeData(input.clientRequestId)}; option: code128 2 64 nohri}`);
  lines.push(`取引ID ${escapeReceiptText(input.clientRequestId)}`);
  lines.push('');
  lines.push('ご利用ありがとうございました');
  return `${lines.join('\n')}\n`;
}
