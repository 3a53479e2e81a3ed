/**
 * The keyboard wedge in the Electron app: every key the kiosk window is about to receive passes
 * through `before-input-event` in main, where the wedge detector decides. Scanner keys are
 * cancelled there (`preventDefault`), so they never reach the page or a focused text field; a
 * finished scan goes to the core (`submitWedgeScan`) and joins the hub's stream. Keys held while a
 * burst was ambiguous and then found to be typing are given back to the page in order: characters
 * with `insertText`, other keys with `sendInputEvent`.
 */
import type { Event as ElectronEvent, Input, KeyboardInputEvent, WebContents } from 'electron';
import { WedgeScannerDriver } from '../../../drivers/wedge/driver';
import type { WedgeKeyEvent } from '../../../drivers/wedge/detector';
import { planGiveBack } from '../../../drivers/wedge/give-back';
import type { RawScan } from '../../../drivers/types';
import type { WedgeSettings } from '../../shared/api/scanner';

/** The part of WebContents the wedge uses (a mock in tests). */
export type WedgeContents = Pick<WebContents, 'insertText' | 'sendInputEvent' | 'isDestroyed'> & {
  on(event: 'before-input-event', listener: (event: ElectronEvent, input: Input) => void): unknown;
  off(event: 'before-input-event', listener: (event: ElectronEvent, input: Input) => void): unknown;
};

export interface WedgeInputOptions {
  settings: WedgeSettings;
  /** Called for each finished scan (main submits it to the core). */
  onScan: (scan: RawScan) => void;
  /** Monotonic ms; default performance.now(). */
  now?: () => number;
}

/** DOM key names → Electron accelerator key codes for keys given back with sendInputEvent. */
const ACCELERATOR_KEYS: Record<string, string> = {
  Enter: 'Enter',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Escape: 'Escape',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ' ': 'Space',
};

/** Attaches the wedge to the kiosk window's contents; returns a function that detaches it. */
export function attachWedgeInput(contents: WedgeContents, options: WedgeInputOptions): () => void {
  const { settings } = options;
  const now = options.now ?? (() => performance.now());
  const { sourceId, runsIn: _runsIn, ...detector } = settings;
  // Main cannot see what has focus in the page: every key goes through the detector.
  const driver = new WedgeScannerDriver({ id: sourceId, ...detector, ignoreTextFields: false, now });
  /** Physical keys whose keyDown was cancelled: their keyUp is cancelled too (bounded by the keyboard). */
  const cancelled = new Set<string>();

  function giveBack(keys: readonly WedgeKeyEvent[]): void {
    if (contents.isDestroyed()) return;
    for (const step of planGiveBack(keys)) {
      if (step.kind === 'text') {
        // Fire and forget: the text lands before the next input event Electron delivers.
        void contents.insertText(step.text);
        continue;
      }
      const keyCode = ACCELERATOR_KEYS[step.key];
      if (!keyCode) continue;
      // Sent alone with nothing held, such a key passes the detector untouched.
      contents.sendInputEvent({ type: 'keyDown', keyCode } satisfies KeyboardInputEvent);
      contents.sendInputEvent({ type: 'keyUp', keyCode } satisfies KeyboardInputEvent);
    }
  }

  const onBeforeInput = (event: ElectronEvent, input: Input): void => {
    if (input.type === 'keyUp') {
      if (cancelled.delete(input.code)) event.preventDefault();
      return;
    }
    if (input.type !== 'keyDown' || input.isComposing) return;
    // Shortcuts are the operator's, never scanner data; auto-repeat is a key held down by a person.
    if (input.control || input.meta || input.alt || input.isAutoRepeat) return;
    const decision = driver.handleKey({ key: input.key, at: now() });
    if (!decision.pass) {
      event.preventDefault();
      if (cancelled.size < 256) cancelled.add(input.code);
    }
    if (decision.release.length > 0) giveBack(decision.release);
  };

  const offScan = driver.on('scan', (scan) => options.onScan(scan));
  const offRelease = driver.on('release', (keys) => giveBack(keys));
  void driver.start();
  contents.on('before-input-event', onBeforeInput);

  return () => {
    contents.off('before-input-event', onBeforeInput);
    offScan();
    offRelease();
    void driver.stop();
  };
}
