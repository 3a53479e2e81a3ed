/**
 * Import, export and reset of the editable nomenclature (admin screen). The exported file is the
 * rule set itself as JSON, its `version` included; an import is refused as a whole, with a
 * message per problem in both languages, so the rules in force stay as they were.
 */
import type { Checked } from '../config/issues';
import { parseJsonText } from '../config/issues';
import type { RuleSet } from './rule-set';
import { checkRuleSet, DEFAULT_RULE_SET, RULE_SET_VERSION } from './rule-set';
import { RULE_MESSAGES } from './rule-messages';

/** The rule set as a JSON file (pretty, stable key order: the schema's). */
export function exportRuleSet(set: RuleSet): string {
  return `${JSON.stringify({ ...set, version: RULE_SET_VERSION }, null, 2)}\n`;
}

/** Reads an exported file: the validated rule set, or every problem (bad JSON, newer version, bad rules). */
export function importRuleSet(text: string): Checked<RuleSet> {
  const json = parseJsonText(text, RULE_MESSAGES, 'ruleSet.json');
  return json.ok ? checkRuleSet(json.value) : json;
}

/** A fresh copy of the defaults (today's behaviour), for "reset to defaults". */
export function defaultRuleSet(): RuleSet {
  return structuredClone(DEFAULT_RULE_SET);
}
