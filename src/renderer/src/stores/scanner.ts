import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { MemberSummary, ScanView, ScannerSourceStatus, TestBarcodeView, WedgeSettings } from '@shared/api/scanner';
import { callKiosk, onKioskEvent } from '../kiosk/client';
import { onSessionWipe } from '../composables/session-wipe';
import { scanSounds, type ScanTone } from '../sound/scan-sounds';

/**
 * How the open screen judges a scan: the sound follows its verdict, not the classification
 * alone (an app token is a good read at the register and a refusal at identification).
 */
export type ScanJudge = (scan: ScanView) => ScanTone;

/** Screens that judge nothing themselves: anything the nomenclature recognises is a good read. */
export const defaultScanJudge: ScanJudge = (scan) => (scan.meaning.kind === 'unknown' ? 'bad' : 'good');

/** Scans kept in the renderer for the live log. */
export const SCAN_LOG_LIMIT = 100;

/**
 * The scanner hub as the renderer sees it: every classified scan (with a good or bad sound),
 * per-source status, and what the staff screens load (test barcodes, simulator, wedge settings).
 */
export const useScannerStore = defineStore('scanner', () => {
  const sources = ref<ScannerSourceStatus[]>([]);
  const recent = ref<ScanView[]>([]);
  const lastScan = ref<ScanView | null>(null);
  const testBarcodes = ref<TestBarcodeView[]>([]);
  const simulator = ref<string | null>(null);
  const wedge = ref<WedgeSettings | null>(null);
  const loaded = ref(false);
  let judges: ScanJudge[] = [];

  function addScan(scan: ScanView): void {
    if (recent.value.some((known) => known.id === scan.id)) return;
    recent.value = [...recent.value, scan].slice(-SCAN_LOG_LIMIT);
  }

  function receive(scan: ScanView): void {
    lastScan.value = scan;
    addScan(scan);
    // The hub sends status only when it changes: count the scan on its source here.
    sources.value = sources.value.map((source) =>
      source.sourceId === scan.sourceId ? { ...source, scanCount: source.scanCount + 1, lastScanAt: scan.at } : source,
    );
    scanSounds.play((judges.at(-1) ?? defaultScanJudge)(scan));
  }

  /** The open screen's verdict on scans until the returned function is called (the newest judge wins). */
  function judgeScans(judge: ScanJudge): () => void {
    judges = [...judges, judge];
    return () => {
      judges = judges.filter((known) => known !== judge);
    };
  }

  function updateSource(next: ScannerSourceStatus): void {
    const index = sources.value.findIndex((source) => source.sourceId === next.sourceId);
    sources.value = index < 0 ? [...sources.value, next] : sources.value.map((source, i) => (i === index ? next : source));
  }

  /** Staff screens: the full picture from the core (merged with scans that arrived meanwhile). */
  async function loadOverview(): Promise<void> {
    const overview = await callKiosk('getScannerOverview', {});
    sources.value = overview.sources;
    const known = new Map([...overview.recent, ...recent.value].map((scan) => [scan.id, scan]));
    recent.value = [...known.values()].sort((a, b) => a.seq - b.seq).slice(-SCAN_LOG_LIMIT);
    testBarcodes.value = overview.testBarcodes;
    simulator.value = overview.simulator;
    wedge.value = overview.wedge;
    loaded.value = true;
  }

  /** Demo simulator (staff): scans `data` as if the simulator read it. */
  async function simulate(data: string): Promise<ScanView | null> {
    const { scan } = await callKiosk('injectSimulatedScan', { data });
    return scan;
  }

  function lookupMember(memberNo: string): Promise<MemberSummary | null> {
    return callKiosk('lookupMember', { memberNo });
  }

  let unsubscribe: Array<() => void> | null = null;
  function listen(): void {
    unsubscribe ??= [onKioskEvent('scan', receive), onKioskEvent('scannerStatus', updateSource)];
  }

  // A student's scan (a member number) does not outlive the session.
  onSessionWipe(() => {
    lastScan.value = null;
    recent.value = [];
  });

  const newestFirst = computed(() => [...recent.value].reverse());
  return { sources, recent, newestFirst, lastScan, testBarcodes, simulator, wedge, loaded, receive, judgeScans, updateSource, loadOverview, simulate, lookupMember, listen };
});
