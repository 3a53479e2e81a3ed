import { describe, expect, it } from 'vitest';
import { WedgeDetector } from '../../../drivers/wedge/detector';
import type { WedgeKeyEvent, WedgeOptions, WedgeScan } from '../../../drivers/wedge/detector';
import { WedgeScannerDriver } from '../../../drivers/wedge/driver';
import { generateWedgeTraces } from '../../fixtures/scanner/traces';
import type { KeyTrace } from '../../fixtures/scanner/traces';
import type { RawScan } from '../../../drivers/types';

const MODIFIERS = new Set(['Shift']);

/** Runs keys through a detector like a host would: returns scans and the keys that reached the page, in order. */
function run(events: readonly WedgeKeyEvent[], options: Partial<WedgeOptions> = {}) {
  const detector = new WedgeDetector(options);
  const scans: WedgeScan[] = [];
  const delivered: WedgeKeyEvent[] = [];
  for (const event of events) {
    // The host's timer fires at the deadline before a later key arrives.
    const deadline = detector.nextDeadline();
    if (deadline !== undefined && deadline <= event.at) {
      const outcome = detector.tick(deadline);
      delivered.push(...outcome.release);
      if (outcome.scan) scans.push(outcome.scan);
    }
    const decision = detector.feed(event);
    expect(decision.pass && decision.release.length > 0).toBe(false);
    delivered.push(...decision.release);
    if (decision.pass) delivered.push(event);
    if (decision.scan) scans.push(decision.scan);
  }
  const last = events.at(-1)?.at ?? 0;
  const outcome = detector.tick(last + 10_000);
  delivered.push(...outcome.release);
  if (outcome.scan) scans.push(outcome.scan);
  expect(detector.heldCount).toBe(0);
  return { scans, delivered, typed: delivered.filter((e) => !MODIFIERS.has(e.key)).map((e) => e.key) };
}

const keys = (text: string, start: number, gap: number): WedgeKeyEvent[] => [...text].map((key, i) => ({ key, at: start + i * gap }));
const nonModifierKeys = (trace: KeyTrace) => trace.events.filter((e) => !MODIFIERS.has(e.key)).map((e) => e.key);

describe('wedge detector on labelled traces (DESIGN.md §6)', () => {
  const traces = generateWedgeTraces(20240401, { scans: 300, humans: 300 });

  it('the fixture covers scanner rates 0–20 ms and human gaps of 50 ms and more', () => {
    for (const trace of traces) {
      const gaps = trace.events.filter((e) => !MODIFIERS.has(e.key)).map((e, i, all) => (i === 0 ? 0 : e.at - (all[i - 1]?.at ?? 0)));
      if (trace.label === 'scan') expect(Math.max(...gaps)).toBeLessThanOrEqual(20);
      else expect(Math.min(...gaps.slice(1))).toBeGreaterThanOrEqual(50);
    }
    expect(new Set(traces.filter((t) => t.label === 'scan').map((t) => t.paceMs))).toEqual(new Set([0, 1, 4, 7, 8, 12, 16, 20]));
    expect(traces.some((t) => t.label === 'human' && t.kind.startsWith('fast-') && t.events.at(-1)?.key === 'Enter')).toBe(true);
  });

  it('accepts every scan exactly, and none of its keys reaches the text field', () => {
    for (const trace of traces.filter((t) => t.label === 'scan')) {
      const { scans, typed } = run(trace.events);
      expect(scans.map((s) => s.data), `${trace.kind} at ${trace.paceMs} ms/key`).toEqual([trace.text]);
      expect(typed).toEqual([]);
    }
  });

  it('takes no human burst for a scan, and delivers every human key in order', () => {
    for (const trace of traces.filter((t) => t.label === 'human')) {
      const { scans, typed } = run(trace.events);
      expect(scans, `${trace.kind} "${trace.text}"`).toEqual([]);
      expect(typed).toEqual(nonModifierKeys(trace));
    }
  });

  it('handles a whole session of interleaved typing and scanning in one detector', () => {
    const session = traces.flatMap((t) => t.events);
    const { scans, typed } = run(session);
    expect(scans.map((s) => s.data)).toEqual(traces.filter((t) => t.label === 'scan').map((t) => t.text));
    expect(typed).toEqual(traces.filter((t) => t.label === 'human').flatMap(nonModifierKeys));
  });
});

