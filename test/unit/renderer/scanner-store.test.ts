// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { preloadKioskSchemas } from './preload-schemas';
import type { KioskBridge } from '../../../src/shared/kiosk-api';
import type { ScanView, ScannerSourceStatus } from '../../../src/shared/api/scanner';
import { runSessionWipes } from '../../../src/renderer/src/composables/session-wipe';
import { scanSounds } from '../../../src/renderer/src/sound/scan-sounds';
import { SCAN_LOG_LIMIT, useScannerStore } from '../../../src/renderer/src/stores/scanner';
import { identifyScanVerdict } from '../../../src/renderer/src/composables/identify-scan';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
function emit(event: string, payload: unknown): void {
  for (const listener of listeners.get(event) ?? []) listener(payload);
}

// The renderer only knows window.kiosk: a fake bridge with the events and the calls the store makes.
window.kiosk = {
  on: (event: string, listener: Listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
  getScannerOverview: async () => ({
    ok: true,
    value: { sources: [source(0)], recent: [scan(1, { kind: 'memberCard', memberNo: '0012345678', ruleId: 'member-card-nw7' })], testBarcodes: [], simulator: 'sim', wedge: null },
  }),
} as unknown as KioskBridge;

function source(scanCount: number): ScannerSourceStatus {
  return { sourceId: 'sim', kind: 'sim', uri: 'sim', status: { state: 'connected', device: { description: 'Simulated scanner' }, since: 1 }, connected: true, scanCount, duplicatesDropped: 0, lastScanAt: null, errorCount: 0, lastError: null };
}

function scan(seq: number, meaning: ScanView['meaning']): ScanView {
  return { id: `scan-${seq}`, seq, sourceId: 'sim', data: 'x', meaning, at: 1_700_000_000_000 + seq };
}

beforeEach(() => {
  setActivePinia(createPinia());
  listeners.clear();
});


beforeAll(preloadKioskSchemas);
describe('useScannerStore', () => {
  it('plays the good sound for a card or app token and the bad one for anything else', () => {
    const play = vi.spyOn(scanSounds, 'play').mockImplementation(() => undefined);
    const store = useScannerStore();
    store.listen();
    emit('scan', scan(1, { kind: 'memberCard', memberNo: '0012345678', ruleId: 'member-card-nw7' }));
    emit('scan', scan(2, { kind: 'appToken', mode: 'pay', tokenHint: 'P7J8…CP', ruleId: 'app-token' }));
    emit('scan', scan(3, { kind: 'unknown', reason: 'product_code', ruleId: 'product-jan' }));
    expect(play.mock.calls).toEqual([['good'], ['good'], ['bad']]);
    expect(store.lastScan?.seq).toBe(3);
    expect(store.newestFirst.map((s) => s.seq)).toEqual([3, 2, 1]);
    play.mockRestore();
  });

  it("plays the open screen's verdict, not the classification: identification refuses an app token with the bad sound", () => {
    const play = vi.spyOn(scanSounds, 'play').mockImplementation(() => undefined);
    const store = useScannerStore();
    store.listen();
    const token = scan(1, { kind: 'appToken', mode: 'pay', tokenHint: 'P7J8…CP', ruleId: 'app-token' });
    const card = scan(2, { kind: 'memberCard', memberNo: '2024000001', ruleId: 'app-member-card' });
    const stopJudging = store.judgeScans((view) => identifyScanVerdict(view).tone);
    emit('scan', token);
    emit('scan', card);
    stopJudging();
    emit('scan', { ...token, id: 'scan-3', seq: 3 });
    expect(play.mock.calls).toEqual([['bad'], ['good'], ['good']]);
    play.mockRestore();
  });

  it('merges the overview with live scans, counts scans on their source and follows status events', async () => {
    vi.spyOn(scanSounds, 'play').mockImplementation(() => undefined);
    const store = useScannerStore();
    store.listen();
    emit('scan', scan(2, { kind: 'unknown', reason: 'unrecognised' }));
    await store.loadOverview();
    expect(store.recent.map((s) => s.seq)).toEqual([1, 2]);
    emit('scan', scan(3, { kind: 'unknown', reason: 'unrecognised' }));
    expect(store.sources[0]).toMatchObject({ scanCount: 1, lastScanAt: 1_700_000_000_003 });
    emit('scannerStatus', { ...source(1), connected: false, status: { state: 'disconnected', reason: 'unplugged', retryInMs: 1000, attempt: 1 } });
    expect(store.sources).toHaveLength(1);
    expect(store.sources[0]?.status.state).toBe('disconnected');
  });

  it('keeps a bounded log and forgets the last scan when a session is wiped', () => {
    vi.spyOn(scanSounds, 'play').mockImplementation(() => undefined);
    const store = useScannerStore();
    store.listen();
    for (let seq = 1; seq <= SCAN_LOG_LIMIT + 20; seq++) emit('scan', scan(seq, { kind: 'unknown', reason: 'unrecognised' }));
    expect(store.recent).toHaveLength(SCAN_LOG_LIMIT);
    expect(store.recent[0]?.seq).toBe(21);
    runSessionWipes();
    expect(store.lastScan).toBeNull();
    expect(store.recent).toEqual([]);
  });
});

describe('identifyScanVerdict', () => {
  it('takes whatever the nomenclature calls a member card (the app member-card display too) and points an app token to the membership card screen', () => {
    expect(identifyScanVerdict(scan(1, { kind: 'memberCard', memberNo: '2024000001', ruleId: 'app-member-card', symbology: ']Q1' }))).toEqual({ note: 'scanned', memberNo: '2024000001', tone: 'good' });
    for (const mode of ['pay', 'points', 'charge'] as const) {
      expect(identifyScanVerdict(scan(2, { kind: 'appToken', mode, tokenHint: 'P7J8…CP', ruleId: 'app-token' }))).toEqual({ note: 'paymentCode', tone: 'bad' });
    }
    expect(identifyScanVerdict(scan(3, { kind: 'unknown', reason: 'product_code', ruleId: 'product-jan' }))).toEqual({ note: 'notCard', tone: 'bad' });
  });
});

describe('scanSounds', () => {
  it('never throws without an audio device, and the bad tone is lower and longer than the good one', () => {
    expect(() => scanSounds.play('good')).not.toThrow();
    const good = scanSounds.notes('good');
    const bad = scanSounds.notes('bad');
    expect(Math.max(...bad.map((n) => n.frequency))).toBeLessThan(Math.min(...good.map((n) => n.frequency)));
    expect(bad.length).toBeGreaterThan(good.length);
  });
});
