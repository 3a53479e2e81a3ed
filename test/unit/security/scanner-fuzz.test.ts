/**
 * Random bytes through the scanner path (issue 7, item 4): the serial line framer under any byte
 * stream and any chunking, and the hub under any scan data. The existing driver tests cover the
 * documented cases; these are the property tests they lacked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineFramer, type SerialFrame, type SerialTerminator } from '../../../drivers/serial/framer';
import { SimulatorScannerDriver } from '../../../drivers/simulator/driver';
import { ScannerHub, type ScanEvent } from '../../../src/main/scanner/hub';

const MAX = 64;
const CR = 0x0d;
const LF = 0x0a;

/** Splits bytes at the given cut points (chunking must never change the frames). */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    out.push(bytes.subarray(start, point));
    start = point;
  }
  out.push(bytes.subarray(start));
  return out;
}

function frames(terminator: SerialTerminator, chunks: Uint8Array[]): SerialFrame[] {
  const framer = new LineFramer({ terminator, maxLength: MAX });
  const out: SerialFrame[] = [];
  chunks.forEach((chunk, i) => {
    out.push(...framer.push(chunk, i));
    expect(framer.bufferedBytes).toBeLessThanOrEqual(MAX);
  });
  return out;
}

/** Byte streams rich in terminators, NULs, high bytes and long lines. */
const stream = fc.array(fc.oneof(fc.constantFrom(CR, LF, 0, 0xff, 0x1b), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0x30, max: 0x39 })), { maxLength: 600 }).map((a) => Uint8Array.from(a));

describe('serial line framer under random bytes', () => {
  it.each(['CR', 'LF', 'CRLF'] as const)('%s: bounded frames, never empty, never containing their terminator, the same for any chunking', (terminator) => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 20 }), (bytes, cuts) => {
        const whole = frames(terminator, [bytes]);
        const pieces = frames(terminator, chunked(bytes, cuts));
        expect(pieces.map((f) => [Buffer.from(f.bytes).toString('hex'), f.totalLength])).toEqual(whole.map((f) => [Buffer.from(f.bytes).toString('hex'), f.totalLength]));
        for (const frame of whole) {
          expect(frame.bytes.length).toBeLessThanOrEqual(MAX);
          expect(frame.totalLength).toBeGreaterThan(0);
          expect(frame.truncated).toBe(frame.totalLength > frame.bytes.length);
          if (terminator !== 'LF') expect(frame.bytes.includes(CR)).toBe(false);
          if (terminator !== 'CR') expect(frame.bytes.includes(LF)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('idle: any stream, flushed at any points, stays bounded and never yields an empty frame', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
        const framer = new LineFramer({ terminator: 'idle', maxLength: MAX });
        const out: SerialFrame[] = [];
        for (const [i, chunk] of chunked(bytes, cuts).entries()) {
          out.push(...framer.push(chunk, i));
          const flushed = framer.flushIdle();
          if (flushed) out.push(flushed);
        }
        for (const frame of out) {
          expect(frame.bytes.length).toBeLessThanOrEqual(MAX);
          expect(frame.totalLength).toBeGreaterThan(0);
        }
        expect(out.reduce((sum, f) => sum + f.totalLength, 0)).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('scanner hub under random scan data', () => {
  it('classifies any data without throwing; unknown data is cut and escaped for display; the log stays bounded', async () => {
    let clock = 0;
    const sim = new SimulatorScannerDriver({ id: 'fuzz', now: () => clock });
    const hub = new ScannerHub([sim], { now: () => clock, logSize: 50 });
    const scans: ScanEvent[] = [];
    hub.on('scan', (scan) => scans.push(scan));
    await hub.start();
    try {
      const data = fc.oneof(
        fc.string({ maxLength: 400 }),
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
        fc.stringMatching(/^[A-D][0-9]{10,14}[A-D]$/),
        fc.stringMatching(/^[PTC][0-9A-HJKMNP-TV-Z]{21}$/),
      );
      fc.assert(
        fc.property(data, fc.option(fc.constantFrom(']C0', ']F0', ']E0', ']Q1', ']zz', '')), (value, symbology) => {
          clock += 10_000; // past the double-read window: every injection is a new scan
          const before = scans.length;
          sim.inject(value, symbology ?? undefined);
          if (value.length === 0) return;
          const scan = scans.at(-1);
          expect(scans.length).toBe(before + 1);
          expect(['memberCard', 'appToken', 'unknown']).toContain(scan?.classification.kind);
          if (scan?.classification.kind === 'unknown') {
            expect(scan.data.length).toBeLessThanOrEqual(200);
            // Control characters are escaped for the staff screen, never shown raw.
            expect([...scan.data].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)).toBe(false);
          }
          expect(hub.recentScans().length).toBeLessThanOrEqual(50);
        }),
        { numRuns: 500 },
      );
    } finally {
      await hub.stop();
    }
  });
});
