/**
 * Scan → presented frame (issue 18, item 5). A serial scanner on a socat PTY feeds the built
 * web host in demo mode (embedded portal); headless Chromium shows the register. For each scan
 * the card's data is written first, then the clock starts as the terminator byte (CR) is
 * written, and stops at the frame that shows the member's name: a MutationObserver sees the
 * name change (the microtask checkpoint of Vue's patch) and stamps `performance.now()` in the
 * next `requestAnimationFrame`, the frame that carries it. Both sides count on the epoch clock
 * (`performance.timeOrigin + performance.now()`); their offset is measured by round trips and
 * subtracted (its uncertainty is in the rows).
 * Rows: at 0 / 50,000 / 200,000 synced wallet rows of history (seeded directly in SQLite),
 * during 5,000-operation drains to the embedded portal, and the core's memory (RSS / PSS from
 * /proc/<pid>/smaps_rollup, V8 heap after a GC) idle and after a 10,000-scan soak.
 * Needs `npm run build`, socat and /usr/bin/chromium. Figures move with the machine's load:
 * the load average is printed beside them.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { kioskProcessEnv } from '../../scripts/launch-env.mjs';
import { recordWalletTransaction } from '../../src/main/cashier/wallet-ledger';
import { openKioskDatabase } from '../../src/main/db/database';
import { ensurePrivateDir } from '../../src/main/db/private-files';
import { formatMemberCardCodabar } from '../../src/shared/barcode/formats';
import { freePort, KIOSK_READY_LINE, ROOT, startProcess, type RunningProcess } from '../e2e/support/processes';
import { typeStaffCredential } from '../e2e/support/staff-pad';
import { startSocatPty, type SocatPty } from '../helpers/socat-pty';
import { ms, percentile, type BenchRow } from './bench-row';

const GROUP = 'scan → pixels';
const SCANS = 300;
const WARM_UP = 20;
const DRAIN_OPERATIONS = 5_000;
const SOAK_SCANS = 10_000;
/** The demo portal's members: five names, each scanned again only after the hub's 800 ms double-read window. */
const DEMO_MEMBERS: ReadonlyArray<[string, string]> = [
  ['2024000001', '山田 太郎'],
  ['2024000002', '佐藤 花子'],
  ['2024000003', '鈴木 健'],
  ['2024000004', '田中 美咲'],
  ['2024000005', '高橋 翔'],
];
/** Between terminators: 5 × 200 ms keeps each card clear of the hub's 800 ms double-read window. */
const SCAN_SPACING_MS = 200;
const PER_SCAN_LIMIT_MS = 5_000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
const HEAP_PROBE = join(ROOT, 'test', 'bench', 'heap-probe.cjs');
const HISTORY_MEMBERS = 2_000;
/** `BENCH_CORE_CPU_PROF=<folder>`: the core writes a V8 CPU profile there when it stops (for finding long tasks). */
const CORE_CPU_PROF = process.env.BENCH_CORE_CPU_PROF;
/** Scans whose phases are shown per run: the slowest ones, where the tail comes from. */
const SLOWEST_SHOWN = 5;
/** `BENCH_PIXELS_HISTORY=0` (comma list) measures only those history sizes; `BENCH_PIXELS_SOAK=0` skips the soak. */
const HISTORIES = (process.env.BENCH_PIXELS_HISTORY ?? '0,50000,200000').split(',').map(Number);
const SOAK = process.env.BENCH_PIXELS_SOAK !== '0';
/** `BENCH_PIXELS_DRAIN=0` skips the drains (and the soak after them). */
const DRAIN = process.env.BENCH_PIXELS_DRAIN !== '0';

/**
 * In the page: the name's change is seen by a MutationObserver (the microtask checkpoint after
 * Vue's patch) and stamped in the next animation-frame callback: the frame that carries it.
 */
