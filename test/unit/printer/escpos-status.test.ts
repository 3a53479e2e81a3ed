/** DLE EOT reply bytes (Epson ESC/POS reference, "Transmit real-time status") and the drawer commands. */
import { describe, expect, it } from 'vitest';
import { decodeStatus, drawerKick, encodeStatus, isStatusReply, realtimeDrawerKick, statusQuery } from '../../../drivers/printer/escpos';
import type { PrinterCondition } from '../../../drivers/printer/escpos';

describe('ESC/POS real-time status', () => {
  it('reads the replies of a printer that is ready', () => {
    // 0x12 is the reply with only the fixed bits set: online, cover closed, paper present.
    expect(decodeStatus({ printer: 0x12, offlineCause: 0x12, paperSensor: 0x12 })).toEqual({ kind: 'ready', paperNearEnd: false });
  });

  it('reads paper near end, paper out, cover open and offline from the documented bits', () => {
    expect(decodeStatus({ printer: 0x12, offlineCause: 0x12, paperSensor: 0x1e })).toEqual({ kind: 'ready', paperNearEnd: true });
    expect(decodeStatus({ printer: 0x1a, offlineCause: 0x32, paperSensor: 0x7e })).toEqual({ kind: 'paper-out', coverOpen: false });
    expect(decodeStatus({ printer: 0x1a, offlineCause: 0x16, paperSensor: 0x12 })).toEqual({ kind: 'cover-open', paperNearEnd: false });
    expect(decodeStatus({ printer: 0x1a, offlineCause: 0x52, paperSensor: 0x12 })).toEqual({ kind: 'offline', cause: 'error', paperNearEnd: false });
    expect(decodeStatus({ printer: 0x3a, offlineCause: 0x12, paperSensor: 0x12 })).toEqual({ kind: 'offline', cause: 'waiting-recovery', paperNearEnd: false });
    expect(decodeStatus({})).toEqual({ kind: 'no-reply' });
  });

  it('encodes every condition to bytes that decode to it (the test printers answer with these)', () => {
    const conditions: PrinterCondition[] = [
      { kind: 'ready', paperNearEnd: false },
      { kind: 'ready', paperNearEnd: true },
      { kind: 'paper-out', coverOpen: false },
      { kind: 'paper-out', coverOpen: true },
      { kind: 'cover-open', paperNearEnd: true },
      { kind: 'offline', cause: 'error', paperNearEnd: false },
      { kind: 'offline', cause: 'feed-button', paperNearEnd: false },
      { kind: 'offline', cause: 'waiting-recovery', paperNearEnd: true },
    ];
    for (const condition of conditions) {
      const bytes = encodeStatus(condition);
      expect(bytes).toBeDefined();
      if (!bytes) continue;
      for (const byte of Object.values(bytes)) expect(isStatusReply(byte)).toBe(true);
      expect(decodeStatus(bytes)).toEqual(condition);
    }
    expect(encodeStatus({ kind: 'no-reply' })).toBeUndefined();
  });

  it('tells status replies from other bytes by their fixed bits', () => {
    expect(isStatusReply(0x12)).toBe(true);
    expect(isStatusReply(0x00)).toBe(false);
    expect(isStatusReply(0x0c)).toBe(false); // a GS r paper-sensor reply (bit 4 clear)
    expect(isStatusReply(0x92)).toBe(false);
  });

  it('builds the queries and the drawer pulses', () => {
    expect([...statusQuery(4)]).toEqual([0x10, 0x04, 4]);
    expect([...drawerKick()]).toEqual([0x1b, 0x70, 0, 25, 250]);
    expect([...drawerKick(5, 100, 100)]).toEqual([0x1b, 0x70, 1, 50, 50]);
    expect([...realtimeDrawerKick()]).toEqual([0x10, 0x14, 1, 0, 1]);
  });
});
