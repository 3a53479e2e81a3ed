/**
 * Cold start (DESIGN.md §6: under 2 s to an interactive kiosk): from spawning the built web
 * host with an empty data folder to the first kiosk API answer, and the same again with a
 * warm data folder (database exists, staff seeded). Needs `npm run build` first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, ROOT, startPortal, startProcess } from '../e2e/support/processes';
import { ms, percentile, type BenchRow } from './bench-row';

async function coldStart(dataDir: string, portalUrl: string): Promise<number> {
  const started = performance.now();
  const { process: host, match } = await startProcess(
    [join(ROOT, 'out', 'main', 'web-host.js')],
    { KIOSK_DATA_DIR: dataDir, KIOSK_PORT: '0', PORTAL_URL: portalUrl, KIOSK_DEMO: '1' },
    /Kiosk ready \(web host[^)]*\): (http:\/\/127\.0\.0\.1:\d+\/)/,
  );
  const secret = /name="kiosk-secret" content="([^"]+)"/.exec(await (await fetch(match[1] as string)).text())?.[1] ?? '';
  const response = await fetch(`${match[1]}api/call/getKioskState`, { method: 'POST', headers: { 'X-Kiosk-Secret': secret }, body: '{}' });
  if (!response.ok) throw new Error(`getKioskState answered ${response.status}`);
  const elapsed = performance.now() - started;
  await host.stop();
  return elapsed;
}

export default async function bench(): Promise<BenchRow[]> {
  const base = mkdtempSync(join(tmpdir(), 'kiosk-bench-start-'));
  const portalPort = await freePort();
  const portal = await startPortal(portalPort, join(base, 'portal'));
  try {
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    const fresh: number[] = [];
    const warm: number[] = [];
    for (let run = 0; run < 5; run++) {
      const dataDir = join(base, `kiosk-${run}`);
      fresh.push(await coldStart(dataDir, portalUrl));
      warm.push(await coldStart(dataDir, portalUrl));
    }
    const target = '< 2000 ms';
    return [
      { group: 'start-up', name: 'web host, empty data dir → first API answer (p50 / max of 5)', value: `${ms(percentile(fresh, 50), 0)} / ${ms(Math.max(...fresh), 0)}`, target, ok: Math.max(...fresh) < 2000 },
      { group: 'start-up', name: 'web host, existing data dir → first API answer (p50 / max of 5)', value: `${ms(percentile(warm, 50), 0)} / ${ms(Math.max(...warm), 0)}`, target, ok: Math.max(...warm) < 2000 },
    ];
  } finally {
    await portal.stop();
    rmSync(base, { recursive: true, force: true });
  }
}
