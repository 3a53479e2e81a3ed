/**
 * Evaluates an editable rule set (`rule-set.ts`) against a scan: `classifyScan` for the kiosk's
 * scan path, `explainScan` for the admin screen's live tester (which rule matched, which
 * condition each other rule failed, the number taken, the check-character verdict). Both walk
 * the same per-rule evaluation, so the tester never disagrees with the register. Pure; never throws.
 */
import type { LocalizedText } from '../config/issues';
import { fillMessage } from '../config/issues';
import type { CheckDigitScheme } from './check-digits';
import { computeCheckDigit, CROCKFORD32 } from './check-digits';
import type { AppTokenMode } from './formats';
import type { BarcodeClassification } from './nomenclature';
import { AIM_ID_PATTERN } from './nomenclature';
import type { RuleSet, ScanRule } from './rule-set';
import { DEFAULT_APP_TOKEN_MODES, DEFAULT_RULE_SET } from './rule-set';
import type { RuleMessageKey } from './rule-messages';
import { RULE_MESSAGES } from './rule-messages';

/** A scan's meaning: the nomenclature's results plus staff cards (issue 12). */
export type ScanClassification = BarcodeClassification | { kind: 'staffCard'; staffNo: string; ruleId: string; symbology?: string };

export const RULE_CONDITIONS = ['symbology', 'startStop', 'prefix', 'length', 'characters', 'pattern', 'checkDigit', 'mode', 'number'] as const;
export type RuleCondition = (typeof RULE_CONDITIONS)[number];

export interface CheckDigitVerdict {
  scheme: CheckDigitScheme;
  /** The characters the check was computed over. */
  over: string;
  /** The check character the payload calls for; null when the payload is outside the scheme's alphabet. */
  expected: string | null;
  /** The check character on the code. */
  found: string;
  ok: boolean;
}

export type RuleTrace =
  | { ruleId: string; matched: true; result: ScanClassification; number?: string; checkDigit?: CheckDigitVerdict }
  | { ruleId: string; matched: false; failed: RuleCondition; reason: RuleMessageKey; params: Record<string, unknown>; checkDigit?: CheckDigitVerdict };

/** A rule set with its patterns compiled once. */
export interface CompiledRuleSet {
  readonly set: RuleSet;
  readonly patterns: ReadonlyMap<string, RegExp>;
}

export function compileRuleSet(set: RuleSet): CompiledRuleSet {
  const patterns = new Map<string, RegExp>();
  for (const rule of set.rules) if (rule.pattern !== null) patterns.set(rule.id, new RegExp(`^(?:${rule.pattern})$`));
  return { set, patterns };
}

export const DEFAULT_COMPILED_RULE_SET: CompiledRuleSet = compileRuleSet(DEFAULT_RULE_SET);

const CHARACTER_PATTERNS: Record<ScanRule['characters'], RegExp> = {
  digits: /^[0-9]*$/,
  codabar: /^[0-9\-$:/.+]*$/,
  crockford32: /^[0-9A-HJKMNP-TV-Z]*$/,
  alphanumeric: /^[0-9A-Za-z]*$/,
  any: /^/,
};

/** The characters a check character may be under each scheme (anything else is not this shape). */
const CHECK_ALPHABETS: Record<CheckDigitScheme, string> = {
  mod10w21: '0123456789',
  'mod10w21-sum': '0123456789',
  mod10w31: '0123456789',
  mod11: '0123456789',
  mod16: '0123456789-$:/.+',
  '7dr': '0123456',
  '7dsr': '0123456',
  luhn32: CROCKFORD32,
};

function fail(rule: ScanRule, failed: RuleCondition, key: RuleMessageKey, params: Record<string, unknown> = {}, checkDigit?: CheckDigitVerdict): RuleTrace {
  // The sentence is filled only by explainScan: the scan path stays cheap.
  return checkDigit ? { ruleId: rule.id, matched: false, failed, reason: key, params, checkDigit } : { ruleId: rule.id, matched: false, failed, reason: key, params };
}

