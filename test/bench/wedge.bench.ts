/**
 * Keyboard-wedge detection (DESIGN.md §6: every scan at 0–20 ms per key accepted; no human burst at
 * 50 ms or more per key taken for a scan). The same seeded, labelled traces
 * (test/fixtures/scanner/traces.ts) go through our WedgeDetector and through onscan.js with its
 * default options.
 *
 * onscan.js is a browser library: it listens for `keydown` on a DOM node, decodes `keyCode`/`which`,
 * reads the time with `Date.now()` and validates a burst in a `setTimeout` 100 ms after the last key.
 * It runs here unmodified in a happy-dom document; synthetic KeyboardEvents (key, keyCode, which,
 * shiftKey, as a US keyboard produces them) are dispatched at the trace's timestamps with `Date.now`,
 * `setTimeout` and `clearTimeout` replaced by a virtual clock, so its timing is exactly the trace's.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Window } from 'happy-dom';
import { WedgeDetector } from '../../drivers/wedge/detector';
import type { WedgeKeyEvent } from '../../drivers/wedge/detector';
import { generateWedgeTraces, legacyKeyCode } from '../fixtures/scanner/traces';
import type { KeyTrace } from '../fixtures/scanner/traces';
import type { BenchRow } from './bench-row';

const SEED = 20240401;
const COUNTS = { scans: 1000, humans: 1000 };

interface Outcome {
  /** Scans reported while each trace was being typed (plus its timers), by trace index. */
  scansByTrace: string[][];
  /** Keys of each trace that reached the page (not cancelled / held), by trace index. */
  leakedByTrace: number[];
}

function runOurs(traces: readonly KeyTrace[]): Outcome {
  const detector = new WedgeDetector();
  const scansByTrace: string[][] = traces.map(() => []);
  const leakedByTrace = traces.map(() => 0);
  traces.forEach((trace, index) => {
    // Modifier keys pass by design (they type nothing); only keys that type something count as leaks.
    const deliver = (keys: readonly WedgeKeyEvent[]) => (leakedByTrace[index] = (leakedByTrace[index] ?? 0) + keys.filter((k) => k.key !== 'Shift').length);
    for (const event of trace.events) {
      const deadline = detector.nextDeadline();
      if (deadline !== undefined && deadline <= event.at) {
        const outcome = detector.tick(deadline);
        deliver(outcome.release);
        if (outcome.scan) scansByTrace[index]?.push(outcome.scan.data);
      }
      const decision = detector.feed(event);
      deliver(decision.pass ? [...decision.release, event] : decision.release);
      if (decision.scan) scansByTrace[index]?.push(decision.scan.data);
    }
    const outcome = detector.tick((trace.events.at(-1)?.at ?? 0) + 400);
    deliver(outcome.release);
    if (outcome.scan) scansByTrace[index]?.push(outcome.scan.data);
  });
  return { scansByTrace, leakedByTrace };
}

interface OnScanApi {
  attachTo(element: unknown, options: Record<string, unknown>): void;
  detachFrom(element: unknown): void;
}

/** Virtual time for onscan.js: Date.now() and timers follow the trace's clock, not the machine's. */
class VirtualClock {
  now = 0;
  private nextId = 1;
  private timers = new Map<number, { at: number; fn: (...args: unknown[]) => void; args: unknown[] }>();

  setTimeout = (fn: (...args: unknown[]) => void, ms = 0, ...args: unknown[]): number => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, fn, args });
    return id;
  };

  clearTimeout = (id: number | undefined): void => {
    if (id !== undefined) this.timers.delete(id);
  };

  /** Runs due timers in time order, then sets the time to `time`. */
  advanceTo(time: number): void {
    for (;;) {
      let due: [number, { at: number; fn: (...args: unknown[]) => void; args: unknown[] }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= time && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn(...due[1].args);
    }
    this.now = time;
  }
}

