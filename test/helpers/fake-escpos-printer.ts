/**
 * The far end of a receipt printer's cable, for tests: it answers DLE EOT real-time status
 * queries from a settable condition (the ESC/POS reply bytes, built by encodeStatus) and keeps
 * every other byte it receives, with decoders for what the tests look for: the cp932 text, the
 * GS k barcodes, the cuts and the drawer kicks.
 */
import iconv from 'iconv-lite';
import { encodeStatus } from '../../drivers/printer/escpos';
import type { PrinterCondition } from '../../drivers/printer/escpos';

export class FakeEscPosPrinter {
  condition: PrinterCondition = { kind: 'ready', paperNearEnd: false };
  /** Everything received except status queries. */
  private chunks: Buffer[] = [];
  statusQueries = 0;
  private pending: number[] = [];

  constructor(private readonly reply: (bytes: Buffer) => void) {}

  /** Feeds bytes as they arrive on the wire. */
  feed(data: Uint8Array): void {
    const bytes = [...this.pending, ...data];
    this.pending = [];
    const kept: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x10 && (i + 1 >= bytes.length || bytes[i + 1] === 0x04)) {
        if (i + 2 >= bytes.length) {
          this.pending = bytes.slice(i);
          break;
        }
        const n = bytes[i + 2] ?? 0;
        this.statusQueries++;
        const status = encodeStatus(this.condition);
        if (status) {
          const byte = n === 1 ? status.printer : n === 2 ? status.offlineCause : n === 3 ? status.errorCause : status.paperSensor;
          this.reply(Buffer.of(byte));
        }
        i += 2;
        continue;
      }
      kept.push(bytes[i] ?? 0);
    }
    if (kept.length > 0) this.chunks.push(Buffer.from(kept));
  }

  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  clear(): void {
    this.chunks = [];
  }

  /** The received bytes decoded as cp932 (control bytes and all). */
  text(): string {
    return iconv.decode(this.received, 'cp932');
  }

  /**
   * The received bytes without the data of GS k barcodes (digit pairs in code set C are any byte
   * 0–99, so a command searched for in them could be found where there is none).
   */
  commands(): Buffer {
    const data = this.received;
    const parts: Buffer[] = [];
    let from = 0;
    for (const at of offsets(data, Buffer.of(0x1d, 0x6b, 73))) {
      if (at < from) continue;
      parts.push(data.subarray(from, at + 4));
      from = at + 4 + (data[at + 3] ?? 0);
    }
    parts.push(data.subarray(from));
    return Buffer.concat(parts);
  }

  /** Number of paper cuts (GS V). */
  cuts(): number {
    return count(this.commands(), Buffer.of(0x1d, 0x56));
  }

  /** Offsets of drawer kicks (ESC p m t1 t2) in commands(). */
  drawerKicks(): number[] {
    return offsets(this.commands(), Buffer.of(0x1b, 0x70));
  }

  /** Offset of the last cut in commands(). */
  lastCutAt(): number {
    return offsets(this.commands(), Buffer.of(0x1d, 0x56)).at(-1) ?? -1;
  }

  /** Every Code 128 barcode (GS k 73 n d…), decoded from its code-set form ({B text, {C digit pairs). */
  code128(): string[] {
    const data = this.received;
    const out: string[] = [];
    for (const at of offsets(data, Buffer.of(0x1d, 0x6b, 73))) {
      const length = data[at + 3] ?? 0;
      out.push(decodeCode128(data.subarray(at + 4, at + 4 + length)));
    }
    return out;
  }
}

/** GS k m=73 data: `{A`/`{B`/`{C` pick the code set, `{{` is a brace; in set C each byte is two digits. */
export function decodeCode128(data: Uint8Array): string {
  let set: 'A' | 'B' | 'C' = 'B';
  let text = '';
  for (let i = 0; i < data.length; i++) {
    const byte = data[i] ?? 0;
    if (byte === 0x7b) {
      const next = data[++i] ?? 0;
      if (next === 0x41 || next === 0x42 || next === 0x43) set = String.fromCharCode(next) as 'A' | 'B' | 'C';
      else if (next === 0x7b) text += '{';
      continue;
    }
    text += set === 'C' ? String(byte).padStart(2, '0') : String.fromCharCode(byte);
  }
  return text;
}

function offsets(haystack: Buffer, needle: Buffer): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) found.push(at);
  return found;
}

function count(haystack: Buffer, needle: Buffer): number {
  return offsets(haystack, needle).length;
}