/** The scan's text without NW-7 start/stop characters, or the reason the rule refuses it. */
function splitStartStop(rule: ScanRule, data: string): { start: string; text: string; stop: string } | { refuse: RuleMessageKey; params?: Record<string, unknown> } {
  const startStop = rule.startStop;
  if (!startStop) return { start: '', text: data, stop: '' };
  const first = data.charAt(0);
  const last = data.charAt(data.length - 1);
  const hasStart = data.length >= 2 && startStop.start.includes(first);
  const hasStop = data.length >= 2 && startStop.stop.includes(last);
  const present = hasStart && hasStop && (!startStop.same || first === last);
  if (startStop.transmitted === 'stripped') {
    if (hasStart || hasStop) return { refuse: 'scan.startStop.unexpected' };
    return { start: startStop.start.charAt(0), text: data, stop: startStop.stop.charAt(0) };
  }
  if (present) return { start: first, text: data.slice(1, -1), stop: last };
  if (startStop.transmitted === 'kept') return { refuse: 'scan.startStop.missing', params: { start: startStop.start, stop: startStop.stop } };
  if (hasStart || hasStop) return { refuse: 'scan.startStop.unpaired', params: { start: startStop.start, stop: startStop.stop } };
  return { start: startStop.start.length === 1 ? startStop.start : '', text: data, stop: startStop.stop.length === 1 ? startStop.stop : '' };
}

function takeNumber(rule: ScanRule, text: string, rest: string, match: RegExpExecArray | null): string {
  const hasCheck = rule.checkDigit.scheme !== 'none';
  let base: string;
  if (rule.number.from === 'patternGroup') base = match?.groups?.['number'] ?? '';
  else {
    base = rule.number.from === 'whole' ? text : rest;
    if (rule.number.dropCheckDigit && hasCheck) base = base.slice(0, -1);
  }
  const sliced = rule.number.length === null ? base.slice(rule.number.start) : base.slice(rule.number.start, rule.number.start + rule.number.length);
  return rule.number.padTo > 0 ? sliced.padStart(rule.number.padTo, '0') : sliced;
}

