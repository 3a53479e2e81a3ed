/**
 * The ESC/POS commands the printer driver sends itself (the receipt's own bytes come from the
 * layout renderer): real-time status (DLE EOT n), drawer kick (ESC p, and the real-time
 * DLE DC4 1 that works while the printer is offline) — and parsing of the status bytes.
 * Bit meanings: Epson "ESC/POS Command Reference", DLE EOT (transmit real-time status).
 */

const DLE = 0x10;
const EOT = 0x04;
const ESC = 0x1b;
const DC4 = 0x14;

/** DLE EOT n: 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor. */
export type StatusQuery = 1 | 2 | 3 | 4;

export function statusQuery(n: StatusQuery): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

/**
 * Every DLE EOT reply has bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0; anything else on the line
 * (an automatic status block, noise) is not a reply and is skipped.
 */
export function isStatusReply(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

/** Which pin the drawer hangs on: connector pin 2 (the usual) or pin 5 (a second drawer). */
export type DrawerPin = 2 | 5;

/** ESC p m t1 t2: pulse on `pin` for t1 × 2 ms, off t2 × 2 ms (50 ms / 500 ms, the drawers' norm). */
export function drawerKick(pin: DrawerPin = 2, onMs = 50, offMs = 500): Uint8Array {
  const t1 = clampByte(Math.round(onMs / 2));
  const t2 = clampByte(Math.max(t1, Math.round(offMs / 2)));
  return Uint8Array.of(ESC, 0x70, pin === 2 ? 0 : 1, t1, t2);
}

/**
 * DLE DC4 1 m t: the real-time pulse, executed even while the printer is offline (paper out, cover
 * open), so the drawer opens for the change while the receipt waits. t × 100 ms, 1..8.
 */
export function realtimeDrawerKick(pin: DrawerPin = 2, pulseMs = 100): Uint8Array {
  const t = Math.min(8, Math.max(1, Math.round(pulseMs / 100)));
  return Uint8Array.of(DLE, DC4, 1, pin === 2 ? 0 : 1, t);
}

function clampByte(value: number): number {
  return Math.min(255, Math.max(1, value));
}

/** What the four status bytes say, decoded. Each field is undefined when its query got no reply. */
export interface StatusBytes {
  printer?: number;
  offlineCause?: number;
  errorCause?: number;
  paperSensor?: number;
}

/**
 * The printer's condition as the register needs it. Only `ready` prints; the rest hold the job.
 * `no-reply` is a printer that does not answer DLE EOT (switched off behind a live cable or
 * adapter, or a link without a return path: use `status=none` for those).
 */
export type PrinterCondition =
  | { kind: 'ready'; paperNearEnd: boolean }
  | { kind: 'paper-out'; coverOpen: boolean }
  | { kind: 'cover-open'; paperNearEnd: boolean }
  | { kind: 'offline'; cause: 'error' | 'feed-button' | 'waiting-recovery' | 'unknown'; paperNearEnd: boolean }
  | { kind: 'no-reply' };

export function isPrintable(condition: PrinterCondition): boolean {
  return condition.kind === 'ready';
}

/** Decodes the replies to DLE EOT 1, 2 and 4 (3 only refines `error`). */
export function decodeStatus(bytes: StatusBytes): PrinterCondition {
  const { printer, offlineCause = 0, paperSensor = 0 } = bytes;
  if (printer === undefined) return { kind: 'no-reply' };
  const paperOut = (paperSensor & 0x60) !== 0 || (offlineCause & 0x20) !== 0;
  const paperNearEnd = (paperSensor & 0x0c) !== 0;
  const coverOpen = (offlineCause & 0x04) !== 0;
  if (paperOut) return { kind: 'paper-out', coverOpen };
  if (coverOpen) return { kind: 'cover-open', paperNearEnd };
  const offline = (printer & 0x08) !== 0;
  if (offline || (offlineCause & 0x48) !== 0) {
    const cause = (offlineCause & 0x40) !== 0 ? 'error' : (offlineCause & 0x08) !== 0 ? 'feed-button' : (printer & 0x20) !== 0 ? 'waiting-recovery' : 'unknown';
    return { kind: 'offline', cause, paperNearEnd };
  }
  return { kind: 'ready', paperNearEnd };
}

/**
 * The bytes a printer in `condition` answers to DLE EOT 1, 2, 3, 4 (for simulators and tests;
 * the inverse of decodeStatus).
 */
export function encodeStatus(condition: PrinterCondition): Required<StatusBytes> | undefined {
  const base = 0x12;
  const nearEnd = 'paperNearEnd' in condition && condition.paperNearEnd ? 0x0c : 0;
  switch (condition.kind) {
    case 'no-reply':
      return undefined;
    case 'ready':
      return { printer: base, offlineCause: base, errorCause: base, paperSensor: base | nearEnd };
    case 'paper-out':
      return { printer: base | 0x08, offlineCause: base | 0x20 | (condition.coverOpen ? 0x04 : 0), errorCause: base, paperSensor: base | 0x0c | 0x60 };
    case 'cover-open':
      return { printer: base | 0x08, offlineCause: base | 0x04, errorCause: base, paperSensor: base | nearEnd };
    case 'offline': {
      const cause = condition.cause === 'error' ? 0x40 : condition.cause === 'feed-button' ? 0x08 : 0;
      return { printer: base | 0x08 | (condition.cause === 'waiting-recovery' ? 0x20 : 0), offlineCause: base | cause, errorCause: base | (condition.cause === 'error' ? 0x40 : 0), paperSensor: base | nearEnd };
    }
  }
}
