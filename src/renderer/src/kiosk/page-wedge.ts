/**
 * The keyboard wedge in the web host's page (in the Electron app it runs in main instead): a
 * capture-phase `keydown` listener on the window feeds every key, with its `timeStamp`, to the
 * wedge detector before any element sees it. Scanner keys are cancelled there, so they never land
 * in a focused text field; a finished scan is handed to `submit` (the core's submitWedgeScan).
 * Keys held while a burst was ambiguous and then found to be typing are given back in order:
 * characters are inserted into the focused editable field (with an `input` event, so v-model sees
 * them), other keys — and characters aimed at a read-only field or no field, such as the staff
 * pad's — are re-dispatched to it as keydown events.
 */
import { WedgeScannerDriver } from '../../../../drivers/wedge/driver';
import type { WedgeKeyEvent } from '../../../../drivers/wedge/detector';
import { planGiveBack } from '../../../../drivers/wedge/give-back';
import type { RawScan } from '../../../../drivers/types';
import type { WedgeSettings } from '@shared/api/scanner';

export interface PageWedgeOptions {
  settings: WedgeSettings;
  submit: (scan: RawScan) => void;
  target?: Window;
  /** Tests dispatch synthetic events; the kiosk listens to trusted (real) keys only. */
  acceptUntrusted?: boolean;
  /** The page's monotonic clock and a key's time on it; default performance.now() and `event.timeStamp`. */
  now?: () => number;
  keyTime?: (event: KeyboardEvent) => number;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'tel', 'url', 'password', 'number']);

type TextField = HTMLInputElement | HTMLTextAreaElement;

function asTextField(element: EventTarget | Element | null): TextField | null {
  if (element instanceof HTMLTextAreaElement) return element;
  if (element instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(element.type)) return element;
  return null;
}

function isTextTarget(element: EventTarget | null): boolean {
  return asTextField(element) !== null || (element instanceof HTMLElement && element.isContentEditable);
}

/** Inserts `text` at the caret of a text field, as typing would (maxlength kept, `input` fired). */
function insertIntoField(field: TextField, text: string): void {
  if (field.readOnly || field.disabled) return;
  const room = field.maxLength >= 0 ? Math.max(0, field.maxLength - field.value.length) : text.length;
  const piece = [...text].slice(0, room).join('');
  if (piece === '') return;
  try {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? field.value.length;
    field.setRangeText(piece, start, end, 'end');
  } catch {
    // type=number and type=email have no selection API.
    field.value += piece;
  }
  field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: piece }));
}

export class PageWedge {
  readonly driver: WedgeScannerDriver;
  private readonly target: Window;
  private readonly acceptUntrusted: boolean;
  /** Physical keys whose keydown was cancelled: their keyup is cancelled too. */
  private readonly cancelled = new Set<string>();
  /** Events this class dispatched itself (given-back keys): never fed to the detector again. */
  private readonly own = new WeakSet<Event>();
  private readonly unsubscribe: Array<() => void> = [];
  private attached = false;

  constructor(private readonly options: PageWedgeOptions) {
    const { settings } = options;
    this.target = options.target ?? window;
    this.acceptUntrusted = options.acceptUntrusted ?? false;
    const { sourceId, runsIn: _runsIn, ...detector } = settings;
    // KeyboardEvent.timeStamp and performance.now() share the page's clock.
    this.driver = new WedgeScannerDriver({ id: sourceId, ...detector, now: options.now ?? (() => performance.now()) });
  }

  attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.unsubscribe.push(
      this.driver.on('scan', (scan) => this.options.submit(scan)),
      this.driver.on('release', (keys) => this.giveBack(keys)),
    );
    void this.driver.start();
    this.target.addEventListener('keydown', this.onKeydown, { capture: true });
    this.target.addEventListener('keyup', this.onKeyup, { capture: true });
  }

  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.target.removeEventListener('keydown', this.onKeydown, { capture: true });
    this.target.removeEventListener('keyup', this.onKeyup, { capture: true });
    void this.driver.stop();
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (this.own.has(event) || (!event.isTrusted && !this.acceptUntrusted)) return;
    // Shortcuts, IME composition and auto-repeat (a key held down) are a person's, never a scanner's.
    if (event.isComposing || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    const at = this.options.keyTime ? this.options.keyTime(event) : event.timeStamp;
    const decision = this.driver.handleKey({ key: event.key, at, target: isTextTarget(event.target) ? 'text-field' : 'other' });
    if (!decision.pass) {
      event.preventDefault();
      event.stopImmediatePropagation();
      if (this.cancelled.size < 256) this.cancelled.add(event.code);
    }
    if (decision.release.length > 0) this.giveBack(decision.release);
  };

  private readonly onKeyup = (event: KeyboardEvent): void => {
    if (this.own.has(event)) return;
    if (this.cancelled.delete(event.code)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  };

  private giveBack(keys: readonly WedgeKeyEvent[]): void {
    const document = this.target.document;
    const focused = document.activeElement;
    // A read-only field (the staff pad's number and PIN) takes no text: its keydown listeners take the keys.
    const field = asTextField(focused);
    const editable = field && !field.readOnly && !field.disabled ? field : null;
    for (const step of planGiveBack(keys)) {
      if (step.kind === 'text') {
        if (editable) insertIntoField(editable, step.text);
        else if (focused instanceof HTMLElement && focused.isContentEditable) document.execCommand('insertText', false, step.text);
        else for (const key of step.text) this.dispatchKey(focused ?? document.body, key);
        continue;
      }
      const delivered = this.dispatchKey(focused ?? document.body, step.key);
      // A re-dispatched Enter does not submit by itself: do what the browser would have done.
      if (delivered && step.key === 'Enter' && focused instanceof HTMLInputElement && focused.form) focused.form.requestSubmit();
    }
  }

  /** Dispatches a keydown/keyup pair; returns false when a listener cancelled the keydown. */
  private dispatchKey(element: Element, key: string): boolean {
    const down = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true });
    const up = new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true, composed: true });
    this.own.add(down);
    this.own.add(up);
    const delivered = element.dispatchEvent(down);
    element.dispatchEvent(up);
    return delivered;
  }
}