function runOnScan(traces: readonly KeyTrace[]): Outcome {
  const window = new Window();
  const document = window.document;
  const onScan = createRequire(import.meta.url)('onscan.js') as OnScanApi;
  const clock = new VirtualClock();
  const scansByTrace: string[][] = traces.map(() => []);
  const leakedByTrace = traces.map(() => 0);
  let current = 0;

  const globals = globalThis as unknown as Record<string, unknown>;
  const saved = { now: Date.now, setTimeout: globals.setTimeout, clearTimeout: globals.clearTimeout, CustomEvent: globals.CustomEvent };
  Date.now = () => clock.now;
  globals.setTimeout = clock.setTimeout;
  globals.clearTimeout = clock.clearTimeout;
  globals.CustomEvent = window.CustomEvent;
  try {
    onScan.attachTo(document, { onScan: (code: string) => scansByTrace[current]?.push(code) });
    traces.forEach((trace, index) => {
      current = index;
      for (const event of trace.events) {
        clock.advanceTo(event.at);
        const { keyCode, shiftKey } = legacyKeyCode(event.key);
        const keyboardEvent = new window.KeyboardEvent('keydown', { key: event.key, keyCode, which: keyCode, shiftKey, bubbles: true, cancelable: true });
        document.dispatchEvent(keyboardEvent);
        if (!keyboardEvent.defaultPrevented && event.key !== 'Shift') leakedByTrace[index] = (leakedByTrace[index] ?? 0) + 1;
      }
      clock.advanceTo((trace.events.at(-1)?.at ?? 0) + 400);
    });
    onScan.detachFrom(document);
  } finally {
    Date.now = saved.now;
    globals.setTimeout = saved.setTimeout;
    globals.clearTimeout = saved.clearTimeout;
    globals.CustomEvent = saved.CustomEvent;
    void window.happyDOM.close();
  }
  return { scansByTrace, leakedByTrace };
}

function score(traces: readonly KeyTrace[], outcome: Outcome) {
  let accepted = 0;
  let detectedWrongData = 0;
  let humanTaken = 0;
  let scanKeysLeaked = 0;
  traces.forEach((trace, index) => {
    const scans = outcome.scansByTrace[index] ?? [];
    if (trace.label === 'scan') {
      if (scans.length === 1 && scans[0] === trace.text) accepted++;
      else if (scans.length > 0) detectedWrongData++;
      scanKeysLeaked += outcome.leakedByTrace[index] ?? 0;
    } else if (scans.length > 0) {
      humanTaken++;
    }
  });
  return { accepted, detectedWrongData, humanTaken, scanKeysLeaked };
}

function detectorSpeed(traces: readonly KeyTrace[]): number {
  const events: WedgeKeyEvent[] = traces.flatMap((t) => t.events);
  const rounds = 20;
  const start = performance.now();
  for (let round = 0; round < rounds; round++) {
    const detector = new WedgeDetector();
    for (const event of events) {
      const deadline = detector.nextDeadline();
      if (deadline !== undefined && deadline <= event.at) detector.tick(deadline);
      detector.feed(event);
    }
  }
  return ((performance.now() - start) * 1000) / (rounds * events.length);
}

export default async function (): Promise<BenchRow[]> {
  const traces = generateWedgeTraces(SEED, COUNTS);
  const scanCount = traces.filter((t) => t.label === 'scan').length;
  const humanCount = traces.length - scanCount;
  const scanKeys = traces.filter((t) => t.label === 'scan').reduce((n, t) => n + t.events.filter((e) => e.key !== 'Shift').length, 0);
  const ours = score(traces, runOurs(traces));
  const onscan = score(traces, runOnScan(traces));
  const group = 'wedge detector';
  const rows: BenchRow[] = [];
  for (const [name, result] of [
    ['WedgeDetector', ours],
    ['onscan.js defaults', onscan],
  ] as const) {
    rows.push(
      { group, name: `${name}: scans accepted (0–20 ms/key, exact data)`, value: `${result.accepted}/${scanCount}`, target: `${scanCount}/${scanCount}`, ok: result.accepted === scanCount },
      { group, name: `${name}: scans detected with wrong data`, value: String(result.detectedWrongData) },
      { group, name: `${name}: human bursts taken for a scan (≥50 ms/key)`, value: `${result.humanTaken}/${humanCount}`, target: '0', ok: result.humanTaken === 0 },
      { group, name: `${name}: scanner keys leaked into the text field`, value: `${result.scanKeysLeaked}/${scanKeys}`, target: '0', ok: result.scanKeysLeaked === 0 },
    );
  }
  rows.push({ group, name: 'WedgeDetector cost per key', value: `${detectorSpeed(traces).toFixed(3)} µs` });
  return rows;
}