/** One rule against one scan: matched with its result, or the first condition that failed. */
export function evaluateRule(rule: ScanRule, pattern: RegExp | undefined, data: string, symbology: string | undefined): RuleTrace {
  if (symbology !== undefined && rule.symbologies.length > 0 && !rule.symbologies.some((aim) => symbology.startsWith(aim))) {
    return fail(rule, 'symbology', 'scan.symbology', { sent: symbology, accepted: rule.symbologies.join(', ') });
  }
  const split = splitStartStop(rule, data);
  if ('refuse' in split) return fail(rule, 'startStop', split.refuse, split.params);
  const { text } = split;
  const prefix = rule.prefixes.length === 0 ? '' : rule.prefixes.find((candidate) => text.startsWith(candidate));
  if (prefix === undefined) return fail(rule, 'prefix', 'scan.prefix', { prefixes: rule.prefixes.join(', ') });
  if (rule.length && (text.length < rule.length.min || text.length > rule.length.max)) {
    const expected = rule.length.min === rule.length.max ? String(rule.length.min) : `${rule.length.min}–${rule.length.max}`;
    return fail(rule, 'length', 'scan.length', { found: text.length, expected });
  }
  const rest = text.slice(prefix.length);
  const scheme = rule.checkDigit.scheme;
  const payload = scheme === 'none' ? rest : rest.slice(0, -1);
  if (!CHARACTER_PATTERNS[rule.characters].test(payload)) return fail(rule, 'characters', `scan.characters.${rule.characters}`);
  const found = scheme === 'none' ? '' : rest.slice(-1);
  if (scheme !== 'none' && (found === '' || !CHECK_ALPHABETS[scheme].includes(found.toUpperCase()))) {
    return fail(rule, 'characters', 'scan.checkCharacter', { found: found || '∅', scheme });
  }
  const match = pattern ? pattern.exec(text) : null;
  if (pattern && !match) return fail(rule, 'pattern', 'scan.pattern');
  let checkDigit: CheckDigitVerdict | undefined;
  if (scheme !== 'none') {
    const over = rule.checkDigit.over === 'afterPrefix' ? payload : rule.checkDigit.over === 'withPrefix' ? text.slice(0, -1) : `${split.start}${text.slice(0, -1)}${split.stop}`;
    const expected = computeCheckDigit(scheme, over);
    checkDigit = { scheme, over, expected, found, ok: expected !== null && expected === found.toUpperCase() };
    if (!checkDigit.ok) return fail(rule, 'checkDigit', 'scan.checkDigit', { expected: expected ?? '—', found }, checkDigit);
  }
  const withCheck = checkDigit ? { checkDigit } : {};
  const aim = symbology ? { symbology } : {};
  switch (rule.kind) {
    case 'appToken': {
      const letter = rest.charAt(0);
      const modes: Readonly<Record<string, AppTokenMode>> = rule.modes ?? DEFAULT_APP_TOKEN_MODES;
      const mode = modes[letter];
      if (!mode) return fail(rule, 'mode', 'scan.mode', { letter: letter || '∅', letters: Object.keys(modes).join(', ') }, checkDigit);
      return { ruleId: rule.id, matched: true, result: { kind: 'appToken', mode, token: data, ruleId: rule.id }, ...withCheck };
    }
    case 'memberCard':
    case 'staffCard': {
      const number = takeNumber(rule, text, rest, match);
      if (number === '') return fail(rule, 'number', 'scan.number', {}, checkDigit);
      const result: ScanClassification =
        rule.kind === 'memberCard' ? { kind: 'memberCard', memberNo: number, ruleId: rule.id, ...aim } : { kind: 'staffCard', staffNo: number, ruleId: rule.id, ...aim };
      return { ruleId: rule.id, matched: true, result, number, ...withCheck };
    }
    case 'ignore':
      return { ruleId: rule.id, matched: true, result: { kind: 'unknown', reason: rule.ignoreReason, ruleId: rule.id }, ...withCheck };
  }
}

/** Printable ASCII plus printable non-ASCII; refuses C0/C1 controls, DEL, lone surrogates and U+FFFD. */
function isPrintable(data: string): boolean {
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfffd) return false;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = data.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return false;
    }
  }
  return true;
}

function precheck(data: unknown, maxLength: number): BarcodeClassification | null {
  if (typeof data !== 'string' || data.length === 0) return { kind: 'unknown', reason: 'empty' };
  if (data.length > maxLength) return { kind: 'unknown', reason: 'too_long' };
  if (!isPrintable(data)) return { kind: 'unknown', reason: 'not_printable' };
  return null;
}

function trustedAim(symbology: unknown): string | undefined {
  return typeof symbology === 'string' && AIM_ID_PATTERN.test(symbology) ? symbology : undefined;
}

/**
 * Classifies one scan with a rule set, first match wins. A rule whose check character fails does
 * not stop the search; if no later rule matches, the result is `bad_check_digit` with that rule.
 * `symbology` is the AIM id when the scanner sent one; anything that is not an AIM id is ignored.
 */
export function classifyScan(data: unknown, symbology?: string, rules: CompiledRuleSet = DEFAULT_COMPILED_RULE_SET): ScanClassification {
  try {
    const early = precheck(data, rules.set.maxLength);
    if (early) return early;
    const aim = trustedAim(symbology);
    let badCheckRuleId: string | undefined;
    for (const rule of rules.set.rules) {
      const trace = evaluateRule(rule, rules.patterns.get(rule.id), data as string, aim);
      if (trace.matched) return trace.result;
      if (trace.failed === 'checkDigit' && badCheckRuleId === undefined) badCheckRuleId = rule.id;
    }
    return badCheckRuleId === undefined ? { kind: 'unknown', reason: 'unrecognised' } : { kind: 'unknown', reason: 'bad_check_digit', ruleId: badCheckRuleId };
  } catch {
    return { kind: 'unknown', reason: 'unrecognised' };
  }
}

