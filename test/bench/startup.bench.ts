/**
 * Cold start at the pixels (issue 18, item 5; DESIGN.md §6): from spawning the built web host to
 * the attract screen answering a tap, in headless Chromium as the kiosk's browser: the clock
 * starts at spawn, the browser opens the one-time launch URL the host prints, taps "start" on
 * the attract screen, and the clock stops when the next screen's heading is rendered.
 * Fresh data folder (first start: migrations, demo staff, new browser profile) and existing
 * (the same folder and browser profile again), p50 / p99 over RUNS starts each.
 * Then the core's memory idle: RSS and PSS from /proc/<pid>/smaps_rollup and the V8 heap after
 * GC, with the environment `npm start` gives the kiosk (scripts/launch-env.mjs) and, to show
 * what it changes, once without it. Needs `npm run build` and Chromium.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { kioskProcessEnv } from '../../scripts/launch-env.mjs';
import { freePort, KIOSK_READY_LINE, ROOT, startPortal, startProcess, type RunningProcess } from '../e2e/support/processes';
import { ms, percentile, type BenchRow } from './bench-row';

const RUNS = 12;
const MEMORY_SAMPLES = 3;
const IDLE_BEFORE_MEMORY_MS = 3_000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
const HEAP_PROBE = join(ROOT, 'test', 'bench', 'heap-probe.cjs');

interface Memory {
  rssMb: number;
  pssMb: number;
  heapMb: number;
}

export interface StartRun {
  /** The built web host to start; the default is this checkout's. */
  webHost?: string;
  dataDir: string;
  profileDir: string;
  portalUrl: string;
  env: NodeJS.ProcessEnv;
  measureMemory: boolean;
}

/** One cold start: spawn → launch URL → tap answered; the phases are for comparisons. */
export async function coldStart(run: StartRun): Promise<{ ms: number; phases: { ready: number; attract: number; tap: number }; memory: Memory | null }> {
  // The kiosk's browser is already running when the kiosk starts: its launch is not counted.
  const context = await chromium.launchPersistentContext(run.profileDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1080, height: 1920 },
  });
  let host: RunningProcess | null = null;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const started = performance.now();
    const spawned = await startProcess(
      ['--expose-gc', '--require', HEAP_PROBE, run.webHost ?? join(ROOT, 'out', 'main', 'web-host.js')],
      { ...run.env, KIOSK_DATA_DIR: run.dataDir, KIOSK_PORT: '0', PORTAL_URL: run.portalUrl, KIOSK_DEMO: '1', KIOSK_LANG: 'ja' },
      KIOSK_READY_LINE,
    );
    host = spawned.process;
    const ready = performance.now();
    await page.goto(spawned.match[1] as string);
    const start = page.getByRole('button', { name: 'タッチしてはじめる' });
    await start.waitFor();
    const attract = performance.now();
    await start.click();
    await page.getByRole('heading', { name: 'ご用件を選んでください' }).waitFor();
    const elapsed = performance.now() - started;
    let memory: Memory | null = null;
    if (run.measureMemory) {
      await new Promise((resolve) => setTimeout(resolve, IDLE_BEFORE_MEMORY_MS));
      memory = await readMemory(host);
    }
    return { ms: elapsed, phases: { ready: ready - started, attract: attract - ready, tap: started + elapsed - attract }, memory };
  } finally {
    await host?.stop();
    await context.close();
  }
}

async function readMemory(host: RunningProcess): Promise<Memory> {
  const pid = host.child.pid as number;
  const heapBefore = host.output().length;
  process.kill(pid, 'SIGUSR2');
  let heapUsed = Number.NaN;
  for (let attempt = 0; attempt < 100 && Number.isNaN(heapUsed); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const line = /heap-probe (\{.*\})/.exec(host.output().slice(heapBefore));
    if (line) heapUsed = (JSON.parse(line[1] as string) as { heapUsed: number }).heapUsed;
  }
  // After the GC the probe triggered, so RSS is not inflated by garbage.
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? Number.NaN);
  return { rssMb: kb('Rss') / 1024, pssMb: kb('Pss') / 1024, heapMb: heapUsed / 1024 / 1024 };
}

