import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RuleSet, ScanRule } from '@shared/barcode/rule-set';
import type { ScanExplanationView } from '@shared/api/settings';
import type { ConfigIssue } from '@shared/config/issues';
import { kioskErrorOf } from '@shared/errors';
import { callKiosk } from '../kiosk/client';

/** The admin's barcode rule editor: the rules being edited (a draft until saved), the outcome, the tester. */
export const useBarcodeRulesStore = defineStore('barcodeRules', () => {
  const draft = ref<RuleSet | null>(null);
  const dirty = ref(false);
  const issues = ref<ConfigIssue[]>([]);
  const notice = ref<{ key: string; count?: number } | null>(null);
  const explanation = ref<ScanExplanationView | null>(null);
  const busy = ref(false);

  function outcome(next: { issues?: ConfigIssue[]; notice?: { key: string; count?: number } | null }): void {
    issues.value = next.issues ?? [];
    notice.value = next.notice ?? null;
  }

  /** Runs a call; a `config_invalid` refusal becomes `issues` (what to fix), anything else is thrown. */
  async function guarded<T>(run: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    try {
      return await run();
    } catch (error) {
      const shape = kioskErrorOf(error);
      if (shape?.code === 'config_invalid' && shape.details) {
        outcome({ issues: shape.details.issues });
        return null;
      }
      throw error;
    } finally {
      busy.value = false;
    }
  }

  async function load(): Promise<void> {
    draft.value = (await callKiosk('getNomenclature', {})).ruleSet;
    dirty.value = false;
    outcome({});
  }

  function edit(change: (rules: ScanRule[]) => void): void {
    if (!draft.value) return;
    const rules = [...draft.value.rules];
    change(rules);
    draft.value = { ...draft.value, rules };
    dirty.value = true;
    outcome({});
  }

  const move = (index: number, by: -1 | 1) =>
    edit((rules) => {
      const [rule] = rules.splice(index, 1);
      if (rule) rules.splice(Math.max(0, Math.min(rules.length, index + by)), 0, rule);
    });
  const remove = (index: number) => edit((rules) => void rules.splice(index, 1));
  /** Puts a rule in the list: replaces the one at `index`, or appends it (index null). */
  const put = (rule: ScanRule, index: number | null) => edit((rules) => void (index === null ? rules.push(rule) : rules.splice(index, 1, rule)));

  async function save(): Promise<void> {
    const result = await guarded(() => callKiosk('saveNomenclature', { ruleSet: draft.value }));
    if (!result) return;
    draft.value = result.ruleSet;
    dirty.value = false;
    outcome({ notice: { key: 'admin.rules.saved', count: result.changes.length } });
  }

  async function reset(): Promise<void> {
    const result = await guarded(() => callKiosk('resetNomenclature', {}));
    if (!result) return;
    draft.value = result.ruleSet;
    dirty.value = false;
    outcome({ notice: { key: 'admin.rules.saved', count: result.changes.length } });
  }

  async function importText(text: string): Promise<void> {
    const result = await guarded(() => callKiosk('importNomenclature', { text }));
    if (!result) return;
    draft.value = result.ruleSet;
    dirty.value = true;
    outcome({ notice: { key: 'admin.rules.imported' } });
  }

  async function exportText(): Promise<{ filename: string; text: string }> {
    return callKiosk('exportNomenclature', {});
  }

  async function test(code: string, symbology: string | null): Promise<void> {
    const result = await guarded(() => callKiosk('testScan', { code, ...(symbology ? { symbology } : {}), ...(draft.value ? { ruleSet: draft.value } : {}) }));
    explanation.value = result;
  }

  return { draft, dirty, issues, notice, explanation, busy, load, move, remove, put, save, reset, importText, exportText, test };
});