export interface RuleExplanation {
  ruleId: string;
  name: string;
  kind: ScanRule['kind'];
  /** `matched`: this rule decided; `failed`: a condition failed; `shadowed`: an earlier rule decided first (whether it would also match is in `wouldMatch`). */
  status: 'matched' | 'failed' | 'shadowed';
  wouldMatch?: boolean;
  failed?: RuleCondition;
  reason?: LocalizedText;
  checkDigit?: CheckDigitVerdict;
}

export interface ScanExplanation {
  result: ScanClassification;
  /** Set when the scan was refused before any rule ran (empty, too long, control characters). */
  refusedBeforeRules: boolean;
  matchedRuleId: string | null;
  /** The member or staff number taken by the matching rule. */
  number: string | null;
  /** The matching rule's check verdict, or the verdict of the rule whose check failed. */
  checkDigit: CheckDigitVerdict | null;
  rules: RuleExplanation[];
  /** One sentence summing up the result, for the tester. */
  summary: LocalizedText;
}

function summarise(result: ScanClassification): LocalizedText {
  switch (result.kind) {
    case 'memberCard':
      return fillMessage(RULE_MESSAGES['scan.summary.memberCard'], { number: result.memberNo, rule: result.ruleId });
    case 'staffCard':
      return fillMessage(RULE_MESSAGES['scan.summary.staffCard'], { number: result.staffNo, rule: result.ruleId });
    case 'appToken':
      return fillMessage(RULE_MESSAGES['scan.summary.appToken'], { mode: result.mode, rule: result.ruleId });
    case 'unknown':
      return fillMessage(RULE_MESSAGES[`scan.summary.${result.reason}`], { rule: result.ruleId ?? '' });
  }
}

/** The live tester: what `classifyScan` decides and why, rule by rule. */
export function explainScan(code: unknown, rules: CompiledRuleSet | RuleSet = DEFAULT_COMPILED_RULE_SET, symbology?: string): ScanExplanation {
  const compiled = 'patterns' in rules ? rules : compileRuleSet(rules);
  const result = classifyScan(code, symbology, compiled);
  const early = precheck(code, compiled.set.maxLength);
  const aim = trustedAim(symbology);
  const explained: RuleExplanation[] = [];
  let matchedRuleId: string | null = null;
  let number: string | null = null;
  let checkDigit: CheckDigitVerdict | null = null;
  for (const rule of compiled.set.rules) {
    const base = { ruleId: rule.id, name: rule.name, kind: rule.kind };
    if (early) {
      explained.push({ ...base, status: 'failed', reason: summarise(result) });
      continue;
    }
    const trace = evaluateRule(rule, compiled.patterns.get(rule.id), code as string, aim);
    const verdict = trace.checkDigit ? { checkDigit: trace.checkDigit } : {};
    if (matchedRuleId !== null) {
      explained.push({ ...base, status: 'shadowed', wouldMatch: trace.matched, ...verdict });
    } else if (trace.matched) {
      matchedRuleId = rule.id;
      number = trace.number ?? null;
      checkDigit = trace.checkDigit ?? null;
      explained.push({ ...base, status: 'matched', ...verdict });
    } else {
      if (trace.failed === 'checkDigit' && checkDigit === null && trace.checkDigit) checkDigit = trace.checkDigit;
      explained.push({ ...base, status: 'failed', failed: trace.failed, reason: fillMessage(RULE_MESSAGES[trace.reason], trace.params), ...verdict });
    }
  }
  return { result, refusedBeforeRules: early !== null, matchedRuleId, number, checkDigit, rules: explained, summary: summarise(result) };
}
