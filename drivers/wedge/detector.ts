/**
 * Keyboard-wedge scan detector: tells a scanner's keystroke bursts from human typing by timing,
 * length and optional prefix/suffix, and decides for every key whether the host may deliver it.
 * Pure TypeScript with no DOM or Node dependency: the renderer feeds it `keydown` events
 * (`event.key`, `event.timeStamp`), Electron main feeds it `before-input-event` inputs.
 *
 * How it decides (scanners send a key every 0–20 ms; people rarely sustain under 50 ms):
 * - A printable key starts or continues a burst while the gap to the previous key is at most
 *   `maxInterKeyMs`. Burst keys are held back (`pass: false`) while the burst is ambiguous.
 * - A terminator key (Enter/Tab by default) within the gap ends the burst: with at least
 *   `minLength` data characters (prefix/suffix stripped, prefix required if configured) it is a
 *   scan and all its keys, terminator included, are swallowed. Otherwise the held keys are released.
 * - A gap longer than `maxInterKeyMs` (seen at the next key or by `tick`) ends the burst: released
 *   as typing, or taken as a scan when `endOnIdle` is set (scanners configured without a suffix).
 * - Any other key (Backspace, arrows, F-keys) releases held keys and then goes through.
 * - Modifier keys pass untouched and do not affect timing (scanners press Shift for capitals).
 * With `maxInterKeyMs` below 50, a burst with any gap of 50 ms or more can never be a scan.
 */

export interface WedgeKeyEvent {
  /** `KeyboardEvent.key` (the produced character, or a key name such as `Enter`). */
  key: string;
  /** Monotonic ms (`KeyboardEvent.timeStamp` / `performance.now()`). */
  at: number;
  /** Where the key would land; with `ignoreTextFields` keys aimed at text fields are left alone. */
  target?: 'text-field' | 'other';
}

export interface WedgeOptions {
  maxInterKeyMs: number;
  minLength: number;
  /** Key names that end a scan; empty to rely on `endOnIdle`. */
  terminatorKeys: readonly string[];
  /** A fast burst that simply stops (no terminator) is a scan. */
  endOnIdle: boolean;
  prefix: string;
  suffix: string;
  requirePrefix: boolean;
  ignoreTextFields: boolean;
  /** Keys kept per burst; a longer scan comes out truncated (and is then unusable). */
  maxLength: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  maxInterKeyMs: 35,
  minLength: 6,
  terminatorKeys: ['Enter', 'Tab'],
  endOnIdle: false,
  prefix: '',
  suffix: '',
  requirePrefix: false,
  ignoreTextFields: false,
  maxLength: 256,
};

export interface WedgeScan {
  data: string;
  firstKeyAt: number;
  /** Time of the terminator key, or of the last key for idle-ended scans. */
  terminatorAt: number;
  keyCount: number;
  /** Set when the burst had more than `maxLength` printable keys. */
  truncated?: { totalLength: number };
}

export interface WedgeDecision {
  /** Deliver this key event unchanged. When false the host cancels it (it is held, released below, or part of a scan). */
  pass: boolean;
  /** Keys now known to be typed by a person, oldest first, to be delivered before anything else (may include this key). */
  release: WedgeKeyEvent[];
  /** The scan this key completed, if any. */
  scan?: WedgeScan;
}

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'OS', 'Dead', 'Unidentified', 'Process']);

/** A key that types one character (one code point, e.g. `a`, `A`, `-`, `ア`). */
function isPrintable(key: string): boolean {
  if (key.length === 1) return true;
  const codePoint = key.codePointAt(0);
  return key.length === 2 && codePoint !== undefined && codePoint > 0xffff;
}

export class WedgeDetector {
  readonly options: WedgeOptions;
  private held: WedgeKeyEvent[] = [];
  /** Printable keys of the burst beyond maxLength: swallowed, counted, not stored. */
  private overflow = 0;
  private lastAt = 0;

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  }

  /** Keys held for the current burst (bounded by maxLength). */
  get heldCount(): number {
    return this.held.length;
  }

  /** When to call `tick` next (ms, same clock as the events), or undefined if nothing is held. */
  nextDeadline(): number | undefined {
    return this.held.length > 0 ? this.lastAt + this.options.maxInterKeyMs + 1 : undefined;
  }

  /** Resolves a burst whose gap has run out. Call at `nextDeadline()`. */
  tick(now: number): Omit<WedgeDecision, 'pass'> {
    const release: WedgeKeyEvent[] = [];
    const scan = this.expireBurst(now, release);
    return scan ? { release, scan } : { release };
  }

  feed(event: WedgeKeyEvent): WedgeDecision {
    const release: WedgeKeyEvent[] = [];
    const expiredScan = this.expireBurst(event.at, release);
    const decision = this.decide(event, release);
    if (expiredScan && !decision.scan) decision.scan = expiredScan;
    return decision;
  }

  /** Drops held keys without delivering them (e.g. the window lost focus). Returns them for the host. */
  reset(): WedgeKeyEvent[] {
    const held = this.held;
    this.held = [];
    this.overflow = 0;
    return held;
  }

  private decide(event: WedgeKeyEvent, release: WedgeKeyEvent[]): WedgeDecision {
    const { key } = event;
    if (MODIFIER_KEYS.has(key)) return this.deliver(event, release);
    if (this.options.ignoreTextFields && event.target === 'text-field') {
      release.push(...this.reset());
      return this.deliver(event, release);
    }
    if (this.options.terminatorKeys.includes(key)) {
      if (this.held.length === 0) return this.deliver(event, release);
      const scan = this.burstAsScan(event.at);
      if (scan) {
        this.reset();
        return { pass: false, release, scan };
      }
      release.push(...this.reset());
      return this.deliver(event, release);
    }
    if (isPrintable(key)) {
      if (this.held.length < this.options.maxLength) this.held.push(event);
      else this.overflow++;
      this.lastAt = event.at;
      return { pass: false, release };
    }
    release.push(...this.reset());
    return this.deliver(event, release);
  }

  /** The current key goes through: natively if nothing is queued before it, else at the end of the release list. */
  private deliver(event: WedgeKeyEvent, release: WedgeKeyEvent[]): WedgeDecision {
    if (release.length === 0) return { pass: true, release };
    release.push(event);
    return { pass: false, release };
  }

  private expireBurst(now: number, release: WedgeKeyEvent[]): WedgeScan | undefined {
    if (this.held.length === 0 || now - this.lastAt <= this.options.maxInterKeyMs) return undefined;
    const scan = this.options.endOnIdle ? this.burstAsScan(this.lastAt) : undefined;
    const held = this.reset();
    if (!scan) release.push(...held);
    return scan;
  }

  private burstAsScan(terminatorAt: number): WedgeScan | undefined {
    const { prefix, suffix, requirePrefix, minLength } = this.options;
    let text = this.held.map((e) => e.key).join('');
    const hasPrefix = prefix !== '' && text.startsWith(prefix);
    if (requirePrefix && !hasPrefix) return undefined;
    if (hasPrefix) text = text.slice(prefix.length);
    if (suffix !== '' && text.endsWith(suffix)) text = text.slice(0, text.length - suffix.length);
    if ([...text].length + this.overflow < minLength) return undefined;
    const first = this.held[0];
    return {
      data: text,
      firstKeyAt: first ? first.at : terminatorAt,
      terminatorAt,
      keyCount: this.held.length + this.overflow,
      ...(this.overflow > 0 ? { truncated: { totalLength: this.held.length + this.overflow } } : {}),
    };
  }
}
