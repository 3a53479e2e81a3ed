/**
 * Scan to renderer latency (DESIGN.md §6: scan to member panel p99 under 50 ms beyond wire time).
 * A serial scanner on a socat PTY pair feeds the built web host (`serial:<pty>?baudRate=9600&terminator=CR`);
 * the renderer-side client is a WebSocket on the web host's event stream (/api/events, with the
 * page's session cookie and origin), exactly what the page's web bridge listens to. For each of 1,000 scans
 * the member card's data is written first, then the clock starts as the terminator byte (CR) is
 * written, and stops when the classified `scan` event for that data arrives at the client.
 * A PTY moves bytes at memory speed, so the scanner's wire time is shown beside the figure:
 * 14 bytes (A + 10 digits + check + A + CR) at 9600 baud 8N1 is 14 × 10 bits / 9600 ≈ 14.6 ms, of which
 * the terminator itself is 1.04 ms. Needs `npm run build` and socat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { formatMemberCardCodabar } from '../../src/shared/barcode/formats';
import { KIOSK_READY_LINE, ROOT, startProcess } from '../e2e/support/processes';
import { openLaunchUrl } from '../helpers/kiosk-launch';
import { startSocatPty } from '../helpers/socat-pty';
import { ms, percentile, type BenchRow } from './bench-row';

const SCANS = 1000;
const WARM_UP = 20;
const BAUD = 9600;
/** 8N1: a start bit, 8 data bits, a stop bit. */
const BITS_PER_BYTE = 10;
const PER_SCAN_LIMIT_MS = 5_000;

export default async function bench(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-scan-'));
  const pty = await startSocatPty();
  let host: Awaited<ReturnType<typeof startProcess>>['process'] | null = null;
  let socket: WebSocket | null = null;
  try {
    const started = await startProcess(
      [join(ROOT, 'out', 'main', 'web-host.js')],
      {
        KIOSK_DATA_DIR: join(dataDir, 'kiosk'),
        KIOSK_PORT: '0',
        // No portal needed for scans; a closed port keeps the health probe quiet.
        PORTAL_URL: 'http://127.0.0.1:9',
        KIOSK_DEMO: '1',
        KIOSK_HEALTH_INTERVAL_SECONDS: '60',
        KIOSK_SCANNERS: `serial:${pty.driverEnd}?baudRate=${BAUD}&terminator=CR`,
      },
      KIOSK_READY_LINE,
    );
    host = started.process;
    const url = new URL(started.match[1] as string);
    const session = await openLaunchUrl(url.href);
    const ws = new WebSocket(`ws://${url.host}/api/events`, { origin: session.origin, headers: { Cookie: session.cookie } });
    socket = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });

    let waiting: { data: string; resolve: (at: number) => void } | null = null;
    ws.on('message', (message) => {
      const at = performance.now();
      const envelope = JSON.parse(String(message)) as { event: string; payload: { data?: string; meaning?: { kind: string } } };
      if (envelope.event === 'scan' && waiting && envelope.payload.data === waiting.data && envelope.payload.meaning?.kind === 'memberCard') waiting.resolve(at);
    });

    const latencies: number[] = [];
    let bytesPerScan = 0;
    for (let i = 0; i < SCANS + WARM_UP; i++) {
      const data = formatMemberCardCodabar(String(1_000_000 + i).padStart(10, '0'));
      bytesPerScan = data.length + 1;
      const arrived = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`scan ${i} (${data}) did not reach the client within ${PER_SCAN_LIMIT_MS} ms`)), PER_SCAN_LIMIT_MS);
        waiting = {
          data,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
      });
      pty.write(data);
      const terminatorWritten = performance.now();
      pty.write('\r');
      const receivedAt = await arrived;
      waiting = null;
      if (i >= WARM_UP) latencies.push(receivedAt - terminatorWritten);
    }

    const wireMs = (bytesPerScan * BITS_PER_BYTE * 1000) / BAUD;
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    return [
      {
        group: 'scanner',
        name: `serial PTY terminator → classified scan at the renderer client (web host WebSocket), p50 / p99 of ${SCANS}`,
        value: `${ms(p50)} / ${ms(p99)}`,
        target: 'p99 < 50 ms beyond wire time',
        ok: p99 < 50,
      },
      {
        group: 'scanner',
        name: `wire time of one scan at ${BAUD} baud 8N1 (${bytesPerScan} bytes; the terminator alone ${ms((BITS_PER_BYTE * 1000) / BAUD)})`,
        value: ms(wireMs),
      },
      { group: 'scanner', name: 'scanner start of data → renderer client p99 (wire time + measured p99)', value: ms(wireMs + p99) },
    ];
  } finally {
    socket?.terminate();
    await host?.stop();
    await pty.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
