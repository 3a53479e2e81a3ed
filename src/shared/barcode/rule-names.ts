import type { Language } from '../api/common';
import { DEFAULT_RULE_SET_INPUT } from './rule-set';

/**
 * The default rules' names in both languages, by rule id. A stored rule keeps the English name it
 * was created with (rule sets travel in set-up files and JSON exports); the screens show the
 * name in the screen's language while the rule still carries the default name. A name an admin
 * typed is shown as typed.
 */
export const DEFAULT_RULE_NAMES: Readonly<Record<string, { ja: string; en: string }>> = {
  'app-token': { ja: 'アプリのバーコード（ワンタイムトークン）', en: 'App barcode (one-time token)' },
  'member-card-nw7': { ja: '組合員証 NW-7（A…A、モジュラス 10 ウェイト 2-1）', en: 'Member card, NW-7 (A…A, mod 10 weights 2-1)' },
  'member-card-code128': { ja: '組合員証 Code 128（CM…、モジュラス 10 ウェイト 3-1）', en: 'Member card, Code 128 (CM…, mod 10 weights 3-1)' },
  'staff-card-code128': { ja: '職員カード Code 128（ST＋職員番号、モジュラス 10 ウェイト 3-1）', en: 'Staff card, Code 128 (ST + staff number, mod 10 weights 3-1)' },
  'product-jan': { ja: '商品の JAN（45・49 で始まる）：組合員証ではありません', en: 'Product JAN (45, 49): not a member card' },
};

/** A rule's name for the screen: a default rule's name in `language`, else the name typed (or the id). */
export function ruleDisplayName(rule: { id: string; name: string }, language: Language): string {
  const names = DEFAULT_RULE_NAMES[rule.id];
  const isDefaultName = names !== undefined && DEFAULT_RULE_SET_INPUT.rules.some((defaults) => defaults.id === rule.id && defaults.name === rule.name);
  if (names && (isDefaultName || rule.name === '')) return names[language];
  return rule.name || rule.id;
}
