/**
 * The on-screen keyboard's boards and what each key does to a field's text. Pure functions, so the
 * composition rules (゛ / ゜ on the kana before the caret, domain keys after the @) are unit-tested
 * without a browser.
 */
import { CARRIER_MAIL_DOMAINS } from '@shared/registration/normalize';

export type OskBoard = 'latin' | 'email' | 'digits' | 'kana';
export const OSK_BOARDS: readonly OskBoard[] = ['latin', 'email', 'digits', 'kana'];

/** One key: text to insert, or an action. `name` is its accessible name (a message key or the text itself). */
export type OskKey =
  | { kind: 'text'; text: string; wide?: boolean }
  | { kind: 'small'; text: string }
  | { kind: 'domain'; text: string }
  | { kind: 'mark'; mark: 'dakuten' | 'handakuten' }
  | { kind: 'action'; action: 'backspace' | 'clear' | 'shift' | 'space' | 'next' }
  | { kind: 'gap' };

const text = (chars: string): OskKey[] => [...chars].map((c): OskKey => ({ kind: 'text', text: c }));
const gap: OskKey = { kind: 'gap' };
const act = (action: Extract<OskKey, { kind: 'action' }>['action']): OskKey => ({ kind: 'action', action });

/**
 * Katakana as the 五十音表 students know: columns ア カ サ … read top to bottom, laid out right to
 * left; then the small kana, then the marks (゛ ゜ join the kana before the caret), ー and ・.
 */
const KANA_COLUMNS = ['アイウエオ', 'カキクケコ', 'サシスセソ', 'タチツテト', 'ナニヌネノ', 'ハヒフヘホ', 'マミムメモ', 'ヤ　ユ　ヨ', 'ラリルレロ', 'ワヲン　　'];
const kanaGrid: OskKey[][] = [0, 1, 2, 3, 4].map((row) =>
  [...KANA_COLUMNS].reverse().map((column) => {
    const c = column[row] ?? '　';
    return c === '　' ? gap : ({ kind: 'text', text: c } as OskKey);
  }),
);

export const BOARDS: Record<OskBoard, OskKey[][]> = {
  kana: [
    ...kanaGrid,
    [...'ァィゥェォッャュョヮ'].map((c): OskKey => ({ kind: 'small', text: c })),
    [{ kind: 'mark', mark: 'dakuten' }, { kind: 'mark', mark: 'handakuten' }, { kind: 'text', text: 'ー' }, { kind: 'text', text: '・' }, act('space'), act('backspace'), act('clear'), act('next')],
  ],
  email: [
    [...text('1234567890'), act('backspace')],
    text('qwertyuiop'),
    [...text('asdfghjkl'), { kind: 'text', text: '@' }],
    [act('shift'), ...text('zxcvbnm'), ...text('.-_+')],
    [{ kind: 'domain', text: '.ac.jp' }, { kind: 'domain', text: '@gmail.com' }, { kind: 'domain', text: '.com' }, { kind: 'domain', text: '.ne.jp' }, { kind: 'domain', text: '.jp' }],
    // The carriers' domains in two rows of three: each key wide enough for its whole name.
    CARRIER_MAIL_DOMAINS.slice(0, 3).map((d): OskKey => ({ kind: 'domain', text: `@${d}` })),
    CARRIER_MAIL_DOMAINS.slice(3).map((d): OskKey => ({ kind: 'domain', text: `@${d}` })),
    [act('clear'), act('next')],
  ],
  latin: [
    [...text('1234567890'), act('backspace')],
    text('qwertyuiop'),
    [...text('asdfghjkl'), { kind: 'text', text: '-' }],
    [act('shift'), ...text('zxcvbnm'), ...text(',./#')],
    [act('space'), act('clear'), act('next')],
  ],
  digits: [text('123'), text('456'), text('789'), [{ kind: 'text', text: '-' }, { kind: 'text', text: '0' }, act('backspace')], [act('clear'), act('next')]],
};

/** A field's text and caret (selection) as the key sees it. */
export interface FieldText {
  value: string;
  start: number;
  end: number;
}

/** Inserts `insert` over the selection; refuses (returns null) past `maxLength`. */
export function insertText(field: FieldText, insert: string, maxLength = Infinity): FieldText | null {
  const value = field.value.slice(0, field.start) + insert + field.value.slice(field.end);
  if (value.length > maxLength) return null;
  const caret = field.start + insert.length;
  return { value, start: caret, end: caret };
}

/** ⌫: the selection, or the character before the caret. */
export function deleteBack(field: FieldText): FieldText {
  if (field.start !== field.end) return { value: field.value.slice(0, field.start) + field.value.slice(field.end), start: field.start, end: field.start };
  if (field.start === 0) return field;
  const chars = [...field.value.slice(0, field.start)];
  const before = chars.slice(0, -1).join('');
  return { value: before + field.value.slice(field.end), start: before.length, end: before.length };
}

const COMBINING = { dakuten: '\u3099', handakuten: '\u309A' } as const;

/**
 * ゛ / ゜ on the kana before the caret: カ→ガ, ウ→ヴ, ハ→パ, バ→パ; pressing the same mark again takes
 * it off (ガ→カ), as phone kana keyboards do. Null when that kana takes no such mark.
 */
export function applyMark(field: FieldText, mark: keyof typeof COMBINING): FieldText | null {
  if (field.start !== field.end || field.start === 0) return null;
  const previous = field.value[field.start - 1] as string;
  const decomposed = previous.normalize('NFD');
  const base = decomposed[0] as string;
  const has = decomposed.slice(1);
  let next: string;
  if (has === COMBINING[mark]) next = base;
  else {
    next = (base + COMBINING[mark]).normalize('NFC');
    if ([...next].length !== 1) return null;
  }
  const value = field.value.slice(0, field.start - 1) + next + field.value.slice(field.end);
  return { value, start: field.start, end: field.start };
}

/**
 * What a domain key types: `@gmail.com` after a local part; right after a typed @ the same key adds
 * the domain without a second @ (`taro@` + `@gmail.com` → `taro@gmail.com`); nothing when the
 * address already has its domain started (a second @ would only make it invalid).
 */
export function domainText(value: string, caret: number, key: string): string {
  const before = value.slice(0, caret);
  if (!key.startsWith('@') || !before.includes('@')) return key;
  return before.endsWith('@') ? key.slice(1) : '';
}