describe('wedge detector rules', () => {
  it('holds a key while ambiguous and releases it when the gap runs out', () => {
    const detector = new WedgeDetector();
    expect(detector.feed({ key: 'a', at: 0 })).toEqual({ pass: false, release: [] });
    expect(detector.nextDeadline()).toBe(36);
    expect(detector.tick(35)).toEqual({ release: [] });
    expect(detector.tick(36)).toEqual({ release: [{ key: 'a', at: 0 }] });
  });

  it('releases held keys before the next key, which then goes after them', () => {
    const detector = new WedgeDetector();
    detector.feed({ key: 'a', at: 0 });
    expect(detector.feed({ key: 'Backspace', at: 10 })).toEqual({ pass: false, release: [{ key: 'a', at: 0 }, { key: 'Backspace', at: 10 }] });
    expect(detector.feed({ key: 'ArrowLeft', at: 20 })).toEqual({ pass: true, release: [] });
  });

  it('a short fast burst ended by Enter is typing, Enter included', () => {
    const { scans, typed } = run([...keys('abc', 0, 5), { key: 'Enter', at: 15 }]);
    expect(scans).toEqual([]);
    expect(typed).toEqual(['a', 'b', 'c', 'Enter']);
  });

  it('a burst whose terminator comes after the gap is typing', () => {
    const { scans, typed } = run([...keys('0012345678', 0, 10), { key: 'Enter', at: 200 }]);
    expect(scans).toEqual([]);
    expect(typed.join('')).toBe('0012345678Enter');
  });

  it('endOnIdle takes a fast burst without terminator as a scan', () => {
    const { scans } = run(keys('4901234567894', 0, 8), { endOnIdle: true });
    expect(scans.map((s) => s.data)).toEqual(['4901234567894']);
  });

  it('prefix and suffix are stripped, and a required prefix is enforced', () => {
    const events = [...keys('#A00123456782A*', 0, 5), { key: 'Enter', at: 80 }];
    expect(run(events, { prefix: '#', suffix: '*' }).scans.map((s) => s.data)).toEqual(['A00123456782A']);
    const unprefixed = [...keys('A00123456782A', 0, 5), { key: 'Enter', at: 70 }];
    const { scans, typed } = run(unprefixed, { prefix: '#', requirePrefix: true });
    expect(scans).toEqual([]);
    expect(typed.join('')).toBe('A00123456782AEnter');
  });

  it('keys aimed at text fields are left alone with ignoreTextFields', () => {
    const detector = new WedgeDetector({ ignoreTextFields: true });
    expect(detector.feed({ key: '1', at: 0, target: 'text-field' })).toEqual({ pass: true, release: [] });
  });

  it('a scan longer than maxLength comes out truncated, with bounded memory', () => {
    const detector = new WedgeDetector({ maxLength: 32 });
    for (let i = 0; i < 10_000; i++) {
      detector.feed({ key: '7', at: i });
      expect(detector.heldCount).toBeLessThanOrEqual(32);
    }
    const decision = detector.feed({ key: 'Enter', at: 10_000 });
    expect(decision.scan).toMatchObject({ data: '7'.repeat(32), truncated: { totalLength: 10_000 } });
  });

  it('non-ASCII characters and astral symbols are printable keys', () => {
    const { scans } = run([...keys('会員番号12345', 0, 3), { key: 'Enter', at: 40 }]);
    expect(scans.map((s) => s.data)).toEqual(['会員番号12345']);
    const emoji = run([...'😀😀😀😀😀😀'].map((key, i) => ({ key, at: i * 2 })).concat([{ key: 'Enter', at: 20 }]));
    expect(emoji.scans.map((s) => s.data)).toEqual(['😀😀😀😀😀😀']);
  });
});

describe('wedge driver', () => {
  it('emits scans as driver events and releases typing from its own timer', async () => {
    let clock = 0;
    const driver = new WedgeScannerDriver({ id: 'front', aim: true, now: () => clock });
    const scans: RawScan[] = [];
    const released: WedgeKeyEvent[][] = [];
    driver.on('scan', (s) => scans.push(s));
    driver.on('release', (keys) => released.push(keys));
    await driver.start();
    for (const event of [...keys(']C0CM00123456784', 0, 4), { key: 'Enter', at: 64 }]) {
      clock = event.at;
      expect(driver.handleKey(event).pass).toBe(false);
    }
    expect(scans).toEqual([{ sourceId: 'front', data: 'CM00123456784', symbology: ']C0', receivedAt: 64, terminatorAt: 64 }]);
    clock = 1000;
    driver.handleKey({ key: 'h', at: 1000 });
    clock = 1100;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(released).toEqual([[{ key: 'h', at: 1000 }]]);
    await driver.stop();
    expect(driver.handleKey({ key: 'x', at: 2000 })).toEqual({ pass: true, release: [] });
  });
});
