import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SettingChangeView, SettingsView } from '@shared/api/settings';
import { kioskErrorOf } from '@shared/errors';
import type { ConfigIssue } from '@shared/config/issues';
import { callKiosk } from '../kiosk/client';

/** The admin's settings screen: the settings in force, their locks, and the outcome of the last save. */
export const useSettingsStore = defineStore('settings', () => {
  const view = ref<SettingsView | null>(null);
  const issues = ref<ConfigIssue[]>([]);
  const lastChanges = ref<SettingChangeView[] | null>(null);
  const busy = ref(false);

  async function load(): Promise<void> {
    view.value = await callKiosk('getSettings', {});
  }

  /** Saves edits as a whole; a refusal leaves `issues` (what to fix) and the settings in force unchanged. */
  async function save(edits: Record<string, unknown>): Promise<boolean> {
    busy.value = true;
    issues.value = [];
    lastChanges.value = null;
    try {
      const result = await callKiosk('updateSettings', { edits });
      view.value = result.view;
      lastChanges.value = result.changes;
      return true;
    } catch (error) {
      const shape = kioskErrorOf(error);
      if (shape?.code === 'config_invalid' && shape.details) issues.value = shape.details.issues;
      else throw error;
      return false;
    } finally {
      busy.value = false;
    }
  }

  function clearOutcome(): void {
    issues.value = [];
    lastChanges.value = null;
  }

  return { view, issues, lastChanges, busy, load, save, clearOutcome };
});
