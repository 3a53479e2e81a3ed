import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCharacterKey, planGiveBack, type GiveBackStep } from '../../../drivers/wedge/give-back';

const keys = (...names: string[]) => names.map((key) => ({ key }));

describe('wedge give-back plan', () => {
  it('joins character runs into one text step and keeps other keys as single presses, in order', () => {
    expect(planGiveBack(keys('a', 'b', 'Backspace', 'c', 'Enter', 'Enter', 'ｱ', '😀'))).toEqual<GiveBackStep[]>([
      { kind: 'text', text: 'ab' },
      { kind: 'key', key: 'Backspace' },
      { kind: 'text', text: 'c' },
      { kind: 'key', key: 'Enter' },
      { kind: 'key', key: 'Enter' },
      { kind: 'text', text: 'ｱ😀' },
    ]);
    expect(planGiveBack([])).toEqual([]);
    expect(planGiveBack(keys('Tab'))).toEqual([{ kind: 'key', key: 'Tab' }]);
  });

  it('a space and an astral character are characters; key names are not', () => {
    expect([' ', '😀', 'x'].every(isCharacterKey)).toBe(true);
    expect(['Enter', 'ArrowLeft', 'F5', ''].some(isCharacterKey)).toBe(false);
  });

  const keyName = fc.constantFrom('Enter', 'Tab', 'Backspace', 'ArrowLeft', 'Escape', 'F5');
  const character = fc.oneof(fc.constantFrom(' ', 'a', 'Z', '0', 'ア', '😀'), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }));
  const heldKeys = fc.array(fc.oneof(keyName, character), { maxLength: 40 });

  it('property: replaying the plan gives back exactly the held keys, in order', () => {
    fc.assert(
      fc.property(heldKeys, (names) => {
        const replayed = planGiveBack(keys(...names)).flatMap((step) => (step.kind === 'text' ? [...step.text] : [step.key]));
        expect(replayed).toEqual(names);
      }),
    );
  });

  it('property: no empty text, no two text steps in a row, key steps only for non-characters', () => {
    fc.assert(
      fc.property(heldKeys, (names) => {
        const steps = planGiveBack(keys(...names));
        steps.forEach((step, i) => {
          if (step.kind === 'text') {
            expect(step.text).not.toBe('');
            expect(steps[i + 1]?.kind).not.toBe('text');
          } else {
            expect(isCharacterKey(step.key)).toBe(false);
          }
        });
      }),
    );
  });
});
