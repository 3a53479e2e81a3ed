/**
 * The register (issue 6): scan → member panel → confirmed top-up through the web host (HTTP, the
 * same calls the register screen makes; the portal answers before "done"), p50/p99 over 500
 * runs; and the end-of-day report and CSV export over 100,000 ledger rows. Needs `npm run build`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openKioskDatabase } from '../../src/main/db/database';
import { dayCsvRows, endOfDay } from '../../src/main/cashier/end-of-day';
import { registerCsv } from '../../src/main/cashier/register-csv';
import { businessDay, recordSale, registerNames } from '../../src/main/cashier/sales';
import { DraftCipher } from '../../src/main/db/sealing';
import { formatMemberCardCodabar } from '../../src/shared/barcode/formats';
import { freePort, KIOSK_READY_LINE, ROOT, startPortal, startProcess } from '../e2e/support/processes';
import { openLaunchUrl } from '../helpers/kiosk-launch';
import { ms, percentile, type BenchRow } from './bench-row';

const RUNS = 500;

async function scanToTopup(base: string): Promise<BenchRow[]> {
  const portalPort = await freePort();
  const portal = await startPortal(portalPort, join(base, 'portal'));
  const portalUrl = `http://127.0.0.1:${portalPort}`;
  // One member per run: the hub drops the same card seen again within its double-read window.
  const members = Array.from({ length: RUNS }, (_, i) => ({ memberNo: String(3800000000 + i), name: `会員 ${i}`, nameKana: 'カイイン', birthDate: '2005-01-01', balance: 1000 }));
  await fetch(`${portalUrl}/admin/members`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ members }) });
  const { process: host, match } = await startProcess(
    [join(ROOT, 'out', 'main', 'web-host.js')],
    { KIOSK_DATA_DIR: join(base, 'kiosk'), KIOSK_PORT: '0', PORTAL_URL: portalUrl, KIOSK_DEMO: '1', KIOSK_SCANNERS: 'sim', KIOSK_HEALTH_INTERVAL_SECONDS: '1' },
    KIOSK_READY_LINE,
  );
  try {
    const session = await openLaunchUrl(match[1] as string);
    const call = async (method: string, input: unknown): Promise<Record<string, unknown>> => {
      const { status, body } = await session.call(method, input);
      if (!body.ok) throw new Error(`${method}: ${body.error?.code ?? status}`);
      return (body.value ?? {}) as Record<string, unknown>;
    };
    for (let i = 0; i < 200; i++) {
      const state = (await call('getKioskState', {})) as { connectivity?: { state: string } };
      if (state.connectivity?.state === 'online') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await call('staffSignIn', { staffNo: '1001', pin: '1111' });
    const panel: number[] = [];
    const total: number[] = [];
    for (const m of members) {
      const started = performance.now();
      const { scan } = (await call('injectSimulatedScan', { data: formatMemberCardCodabar(m.memberNo) })) as { scan: { id: string } };
      await call('registerOpenScan', { scanId: scan.id });
      panel.push(performance.now() - started);
      const result = (await call('registerConfirm', { clientRequestId: randomUUID(), kind: 'topup', memberNo: m.memberNo, amount: 1000 })) as { outcome: string };
      if (result.outcome !== 'done') throw new Error(`top-up ${result.outcome}`);
      total.push(performance.now() - started);
    }
    return [
      { group: 'register', name: `scan → member panel (live portal lookup), web host, p50 / p99 of ${RUNS}`, value: `${ms(percentile(panel, 50))} / ${ms(percentile(panel, 99))}` },
      { group: 'register', name: `scan → panel → top-up confirmed by the portal, p50 / p99 of ${RUNS}`, value: `${ms(percentile(total, 50))} / ${ms(percentile(total, 99))}` },
    ];
  } finally {
    await host.stop();
    await portal.stop();
  }
}

function endOfDayRows(base: string): BenchRow[] {
  const db = openKioskDatabase(join(base, 'eod.sqlite'));
  try {
    const now = Date.now();
    const cashiers = [1, 2, 3, 4].map((n) => ({ id: `c${n}`, displayName: `Cashier ${n}` }));
    // Names are sealed at rest, as in the kiosk.
    const cipher = new DraftCipher(randomBytes(32));
    const names = registerNames(() => cipher);
    db.transaction(() => {
      for (let i = 0; i < 100_000; i++) {
        const topup = i % 3 !== 0;
        recordSale(db, {
          clientRequestId: randomUUID(),
          kind: topup ? 'topup' : 'payment',
          memberNo: String(3900000000 + (i % 2000)),
          memberName: 'Bench',
          amount: 100 + (i % 50) * 10,
          cashReceived: topup ? 5000 : null,
          change: topup ? 5000 - (100 + (i % 50) * 10) : null,
          cashier: cashiers[i % cashiers.length] as { id: string; displayName: string },
          source: 'card',
          offline: false,
          now: now + i,
          day: businessDay(now + i),
        }, names);
      }
    })();
    const day = businessDay(now);
    const times: number[] = [];
    let report = endOfDay(db, day, 0, now);
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      report = endOfDay(db, day, 0, now);
      times.push(performance.now() - t);
    }
    const t = performance.now();
    const csv = registerCsv(dayCsvRows(db, day), { language: 'ja', encoding: 'utf8-bom' });
    const csvMs = performance.now() - t;
    const rows = report.totals.topupCount + report.totals.paymentCount;
    return [
      { group: 'register', name: `end-of-day report over ${rows.toLocaleString('en')} ledger rows (p50 of 5)`, value: ms(percentile(times, 50), 1) },
      { group: 'register', name: `end-of-day CSV export, ${csv.rows.toLocaleString('en')} rows (${(csv.bytes.length / 1e6).toFixed(1)} MB)`, value: ms(csvMs, 0) },
    ];
  } finally {
    db.close();
  }
}

export default async function bench(): Promise<BenchRow[]> {
  const base = mkdtempSync(join(tmpdir(), 'kiosk-bench-register-'));
  try {
    return [...(await scanToTopup(base)), ...endOfDayRows(base)];
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
