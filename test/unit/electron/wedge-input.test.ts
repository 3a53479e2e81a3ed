import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WedgeSettings } from '../../../src/shared/api/scanner';
import type { RawScan } from '../../../drivers/types';
import { DEFAULT_WEDGE_OPTIONS } from '../../../drivers/wedge/detector';

// The glue only needs electron's types; the mock makes sure no real electron is ever loaded here.
vi.mock('electron', () => ({}));
const { attachWedgeInput } = await import('../../../src/main/electron/wedge-input');

const SETTINGS: WedgeSettings = { ...DEFAULT_WEDGE_OPTIONS, terminatorKeys: [...DEFAULT_WEDGE_OPTIONS.terminatorKeys], sourceId: 'wedge', runsIn: 'main', aim: false };

/** A stand-in for the kiosk window's WebContents. */
class FakeContents extends EventEmitter {
  insertText = vi.fn(async (_text: string) => undefined);
  sendInputEvent = vi.fn((_event: unknown) => undefined);
  isDestroyed = () => false;
  /** Sends a key as Electron would; returns whether main cancelled it. */
  key(type: 'keyDown' | 'keyUp', key: string, extra: Partial<Record<'control' | 'meta' | 'alt' | 'isAutoRepeat', boolean>> = {}): boolean {
    const event = { preventDefault: vi.fn() };
    const code = key.length === 1 ? `Key${key.toUpperCase()}` : key;
    this.emit('before-input-event', event, { type, key, code, isComposing: false, isAutoRepeat: false, control: false, meta: false, alt: false, shift: false, location: 0, modifiers: [], ...extra });
    return event.preventDefault.mock.calls.length > 0;
  }
}

let now = 0;
let contents: FakeContents;
let scans: RawScan[];
let detach: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  now = 1000;
  contents = new FakeContents();
  scans = [];
  detach = attachWedgeInput(contents as never, { settings: SETTINGS, onScan: (scan) => scans.push(scan), now: () => now });
});
afterEach(() => {
  detach();
  vi.useRealTimers();
});

/** Types `text` with `gapMs` between keys (key down then up), returning which keyDowns were cancelled. */
function type(text: string, gapMs: number): boolean[] {
  const cancelled: boolean[] = [];
  for (const key of text) {
    cancelled.push(contents.key('keyDown', key));
    contents.key('keyUp', key);
    now += gapMs;
    vi.advanceTimersByTime(gapMs);
  }
  return cancelled;
}

describe('keyboard wedge on before-input-event', () => {
  it('cancels a scanner burst key by key (down and up) and hands the scan to the core', () => {
    const downs = type('A00123456782A', 8);
    expect(contents.key('keyDown', 'Enter')).toBe(true);
    expect(contents.key('keyUp', 'Enter')).toBe(true);
    expect(downs.every(Boolean)).toBe(true);
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ sourceId: 'wedge', data: 'A00123456782A' });
    expect(contents.insertText).not.toHaveBeenCalled();
    expect(contents.sendInputEvent).not.toHaveBeenCalled();
  });

  it('gives a person’s keys back to the page in order', () => {
    type('hi', 200);
    now += 100;
    vi.advanceTimersByTime(100);
    expect(contents.insertText.mock.calls.map(([text]) => text).join('')).toBe('hi');
    expect(scans).toEqual([]);
  });

  it('releases a short fast burst and re-sends the Enter that ended it', () => {
    type('123', 5);
    expect(contents.key('keyDown', 'Enter')).toBe(true);
    expect(contents.insertText).toHaveBeenCalledWith('123');
    expect(contents.sendInputEvent.mock.calls.map(([event]) => event)).toEqual([
      { type: 'keyDown', keyCode: 'Enter' },
      { type: 'keyUp', keyCode: 'Enter' },
    ]);
    expect(scans).toEqual([]);
  });

  it('leaves shortcuts, auto-repeat and lone non-character keys alone', () => {
    expect(contents.key('keyDown', 'c', { control: true })).toBe(false);
    expect(contents.key('keyDown', 'a', { isAutoRepeat: true })).toBe(false);
    expect(contents.key('keyDown', 'Enter')).toBe(false);
    expect(contents.key('keyDown', 'Shift')).toBe(false);
    expect(contents.key('keyUp', 'c')).toBe(false);
  });

  it('stops listening when detached', () => {
    detach();
    expect(contents.listenerCount('before-input-event')).toBe(0);
    expect(type('A00123456782A', 8).some(Boolean)).toBe(false);
    detach = () => undefined;
  });
});
