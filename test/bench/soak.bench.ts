/**
 * Soak (issue 7, item 6; DESIGN.md §6 "memory flat over a 10,000-scan soak"): 10,000 scans and
 * 2,000 register transactions through the web host (HTTP calls + its WebSocket event stream)
 * while the reference portal flaps (down for a second, then 5xx on a third of requests, then
 * healthy, round and round). Reports heap / rss and the active handle counts
 * (process.getActiveResourcesInfo) at the start and at the end, and whether the portal's ledger
 * equals the kiosk's once the queue has drained. Everything runs in this process.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { loadConfig } from '../../src/main/config';
import { KioskCore } from '../../src/main/core/kiosk-core';
import { startWebHost } from '../../src/main/web-host/server';
import { openLaunchUrl } from '../helpers/kiosk-launch';
import { DEMO_DEVICE_ID } from '../../src/portal/demo-seed';
import { startPortalServer } from '../../src/portal/server';
import { formatMemberCardCodabar } from '../../src/shared/barcode/formats';
import type { BenchRow } from './bench-row';

const GROUP = 'soak';
const SCANS = 10_000;
const TRANSACTIONS = 2_000;
const MEMBERS = Array.from({ length: 40 }, (_, i) => String(7_000_000_000 + i));
const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Snapshot {
  heapUsed: number;
  rss: number;
  resources: Record<string, number>;
}

function snapshot(): Snapshot {
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  const resources: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) resources[type] = (resources[type] ?? 0) + 1;
  return { heapUsed, rss, resources };
}

const describeResources = (r: Record<string, number>) =>
  Object.entries(r)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, n]) => `${type} ${n}`)
    .join(', ');
const total = (r: Record<string, number>) => Object.values(r).reduce((sum, n) => sum + n, 0);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default async function soakBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'coop-soak-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<title>kiosk page</title>');
  const portal = await startPortalServer({ port: 0, dbPath: join(dir, 'portal.sqlite'), mode: 'demo', limits: { maxBalance: 100_000_000 } });
  portal.service.upsertMembers(MEMBERS.map((memberNo) => ({ memberNo, name: 'ソーク 会員', nameKana: 'ソーク カイイン', birthDate: '2000-01-01', balance: 50_000 })));
  const config = { ...loadConfig({ KIOSK_DATA_DIR: join(dir, 'kiosk'), KIOSK_HEALTH_INTERVAL_SECONDS: '1', KIOSK_SCANNERS: 'wedge', KIOSK_TYPED_PAYMENTS: 'allow' }), healthIntervalMs: 200 };
  const core = await KioskCore.create({ config, hostMode: 'web', version: 'soak', portal: { url: portal.url, embedded: false }, demo: true, log: () => undefined });
  const host = await startWebHost({ core, rendererDir, port: 0 });
  const session = await openLaunchUrl(host.launchUrl);
  const origin = host.url.replace(/\/$/, '');
  const call = async (method: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> => {
    const response = await fetch(`${origin}/api/call/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...session.headers }, body: JSON.stringify(input) });
    return (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string } };
  };
  const setFaults = (faults: object) => fetch(`${portal.url}/admin/faults`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(faults) }).catch(() => undefined);

  let flapping: NodeJS.Timeout | null = null;
  let socket: WebSocket | null = null;
  try {
    for (let i = 0; i < 200 && core.services()?.sync.connectivity.state !== 'online'; i++) await sleep(25);
    const signIn = await call('staffSignIn', { staffNo: '1001', pin: '1111' });
    if (!signIn.ok) throw new Error(`staff sign-in failed: ${signIn.error?.code}`);
    // The member panel for each member once, online: the local roster then knows them all.
    for (const memberNo of MEMBERS) {
      const opened = await call('registerOpenMember', { memberNo });
      if (!opened.ok) throw new Error(`registerOpenMember ${memberNo}: ${opened.error?.code}`);
    }

    let scanEvents = 0;
    socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, { origin, headers: { Cookie: session.cookie } });
    socket.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString('utf8')) as { event: string }).event === 'scan') scanEvents += 1;
    });
    await new Promise<void>((resolve, reject) => {
      socket?.once('open', () => resolve());
      socket?.once('error', reject);
    });

    const start = snapshot();
    const started = performance.now();
    // The portal flaps: down for 1 s, then 5xx on a third of requests, then healthy, every 1.5 s.
    const phases: object[] = [{ downForSeconds: 1 }, { serverError: { rate: 0.33, status: 503 } }, {}];
    let phase = 0;
    let flaps = 0;
    flapping = setInterval(() => {
      void setFaults(phases[phase % phases.length] as object);
      phase += 1;
      flaps += 1;
    }, 1_500);

    const outcomes: Record<string, number> = {};
    let scansSent = 0;
    let transactionsDone = 0;
    const scansPerTransaction = SCANS / TRANSACTIONS;
    for (let t = 0; t < TRANSACTIONS; t++) {
      for (let s = 0; s < scansPerTransaction; s++) {
        const n = scansSent++;
        // Distinct codes (no double-read drops): member cards, product codes and junk in turn.
        const data = n % 3 === 0 ? formatMemberCardCodabar(String(8_000_000_000 + n)) : n % 3 === 1 ? `49${String(n).padStart(11, '0')}` : `JUNK-${n}`;
        const scan = await call('submitWedgeScan', { data });
        if (!scan.ok) throw new Error(`submitWedgeScan: ${scan.error?.code}`);
      }
      const memberNo = MEMBERS[t % MEMBERS.length] as string;
      const kind = t % 4 === 3 ? 'payment' : 'topup';
      const amount = 100 + (t % 7) * 10;
      const result = await call('registerConfirm', { clientRequestId: crypto.randomUUID(), kind, memberNo, amount, ...(kind === 'topup' ? { cashReceived: amount } : {}) });
      const key = result.ok ? `${kind} ${(result.value as { outcome: string }).outcome}` : `${kind} refused: ${result.error?.code}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      if (result.ok) transactionsDone += 1;
    }
    const workloadMs = performance.now() - started;
    clearInterval(flapping);
    flapping = null;
    await setFaults({});
    await fetch(`${portal.url}/admin/faults`, { method: 'DELETE' }).catch(() => undefined);

    // Let the queue drain (bounded): the engine restarts within a probe after the portal is back.
    const services = core.services();
    if (!services) throw new Error('database not open');
    for (let i = 0; i < 1_200 && services.sync.engine.metrics().depth > 0; i++) await sleep(50);
    for (let i = 0; i < 100 && scanEvents < SCANS; i++) await sleep(20);
    const depth = services.sync.engine.metrics().depth;
    const deadLetters = services.sync.engine.metrics().deadLetters;

    const kiosk = services.db
      .prepare("SELECT kind, count(*) AS n, sum(amount) AS total FROM wallet_transactions WHERE state = 'synced' GROUP BY kind ORDER BY kind")
      .all() as Array<{ kind: string; n: number; total: number }>;
    const declined = (services.db.prepare("SELECT count(*) AS n FROM wallet_transactions WHERE state = 'declined'").get() as { n: number }).n;
    const ledger = portal.service.ledger({ deviceId: DEMO_DEVICE_ID });
    const portalByKind = new Map<string, { n: number; total: number }>();
    for (const tx of ledger.transactions) {
      const entry = portalByKind.get(tx.kind) ?? { n: 0, total: 0 };
      entry.n += 1;
      entry.total += tx.amount;
      portalByKind.set(tx.kind, entry);
    }
    const portalRows = [...portalByKind.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, v]) => ({ kind, ...v }));
    const ledgersEqual = JSON.stringify(kiosk) === JSON.stringify(portalRows);
    const kioskIds = new Set((services.db.prepare("SELECT client_request_id AS id FROM wallet_transactions WHERE state = 'synced'").all() as Array<{ id: string }>).map((r) => r.id));
    const sameIds = ledger.transactions.length === kioskIds.size && ledger.transactions.every((tx) => kioskIds.has(tx.clientRequestId));

    socket.close();
    socket = null;
    await sleep(50);
    const end = snapshot();
    const heapGrowth = end.heapUsed - start.heapUsed;
    const ledgerText = (rows: Array<{ kind: string; n: number; total: number }>) => rows.map((r) => `${r.kind} ${r.n} / ¥${r.total.toLocaleString('en')}`).join(', ');
    return [
      { group: GROUP, name: 'workload (web host HTTP + WebSocket, portal flapping)', value: `${SCANS.toLocaleString('en')} scans + ${TRANSACTIONS.toLocaleString('en')} transactions in ${(workloadMs / 1000).toFixed(1)} s, ${flaps} fault changes` },
      { group: GROUP, name: 'scan events received over the WebSocket', value: `${scanEvents} / ${SCANS}`, target: String(SCANS), ok: scanEvents === SCANS },
      { group: GROUP, name: 'register outcomes', value: Object.entries(outcomes).sort().map(([k, n]) => `${k} ${n}`).join(', ') },
      { group: GROUP, name: 'transactions recorded / queue depth / dead letters / declined after drain', value: `${transactionsDone} / ${depth} / ${deadLetters} / ${declined}`, target: 'depth 0, dead 0', ok: depth === 0 && deadLetters === 0 },
      { group: GROUP, name: 'kiosk ledger (synced)', value: ledgerText(kiosk) },
      { group: GROUP, name: 'portal ledger (this device)', value: ledgerText(portalRows) },
      { group: GROUP, name: 'portal ledger equals kiosk ledger (per kind, and client request ids)', value: ledgersEqual && sameIds ? 'yes' : 'NO', target: 'yes', ok: ledgersEqual && sameIds },
      { group: GROUP, name: 'heap used start / end (after gc)', value: `${MB(start.heapUsed)} / ${MB(end.heapUsed)} (${heapGrowth >= 0 ? '+' : ''}${MB(heapGrowth)})`, target: 'flat: < +32 MB', ok: heapGrowth < 32 * 1024 * 1024 },
      { group: GROUP, name: 'rss start / end', value: `${MB(start.rss)} / ${MB(end.rss)}` },
      { group: GROUP, name: 'active resources start', value: `${total(start.resources)} (${describeResources(start.resources)})` },
      { group: GROUP, name: 'active resources end', value: `${total(end.resources)} (${describeResources(end.resources)})`, target: `<= start + 2`, ok: total(end.resources) <= total(start.resources) + 2 },
    ];
  } finally {
    if (flapping) clearInterval(flapping);
    socket?.terminate();
    await host.close();
    await core.close();
    await portal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