const NAME_PROBE = `
  let last = '';
  new MutationObserver(() => {
    const name = document.querySelector('[data-testid="register-member-name"]')?.textContent ?? '';
    if (!name || name === last) return;
    last = name;
    requestAnimationFrame(() => void window.__pixelStamp(name, performance.timeOrigin + performance.now()));
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

/**
 * In the page, where each scan's time goes (epoch ms): the scan event's arrival on the WebSocket,
 * the register's open call leaving and its answer arriving, and the page's long tasks. Read once
 * after a run, so the probe costs the scans nothing but a few array pushes.
 */
const PHASE_PROBE = `
  const epoch = () => performance.timeOrigin + performance.now();
  const phases = { event: [], call: [], longTasks: [] };
  window.__pixelPhases = phases;
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (message) => {
        if (typeof message.data === 'string' && message.data.includes('"event":"scan"')) phases.event.push(epoch());
      });
    }
  };
  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    if (!String(input).includes('/api/call/registerOpenScan')) return nativeFetch(input, init);
    const start = epoch();
    const response = await nativeFetch(input, init);
    phases.call.push({ start, end: epoch() });
    return response;
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) phases.longTasks.push({ start: performance.timeOrigin + entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

interface PagePhases {
  event: number[];
  call: Array<{ start: number; end: number }>;
  longTasks: Array<{ start: number; duration: number }>;
}

/** One measured scan on the bench's clock: terminator written, frame presented (page clock minus offset). */
interface ScanTiming {
  index: number;
  t0: number;
  frame: number;
}

const epochNow = () => performance.timeOrigin + performance.now();
const sleep = (msecs: number) => new Promise((resolve) => setTimeout(resolve, msecs));

interface Memory {
  rssMb: number;
  pssMb: number;
  heapMb: number;
  /** Buffers and ArrayBuffers outside the V8 heap (malloc'd): tells their growth from the allocator's. */
  externalMb: number;
  /** The V8 heap's committed size: it grows under allocation bursts (young generation) while the used heap stays flat. */
  heapTotalMb: number;
}

/** Synced wallet rows as a busy counter has after months of sales, spread over many members (the demo members among them). */
function seedHistory(dataDir: string, rows: number): void {
  ensurePrivateDir(dataDir);
  const db = openKioskDatabase(join(dataDir, 'kiosk.sqlite'));
  try {
    const insert = db.prepare(
      `INSERT INTO wallet_transactions (client_request_id, seq, member_no, kind, amount, created_at, state, balance_after, synced_at, portal_transaction_id)
       VALUES (?, ?, ?, ?, ?, ?, 'synced', ?, ?, ?)`,
    );
    const start = Date.now() - rows * 60_000 - 86_400_000;
    db.transaction(() => {
      for (let i = 0; i < rows; i++) {
        const at = start + i * 60_000;
        // Sequence numbers of an earlier numbering (far above what this kiosk's outbox will use).
        insert.run(crypto.randomUUID(), 1_000_000_000 + i, String(2024000001 + (i % HISTORY_MEMBERS)), i % 3 === 0 ? 'topup' : 'payment', 100 + (i % 900), at, 5_000, at + 300, `hist-${i}`);
      }
    })();
  } finally {
    db.close();
  }
}

/** Queues a drain: top-ups and payments of the same amount, member by member, so no balance limit refuses them. */
function queueDrain(dataDir: string, operations: number): void {
  const db = openKioskDatabase(join(dataDir, 'kiosk.sqlite'));
  try {
    db.pragma('busy_timeout = 10000');
    const now = Date.now();
    db.transaction(() => {
      for (let i = 0; i < operations; i++) {
        const [memberNo] = DEMO_MEMBERS[Math.floor(i / 2) % DEMO_MEMBERS.length] as [string, string];
        recordWalletTransaction(db, { memberNo, kind: i % 2 === 0 ? 'topup' : 'payment', amount: 100, staffId: 'bench', offline: false, now });
      }
    })();
  } finally {
    db.close();
  }
}

/** Operations still pending, read through one read-only connection (a maintained counter: one row). */
function pendingCounter(dataDir: string): { read(): number; close(): void } {
  const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
  const stmt = db.prepare("SELECT n FROM outbox_state_counts WHERE state = 'pending'");
  return { read: () => (stmt.get() as { n: number }).n, close: () => db.close() };
}

async function readMemory(host: RunningProcess): Promise<Memory> {
  const pid = host.child.pid as number;
  const before = host.output().length;
  process.kill(pid, 'SIGUSR2');
  let probe = { heapUsed: Number.NaN, heapTotal: Number.NaN, external: Number.NaN };
  for (let attempt = 0; attempt < 250 && Number.isNaN(probe.heapUsed); attempt++) {
    await sleep(20);
    const line = /heap-probe (\{.*\})/.exec(host.output().slice(before));
    if (line) probe = JSON.parse(line[1] as string) as { heapUsed: number; heapTotal: number; external: number };
  }
  return { ...rollup(pid), heapMb: probe.heapUsed / 1024 / 1024, heapTotalMb: probe.heapTotal / 1024 / 1024, externalMb: probe.external / 1024 / 1024 };
}

function rollup(pid: number): { rssMb: number; pssMb: number } {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { rssMb: kb('Rss') / 1024, pssMb: kb('Pss') / 1024 };
}

function childPids(pid: number): number[] {
  const pids: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (children) pids.push(...children.split(/\s+/).map(Number));
  }
  return pids;
}

const signed = (mb: number) => `${mb >= 0 ? '+' : ''}${mb.toFixed(1)}`;
const memoryText = (m: Memory) => `RSS ${m.rssMb.toFixed(0)} MB / PSS ${m.pssMb.toFixed(0)} MB / heap ${m.heapMb.toFixed(1)} of ${m.heapTotalMb.toFixed(1)} MB / external ${m.externalMb.toFixed(1)} MB`;

/** A kiosk with its register open in Chromium, the name probe installed and the clocks aligned. */
class Register {
  private constructor(
    readonly host: RunningProcess,
    readonly page: Page,
    readonly close: () => Promise<void>,
    private readonly stamps: Array<{ name: string; at: number }>,
    /** page epoch − bench epoch (ms), and half the round trip it was measured with. */
    readonly offset: { ms: number; uncertaintyMs: number },
  ) {}

  static async open(dataDir: string, pty: SocatPty): Promise<Register> {
    const portalPort = await freePort();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    let host: RunningProcess | null = null;
    try {
      const started = await startProcess(
        ['--expose-gc', ...(CORE_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CORE_CPU_PROF}`] : []), '--require', HEAP_PROBE, join(ROOT, 'out', 'main', 'web-host.js')],
        kioskProcessEnv({
          KIOSK_DATA_DIR: dataDir,
          KIOSK_PORT: '0',
          PORTAL_PORT: String(portalPort),
          KIOSK_DEMO: '1',
          KIOSK_LANG: 'ja',
          KIOSK_SCANNERS: `serial:${pty.driverEnd}?baudRate=9600&terminator=CR`,
        }),
        KIOSK_READY_LINE,
        60_000,
      );
      host = started.process;
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      const stamps: Array<{ name: string; at: number }> = [];
      await page.exposeFunction('__pixelStamp', (name: string, at: number) => stamps.push({ name, at }));
      await page.addInitScript({ content: NAME_PROBE });
      await page.addInitScript({ content: PHASE_PROBE });
      await page.goto(started.match[1] as string);
      const corner = page.getByTestId('staff-corner');
      await corner.waitFor({ timeout: 30_000 });
      for (let i = 0; i < 5; i++) await corner.click();
      await typeStaffCredential(page, '1111');
      await page.getByRole('button', { name: 'サインイン' }).click();
      await page.getByTestId('open-register').click();
      await page.getByTestId('register-scan-prompt').waitFor({ timeout: 30_000 });
      const offset = await alignClocks(page);
      const runningHost = host;
      return new Register(runningHost, page, async () => {
        await runningHost.stop();
        await browser.close();
      }, stamps, offset);
    } catch (error) {
      await host?.stop();
      await browser.close();
      throw error;
    }
  }

  /** Scans so far: the members take turns, so the name on screen changes with every scan. */
  private scanned = 0;
  private lastTerminatorAt = 0;
  /** Every scan's terminator and frame on the bench's clock, for the phase breakdown. */
  readonly timings: ScanTiming[] = [];

  /** One scan: data, then the terminator with the clock started; resolves with terminator → frame (ms). */
  async scan(pty: SocatPty): Promise<number> {
    const index = this.scanned++;
    const [memberNo, name] = DEMO_MEMBERS[index % DEMO_MEMBERS.length] as [string, string];
    await sleep(Math.max(0, this.lastTerminatorAt + SCAN_SPACING_MS - epochNow()));
    pty.write(formatMemberCardCodabar(memberNo));
    await sleep(5);
    const from = this.stamps.length;
    const t0 = epochNow();
    pty.write('\r');
    this.lastTerminatorAt = t0;
    const limit = t0 + PER_SCAN_LIMIT_MS;
    for (;;) {
      const stamp = this.stamps.slice(from).find((s) => s.name === name);
      if (stamp) {
        this.timings.push({ index, t0, frame: stamp.at - this.offset.ms });
        return stamp.at - this.offset.ms - t0;
      }
      if (epochNow() > limit) throw new Error(`scan ${index} (${memberNo}) did not show ${name} within ${PER_SCAN_LIMIT_MS} ms`);
      await sleep(1);
    }
  }

  /**
   * The slowest of `timings`, each split at the page's stamps (bench clock): terminator → scan event
   * on the page's socket (core + transfer), → open call sent (page), → its answer (core), → frame
   * (page: patch, layout, paint), and the page's long tasks overlapping it.
   */
  async slowest(timings: readonly ScanTiming[], count = SLOWEST_SHOWN): Promise<string> {
    const phases = (await this.page.evaluate('window.__pixelPhases')) as PagePhases;
    const shift = (at: number) => at - this.offset.ms;
    const worst = [...timings].sort((a, b) => b.frame - b.t0 - (a.frame - a.t0)).slice(0, count);
    return worst
      .map(({ index, t0, frame }) => {
        const event = phases.event.map(shift).find((at) => at >= t0 - 1 && at <= frame);
        const call = phases.call.map((c) => ({ start: shift(c.start), end: shift(c.end) })).find((c) => c.start >= t0 - 1 && c.end <= frame + 1);
        const long = phases.longTasks.filter((task) => shift(task.start) < frame && shift(task.start) + task.duration > t0).map((task) => task.duration.toFixed(0));
        const parts = event && call ? `event ${(event - t0).toFixed(1)}, page ${(call.start - event).toFixed(1)}, call ${(call.end - call.start).toFixed(1)}, frame ${(frame - call.end).toFixed(1)}` : 'phases not seen';
        return `#${index} ${(frame - t0).toFixed(1)} ms (${parts}${long.length > 0 ? `; page long tasks ${long.join('+')} ms` : ''})`;
      })
      .join('; ');
  }

  /** Scans with the cashier's spacing; `keep` decides per scan whether it counts (e.g. only while a drain runs). */
  async scans(pty: SocatPty, count: number, keep: () => boolean = () => true, warmUp = WARM_UP, counted: ScanTiming[] = []): Promise<number[]> {
    const latencies: number[] = [];
    for (let i = 0; latencies.length < count; i++) {
      const before = keep();
      const latency = await this.scan(pty);
      if (i >= warmUp && before && keep()) {
        latencies.push(latency);
        counted.push(this.timings.at(-1) as ScanTiming);
      }
      if (!before && i >= warmUp) break;
    }
    return latencies;
  }
}

/** The page's epoch clock minus ours, from the round trip with the smallest span. */
async function alignClocks(page: Page): Promise<{ ms: number; uncertaintyMs: number }> {
  let best = { ms: 0, uncertaintyMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 50; i++) {
    const sent = epochNow();
    const pageAt = (await page.evaluate('performance.timeOrigin + performance.now()')) as number;
    const back = epochNow();
    const half = (back - sent) / 2;
    if (half < best.uncertaintyMs) best = { ms: pageAt - (sent + half), uncertaintyMs: half };
  }
  return best;
}

const stats = (values: number[]) => `${ms(percentile(values, 50), 1)} / ${ms(percentile(values, 99), 1)} / ${ms(Math.max(...values), 1)} (n = ${values.length})`;
const load = () => (loadavg()[0] as number).toFixed(1);

export default async function bench(): Promise<BenchRow[]> {
  const base = mkdtempSync(join(tmpdir(), 'kiosk-bench-pixels-'));
  const pty = await startSocatPty();
  const rows: BenchRow[] = [];
  const p99: Record<number, number> = {};
  try {
    for (const history of HISTORIES) {
      const dataDir = join(base, `kiosk-${history}`);
      seedHistory(dataDir, history);
      const register = await Register.open(dataDir, pty);
      try {
        const loadBefore = load();
        const counted: ScanTiming[] = [];
        const latencies = await register.scans(pty, SCANS, undefined, WARM_UP, counted);
        p99[history] = percentile(latencies, 99);
        const moved = history === 0 ? 0 : (p99[history] as number) - (p99[0] as number);
        rows.push({
          group: GROUP,
          name: `PTY terminator → presented name, ${history.toLocaleString('en')} synced wallet rows (p50 / p99 / max; load ${loadBefore} → ${load()}; clocks ±${register.offset.uncertaintyMs.toFixed(2)} ms)`,
          value: stats(latencies),
          target: history === 0 ? 'p99 ≤ 25 ms' : 'p99 ≤ 25 ms, ≤ +3 ms over 0 rows',
          ok: (p99[history] as number) <= 25 && moved <= 3,
        });
        rows.push({ group: GROUP, name: `… its ${SLOWEST_SHOWN} slowest scans (#index: total; phases)`, value: await register.slowest(counted) });
        if (history !== 0 || !DRAIN) continue;

        // Memory idle, with the register open and the roster pulled.
        await sleep(2_000);
        const idle = await readMemory(register.host);
        const portalPid = childPids(register.host.child.pid as number)[0];

        // During drains: 5,000 operations queued at once (another connection, as the register would),
        // drained to the embedded portal while the cashier scans; only scans that begin and end while
        // operations are still pending count. Repeated until 300 scans were measured.
        const during: number[] = [];
        const duringTimings: ScanTiming[] = [];
        let drains = 0;
        let drainMs = 0;
        const drainLoad = load();
        const counter = pendingCounter(dataDir);
        const pendingOperations = () => counter.read();
        while (during.length < SCANS && drains < 8) {
          queueDrain(dataDir, DRAIN_OPERATIONS);
          drains += 1;
          const drainStart = performance.now();
          let pending = DRAIN_OPERATIONS;
          let checkedAt = 0;
          const draining = () => {
            // The count is one indexed read of a maintained counter; at most every 20 ms.
            if (performance.now() - checkedAt > 20) {
              pending = pendingOperations();
              checkedAt = performance.now();
            }
            return pending > 0;
          };
          during.push(...(await register.scans(pty, SCANS - during.length, draining, 0, duringTimings)));
          while (pendingOperations() > 0) await sleep(50);
          drainMs += performance.now() - drainStart;
        }
        counter.close();
        const idleP99 = p99[0] as number;
        rows.push({
          group: GROUP,
          name: `… during ${drains} drain(s) of ${DRAIN_OPERATIONS.toLocaleString('en')} operations to the embedded portal (p50 / p99 / max; ${(drainMs / drains / 1000).toFixed(1)} s per drain; load ${drainLoad} → ${load()})`,
          value: stats(during),
          target: `p99 ≤ idle p99 + 10 ms (${ms(idleP99 + 10, 1)}), max ≤ 50 ms`,
          ok: percentile(during, 99) <= idleP99 + 10 && Math.max(...during) <= 50,
        });
        rows.push({ group: GROUP, name: `… its ${SLOWEST_SHOWN} slowest scans (#index: total; phases)`, value: await register.slowest(duringTimings) });
        if (!SOAK) continue;

        // Soak: 10,000 scans of unknown cards (each a scan event, a panel call and a portal lookup),
        // measured against the memory just before it (the drains above grow the database and its cache).
        await sleep(2_000);
        const drained = await readMemory(register.host);
        const soakLoad = load();
        for (let i = 0; i < SOAK_SCANS; i++) {
          pty.write(`${formatMemberCardCodabar(String(3_000_000_000 + i))}\r`);
          await sleep(4);
        }
        await sleep(5_000);
        const soaked = await readMemory(register.host);
        rows.push(
          { group: GROUP, name: 'core memory idle, register open (after GC)', value: memoryText(idle), target: 'RSS ≤ 100 MB', ok: idle.rssMb <= 100 },
          { group: GROUP, name: `core memory after ${drains} drain(s) of ${DRAIN_OPERATIONS.toLocaleString('en')} operations (after GC)`, value: `${memoryText(drained)} (RSS ${signed(drained.rssMb - idle.rssMb)} MB over idle)` },
          {
            group: GROUP,
            name: `core memory after a ${SOAK_SCANS.toLocaleString('en')}-scan soak (after GC; load ${soakLoad} → ${load()})`,
            value: `${memoryText(soaked)} (RSS ${signed(soaked.rssMb - drained.rssMb)} MB over the soak, ${signed(soaked.rssMb - idle.rssMb)} MB over idle)`,
            target: '≤ +10 MB RSS over the soak',
            ok: soaked.rssMb - drained.rssMb <= 10,
          },
        );
        if (portalPid) rows.push({ group: GROUP, name: 'embedded demo portal process, after the soak (not in the core)', value: (({ rssMb, pssMb }) => `RSS ${rssMb.toFixed(0)} MB / PSS ${pssMb.toFixed(0)} MB`)(rollup(portalPid)) });
      } finally {
        await register.close();
      }
    }
  } finally {
    await pty.stop();
    rmSync(base, { recursive: true, force: true });
  }
  return rows;
}
