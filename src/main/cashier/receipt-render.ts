/**
 * The receipt layout (src/shared/receipt) rendered by receiptline: ESC/POS bytes in cp932 for the
 * printer, SVG for the on-screen preview. Node side: receiptline encodes cp932 with iconv-lite.
 */
import { transform } from 'receiptline';

export interface ReceiptPaper {
  /** Characters per line: 48 on 80 mm paper (576 dots), 42 for 80 mm Font B models, 32 on 58 mm. */
  cpl: number;
  /** Cut the paper at the end (printers without a cutter: false). */
  cutting: boolean;
}

export const PAPER_80MM: ReceiptPaper = { cpl: 48, cutting: true };

/** The printer's bytes (ESC/POS, Japanese kanji in Shift_JIS / cp932). */
export function receiptEscPos(document: string, paper: ReceiptPaper = PAPER_80MM): Uint8Array {
  const commands = transform(document, { command: 'escpos', encoding: 'cp932', cpl: paper.cpl, cutting: paper.cutting, spacing: true });
  return Uint8Array.from(Buffer.from(commands, 'latin1'));
}

/**
 * The same receipt as SVG. receiptline's web-font @import is removed: the kiosk is offline and its
 * content policy loads nothing remote; the local Japanese fonts named after it serve.
 */
export function receiptSvg(document: string, paper: ReceiptPaper = PAPER_80MM): string {
  const svg = transform(document, { command: 'svg', encoding: 'cp932', cpl: paper.cpl, cutting: paper.cutting, spacing: true });
  return svg.replace(/<style type="text\/css"><!\[CDATA\[@import url\([^)]*\);\]\]><\/style>/, '');
}
