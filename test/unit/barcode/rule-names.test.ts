import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_NAMES, ruleDisplayName } from '../../../src/shared/barcode/rule-names';
import { DEFAULT_RULE_SET } from '../../../src/shared/barcode/rule-set';

describe('rule names on the rules screen', () => {
  it('every default rule has a Japanese and an English name, the English one being the stored name', () => {
    for (const rule of DEFAULT_RULE_SET.rules) {
      expect(DEFAULT_RULE_NAMES[rule.id]?.en).toBe(rule.name);
      expect(ruleDisplayName(rule, 'ja')).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(ruleDisplayName(rule, 'en')).toBe(rule.name);
    }
  });

  it('a name an admin typed is shown as typed, in both languages; no name shows the id', () => {
    expect(ruleDisplayName({ id: 'member-card-nw7', name: '本学の組合員証' }, 'en')).toBe('本学の組合員証');
    expect(ruleDisplayName({ id: 'rule-5', name: '' }, 'ja')).toBe('rule-5');
  });
});