function median(values: number[]): number {
  return percentile(values, 50);
}

function memoryValue(samples: Memory[]): string {
  const mb = (v: number) => `${v.toFixed(0)} MB`;
  return `RSS ${mb(median(samples.map((s) => s.rssMb)))} / PSS ${mb(median(samples.map((s) => s.pssMb)))} / heap ${mb(median(samples.map((s) => s.heapMb)))}`;
}

export default async function bench(): Promise<BenchRow[]> {
  const base = mkdtempSync(join(tmpdir(), 'kiosk-bench-start-'));
  const portalPort = await freePort();
  const portal = await startPortal(portalPort, join(base, 'portal'));
  try {
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    const env = kioskProcessEnv({});
    const loadBefore = loadavg()[0] as number;
    const fresh: number[] = [];
    const existing: number[] = [];
    const phases: { ready: number; attract: number; tap: number }[] = [];
    const freshMemory: Memory[] = [];
    const existingMemory: Memory[] = [];
    for (let run = 0; run < RUNS; run++) {
      const folders = { dataDir: join(base, `kiosk-${run}`), profileDir: join(base, `browser-${run}`), portalUrl, env };
      const first = await coldStart({ ...folders, measureMemory: run < MEMORY_SAMPLES });
      fresh.push(first.ms);
      phases.push(first.phases);
      if (first.memory) freshMemory.push(first.memory);
      const again = await coldStart({ ...folders, measureMemory: run < MEMORY_SAMPLES });
      existing.push(again.ms);
      phases.push(again.phases);
      if (again.memory) existingMemory.push(again.memory);
    }
    const plain = await coldStart({ dataDir: join(base, 'kiosk-plain'), profileDir: join(base, 'browser-plain'), portalUrl, env: {}, measureMemory: true });
    const row = (samples: number[]) => `${ms(percentile(samples, 50), 0)} / ${ms(percentile(samples, 99), 0)}`;
    const rssOk = (samples: Memory[]) => median(samples.map((s) => s.rssMb)) <= 100;
    return [
      { group: 'start-up', name: `spawn → attract screen answers a tap, fresh data folder (p50 / p99 of ${RUNS})`, value: row(fresh), target: 'p50 ≤ 1000 ms', ok: percentile(fresh, 50) <= 1000 },
      { group: 'start-up', name: `spawn → attract screen answers a tap, existing data folder (p50 / p99 of ${RUNS})`, value: row(existing), target: 'p50 ≤ 800 ms', ok: percentile(existing, 50) <= 800 },
      {
        group: 'start-up',
        name: 'where the time goes, median of all starts: spawn → ready line / → attract screen shown / → tap answered',
        value: `${ms(median(phases.map((p) => p.ready)), 0)} / ${ms(median(phases.map((p) => p.attract)), 0)} / ${ms(median(phases.map((p) => p.tap)), 0)}`,
      },
      { group: 'start-up', name: `core memory idle after start, fresh data folder (median of ${MEMORY_SAMPLES})`, value: memoryValue(freshMemory), target: 'RSS ≤ 100 MB', ok: rssOk(freshMemory) },
      { group: 'start-up', name: `core memory idle after start, existing data folder (median of ${MEMORY_SAMPLES})`, value: memoryValue(existingMemory), target: 'RSS ≤ 100 MB', ok: rssOk(existingMemory) },
      { group: 'start-up', name: 'core memory idle, fresh, without the launcher’s MALLOC_MMAP_THRESHOLD_ (for comparison)', value: memoryValue(plain.memory ? [plain.memory] : []) },
      // Start-up times move with whatever else the two cores run: the load beside the figures.
      { group: 'start-up', name: 'machine load during these rows (1-min load average, start / end)', value: `${loadBefore.toFixed(1)} / ${(loadavg()[0] as number).toFixed(1)}` },
    ];
  } finally {
    await portal.stop();
    rmSync(base, { recursive: true, force: true });
  }
}
