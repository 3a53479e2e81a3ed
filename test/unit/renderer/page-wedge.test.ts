// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WedgeSettings } from '../../../src/shared/api/scanner';
import type { RawScan } from '../../../drivers/types';
import { DEFAULT_WEDGE_OPTIONS } from '../../../drivers/wedge/detector';
import { PageWedge } from '../../../src/renderer/src/kiosk/page-wedge';

const SETTINGS: WedgeSettings = { ...DEFAULT_WEDGE_OPTIONS, terminatorKeys: [...DEFAULT_WEDGE_OPTIONS.terminatorKeys], sourceId: 'wedge', runsIn: 'renderer', aim: true };

let now = 0;
const times = new WeakMap<Event, number>();
let wedge: PageWedge;
let scans: RawScan[];
let field: HTMLInputElement;
let inputEvents: number;

beforeEach(() => {
  vi.useFakeTimers();
  now = 1000;
  scans = [];
  inputEvents = 0;
  document.body.innerHTML = '<form><input id="f" type="text" /></form><button id="b">x</button>';
  field = document.getElementById('f') as HTMLInputElement;
  field.addEventListener('input', () => inputEvents++);
  field.focus();
  wedge = new PageWedge({ settings: SETTINGS, submit: (scan) => scans.push(scan), acceptUntrusted: true, now: () => now, keyTime: (event) => times.get(event) ?? now });
  wedge.attach();
});
afterEach(() => {
  wedge.detach();
  vi.useRealTimers();
});

/** A key press as the browser would deliver it to the focused element; returns the keydown. */
function press(key: string): KeyboardEvent {
  const target = document.activeElement ?? document.body;
  const down = new KeyboardEvent('keydown', { key, code: key.length === 1 ? `Key${key.toUpperCase()}` : key, bubbles: true, cancelable: true });
  times.set(down, now);
  target.dispatchEvent(down);
  // What the browser does for a keydown nobody cancelled: type the character.
  if (!down.defaultPrevented && key.length === 1 && target === field) {
    field.value += key;
    field.dispatchEvent(new InputEvent('input', { bubbles: true }));
  }
  target.dispatchEvent(new KeyboardEvent('keyup', { key, code: down.code, bubbles: true, cancelable: true }));
  return down;
}

function type(text: string, gapMs: number): KeyboardEvent[] {
  return [...text].map((key) => {
    const down = press(key);
    now += gapMs;
    vi.advanceTimersByTime(gapMs);
    return down;
  });
}

describe('keyboard wedge in the page', () => {
  it('keeps a scanner burst out of the focused text field and submits the scan (AIM id split off)', () => {
    const downs = type(']C0CM00123456784', 9);
    press('Enter');
    expect(downs.every((down) => down.defaultPrevented)).toBe(true);
    expect(field.value).toBe('');
    expect(inputEvents).toBe(0);
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ sourceId: 'wedge', data: 'CM00123456784', symbology: ']C0' });
  });

  it('puts a person’s typing into the field in order, with input events', () => {
    type('hello', 150);
    now += 100;
    vi.advanceTimersByTime(100);
    expect(field.value).toBe('hello');
    expect(inputEvents).toBe(5);
    expect(scans).toEqual([]);
  });

  it('re-dispatches the Enter that ended a short burst after giving the burst back', () => {
    const seen: string[] = [];
    field.addEventListener('keydown', (event) => seen.push(event.key));
    let submitted = 0;
    field.form?.addEventListener('submit', (event) => {
      event.preventDefault();
      submitted++;
    });
    type('123', 5);
    press('Enter');
    expect(field.value).toBe('123');
    expect(seen).toEqual(['Enter']);
    expect(submitted).toBe(1);
  });

  it('gives quick typing back to a read-only field (the staff pad) as key presses, which its keydown listener takes', () => {
    document.body.insertAdjacentHTML('beforeend', '<div id="pad"><input id="staff-no" type="text" readonly /></div>');
    const staffNo = document.getElementById('staff-no') as HTMLInputElement;
    const typed: string[] = [];
    document.getElementById('pad')?.addEventListener('keydown', (event) => typed.push(event.key));
    staffNo.focus();
    // Two digits 5 ms apart (a rolled "10"), then nothing: held as a possible scan, then given back.
    const downs = type('10', 5);
    now += 100;
    vi.advanceTimersByTime(100);
    expect(downs.every((down) => down.defaultPrevented)).toBe(true);
    expect(typed).toEqual(['1', '0']);
    expect(staffNo.value).toBe('');
    expect(scans).toEqual([]);
  });

  it('lets shortcuts and auto-repeat through untouched', () => {
    const target = field;
    const ctrl = new KeyboardEvent('keydown', { key: 'a', ctrlKey: true, bubbles: true, cancelable: true });
    const repeat = new KeyboardEvent('keydown', { key: 'x', repeat: true, bubbles: true, cancelable: true });
    target.dispatchEvent(ctrl);
    target.dispatchEvent(repeat);
    expect(ctrl.defaultPrevented).toBe(false);
    expect(repeat.defaultPrevented).toBe(false);
  });

  it('ignores untrusted events unless told otherwise, and stops listening when detached', () => {
    wedge.detach();
    const strict = new PageWedge({ settings: SETTINGS, submit: (scan) => scans.push(scan) });
    strict.attach();
    const downs = type('A00123456782A', 5);
    press('Enter');
    strict.detach();
    expect(downs.some((down) => down.defaultPrevented)).toBe(false);
    expect(scans).toEqual([]);
    expect(field.value).toBe('A00123456782A');
  });
});
