/**
 * Turns a serial byte stream into scan frames. Pure and synchronous so exact chunkings can be tested.
 *
 * Terminators (line modes are tolerant, because scanners are often configured by someone else):
 * - `CR`: CR ends a scan; an LF right after it (even in the next read) is swallowed; other LFs are data.
 * - `LF`: LF ends a scan; a CR right before it is dropped; other CRs are data.
 * - `CRLF`: CR ends a scan and the LF after it is swallowed; a lone LF also ends a scan.
 * - `idle`: a scan ends when no byte arrived for `idleMs` (the driver calls `flushIdle`).
 * Empty lines never make a scan. The buffer is a fixed `maxLength` bytes: a longer line keeps its
 * first `maxLength` bytes, counts the rest and comes out once, marked truncated.
 */
export type SerialTerminator = 'CR' | 'LF' | 'CRLF' | 'idle';

export interface FramerOptions {
  terminator: SerialTerminator;
  maxLength: number;
}

export interface SerialFrame {
  /** The line's bytes (at most maxLength), terminator excluded. */
  bytes: Uint8Array;
  /** Length of the whole line as received, discarded bytes included. */
  totalLength: number;
  truncated: boolean;
  firstByteAt: number;
  /** When the chunk with the terminator arrived (for idle: when the last byte arrived). */
  terminatorAt: number;
}

const CR = 0x0d;
const LF = 0x0a;

export class LineFramer {
  private readonly buffer: Uint8Array;
  private length = 0;
  private totalLength = 0;
  private firstByteAt = 0;
  private lastByteAt = 0;
  /** The previous byte was a CR that ended a line: a following LF belongs to it. */
  private afterCrTerminator = false;
  /** LF mode: a CR is held back until we know whether an LF follows. */
  private pendingCr = false;

  constructor(private readonly options: FramerOptions) {
    this.buffer = new Uint8Array(options.maxLength);
  }

  /** Bytes currently held for the unfinished line (never above maxLength). */
  get bufferedBytes(): number {
    return this.length;
  }

  /** True while a line has started and is not finished (used to arm the idle timer). */
  get hasPartialLine(): boolean {
    return this.totalLength > 0 || this.pendingCr;
  }

  push(chunk: Uint8Array, at: number): SerialFrame[] {
    const frames: SerialFrame[] = [];
    const mode = this.options.terminator;
    for (const byte of chunk) {
      if (mode === 'idle') {
        this.append(byte, at);
        continue;
      }
      if (this.afterCrTerminator) {
        this.afterCrTerminator = false;
        if (byte === LF) continue;
      }
      if (mode === 'LF') {
        if (this.pendingCr) {
          this.pendingCr = false;
          if (byte !== LF) this.append(CR, at);
        }
        if (byte === CR) {
          this.pendingCr = true;
          continue;
        }
        if (byte === LF) {
          this.finish(at, frames);
          continue;
        }
        this.append(byte, at);
        continue;
      }
      // CR and CRLF
      if (byte === CR) {
        this.finish(at, frames);
        this.afterCrTerminator = true;
        continue;
      }
      if (byte === LF && mode === 'CRLF') {
        this.finish(at, frames);
        continue;
      }
      this.append(byte, at);
    }
    return frames;
  }

  /** Idle terminator: ends the current line (if any) because the line went quiet. */
  flushIdle(): SerialFrame | null {
    const frames: SerialFrame[] = [];
    this.finish(this.lastByteAt, frames, true);
    return frames[0] ?? null;
  }

  /** Discards a partial line (the port closed mid-scan). */
  reset(): void {
    this.length = 0;
    this.totalLength = 0;
    this.afterCrTerminator = false;
    this.pendingCr = false;
  }

  private append(byte: number, at: number): void {
    if (this.totalLength === 0) this.firstByteAt = at;
    this.lastByteAt = at;
    if (this.length < this.buffer.length) this.buffer[this.length++] = byte;
    this.totalLength++;
  }

  private finish(at: number, frames: SerialFrame[], idle = false): void {
    let length = this.length;
    let totalLength = this.totalLength;
    if (idle) {
      // Idle-terminated scanners may still send a trailing CR/LF: it is not data.
      while (length > 0 && totalLength === length && (this.buffer[length - 1] === CR || this.buffer[length - 1] === LF)) {
        length--;
        totalLength--;
      }
    }
    if (totalLength > 0) {
      frames.push({
        bytes: this.buffer.slice(0, length),
        totalLength,
        truncated: totalLength > length,
        firstByteAt: this.firstByteAt,
        terminatorAt: at,
      });
    }
    this.length = 0;
    this.totalLength = 0;
    this.pendingCr = false;
  }
}
