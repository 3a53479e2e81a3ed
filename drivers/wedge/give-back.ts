/**
 * How a host gives back keys the wedge held while a burst was ambiguous and then found to be
 * typing: runs of characters become one text insertion (fast, and what an input method would
 * produce), every other key (Enter, Backspace, arrows, ...) becomes one key press of its own, in
 * the order typed. Both hosts (Electron main and the web page) follow this one plan.
 */
import type { WedgeKeyEvent } from './detector';

export type GiveBackStep = { kind: 'text'; text: string } | { kind: 'key'; key: string };

/** A key that produces one character (`KeyboardEvent.key` of length one code point). */
export function isCharacterKey(key: string): boolean {
  return [...key].length === 1;
}

/** The held keys as text runs and single key presses, in order; no empty text run. */
export function planGiveBack(keys: readonly Pick<WedgeKeyEvent, 'key'>[]): GiveBackStep[] {
  const steps: GiveBackStep[] = [];
  let text = '';
  for (const { key } of keys) {
    if (isCharacterKey(key)) {
      text += key;
      continue;
    }
    if (text !== '') steps.push({ kind: 'text', text });
    text = '';
    steps.push({ kind: 'key', key });
  }
  if (text !== '') steps.push({ kind: 'text', text });
  return steps;
}
