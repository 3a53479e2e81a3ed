import type { Page } from '@playwright/test';

interface KeyEvent {
  type: 'keyDown' | 'keyUp';
  key: string;
  code: string;
  windowsVirtualKeyCode: number;
  text?: string;
  unmodifiedText?: string;
}

/** The key a US-layout keyboard (what wedge scanners emulate) presses for one character of a barcode. */
function keyOf(char: string): Omit<KeyEvent, 'type'> {
  if (/^[0-9]$/.test(char)) return { key: char, code: `Digit${char}`, windowsVirtualKeyCode: char.charCodeAt(0) };
  if (/^[A-Za-z]$/.test(char)) return { key: char, code: `Key${char.toUpperCase()}`, windowsVirtualKeyCode: char.toUpperCase().charCodeAt(0) };
  if (char === '-') return { key: char, code: 'Minus', windowsVirtualKeyCode: 189 };
  throw new RangeError(`wedgeScan: no key for ${JSON.stringify(char)} in this helper`);
}

/**
 * A keyboard-wedge scan as the page receives it: one keydown/keyup pair per character, then Enter,
 * sent back to back without waiting for the page between keys — a scanner's USB reports do not
 * wait for anyone. `page.keyboard.type` awaits a round trip through the test process per key, and
 * on a loaded machine one of those can take longer than the wedge's 49 ms limit: the burst is then
 * rightly taken for typing, which is not what a scanner does. The events still go through the
 * browser's real input path (Chromium DevTools `Input.dispatchKeyEvent`), in order, trusted.
 */
export async function wedgeScan(page: Page, code: string): Promise<void> {
  const events: KeyEvent[] = [];
  for (const char of code) {
    const key = keyOf(char);
    events.push({ type: 'keyDown', ...key, text: char, unmodifiedText: char }, { type: 'keyUp', ...key });
  }
  const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 };
  events.push({ type: 'keyDown', ...enter, text: '\r', unmodifiedText: '\r' }, { type: 'keyUp', ...enter });
  const session = await page.context().newCDPSession(page);
  try {
    await Promise.all(events.map((event) => session.send('Input.dispatchKeyEvent', event)));
  } finally {
    await session.detach();
  }
}
