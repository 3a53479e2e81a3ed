/**
 * The on-screen keyboard's key rules (issue 16): ゛ / ゜ join the kana before the caret (and come
 * off again), insertion respects the caret and the field's maxlength, ⌫ takes one character, and
 * domain keys add the domain without a second @. The boards hold the keys the guides' students need.
 */
import { describe, expect, it } from 'vitest';
import { applyMark, BOARDS, deleteBack, domainText, insertText, type FieldText } from '../../../src/renderer/src/components/osk/osk-boards';
import { isValidFurigana, normalizeFurigana } from '../../../src/shared/registration/normalize';

const at = (value: string, caret = value.length): FieldText => ({ value, start: caret, end: caret });
const labels = (board: keyof typeof BOARDS) =>
  BOARDS[board].flat().map((key) => ('text' in key ? key.text : key.kind === 'mark' ? key.mark : key.kind === 'action' ? key.action : ''));

describe('on-screen keyboard: marks', () => {
  it('゛ voices the kana before the caret, ゜ makes it half-voiced, the same mark again takes it off', () => {
    expect(applyMark(at('カ'), 'dakuten')?.value).toBe('ガ');
    expect(applyMark(at('ウ'), 'dakuten')?.value).toBe('ヴ');
    expect(applyMark(at('ハ'), 'handakuten')?.value).toBe('パ');
    expect(applyMark(at('バ'), 'handakuten')?.value).toBe('パ');
    expect(applyMark(at('ガ'), 'dakuten')?.value).toBe('カ');
    expect(applyMark(at('ジョシ', 1), 'dakuten')?.value).toBe('ショシ');
    expect(applyMark(at('ショシ', 1), 'dakuten')).toEqual({ value: 'ジョシ', start: 1, end: 1 });
  });

  it('refuses a mark where it cannot go (ア, nothing before the caret, a selection)', () => {
    expect(applyMark(at('ア'), 'dakuten')).toBeNull();
    expect(applyMark(at(''), 'handakuten')).toBeNull();
    expect(applyMark({ value: 'カ', start: 0, end: 1 }, 'dakuten')).toBeNull();
  });
});

describe('on-screen keyboard: editing', () => {
  it('inserts at the caret, over a selection, and not past maxlength', () => {
    expect(insertText(at('ジョンスミス', 3), '・')).toEqual({ value: 'ジョン・スミス', start: 4, end: 4 });
    expect(insertText({ value: 'abc', start: 1, end: 2 }, 'X')).toEqual({ value: 'aXc', start: 2, end: 2 });
    expect(insertText(at('123456'), '7', 6)).toBeNull();
  });

  it('⌫ deletes the character before the caret or the selection', () => {
    expect(deleteBack(at('ヤマダ'))).toEqual({ value: 'ヤマ', start: 2, end: 2 });
    expect(deleteBack(at('ヤマダ', 0))).toEqual(at('ヤマダ', 0));
    expect(deleteBack({ value: 'abcd', start: 1, end: 3 })).toEqual({ value: 'ad', start: 1, end: 1 });
  });

  it('a domain key adds @ only when the address has none yet', () => {
    expect(domainText('taro', 4, '@gmail.com')).toBe('@gmail.com');
    expect(domainText('taro@', 5, '@gmail.com')).toBe('gmail.com');
    expect(domainText('taro@gm', 7, '@gmail.com')).toBe('');
    expect(domainText('taro@example', 12, '.ac.jp')).toBe('.ac.jp');
  });
});

describe('on-screen keyboard: boards', () => {
  it('the kana board has the 五十音, small kana, ゛ ゜ ー ・ and space', () => {
    const kana = labels('kana');
    for (const key of [...'アカサタナハマヤラワヲン', ...'ァィゥェォッャュョヮ', 'ー', '・', 'dakuten', 'handakuten', 'space', 'backspace']) expect(kana).toContain(key);
  });

  it('the e-mail board has shift, + _ - . @ and the domain keys (.ac.jp, gmail.com, the carriers)', () => {
    const email = labels('email');
    for (const key of ['shift', '+', '_', '-', '.', '@', '.ac.jp', '@gmail.com', '@docomo.ne.jp', '@ezweb.ne.jp', '@au.com', '@softbank.ne.jp', '@i.softbank.jp', '@icloud.com']) {
      expect(email).toContain(key);
    }
  });
});

describe('furigana with the middle dot', () => {
  it('accepts ジョン・スミス and folds other dots typed between name parts into ・', () => {
    expect(isValidFurigana(normalizeFurigana('ジョン・スミス'))).toBe(true);
    expect(normalizeFurigana('じょん･すみす')).toBe('ジョン・スミス');
    expect(normalizeFurigana('ジョン·スミス')).toBe('ジョン・スミス');
    expect(isValidFurigana('・・')).toBe(false);
    expect(isValidFurigana('ジョン・Smith')).toBe(false);
  });
});
