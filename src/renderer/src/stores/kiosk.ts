import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Connectivity, KioskState } from '@shared/kiosk-api';
import { callKiosk, onKioskEvent } from '../kiosk/client';

/** Kiosk-wide facts from the core: host, timings, portal reachability, database health. */
export const useKioskStore = defineStore('kiosk', () => {
  const state = ref<KioskState | null>(null);
  const loadError = ref<string | null>(null);
  const connectivity = ref<Connectivity>({ state: 'online', checkedAt: null, lastOnlineAt: null });

  async function load(): Promise<void> {
    try {
      state.value = await callKiosk('getKioskState', {});
      connectivity.value = state.value.connectivity;
      loadError.value = null;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    }
  }

  let unsubscribe: (() => void) | null = null;
  function listen(): void {
    unsubscribe ??= onKioskEvent('connectivity', (next) => (connectivity.value = next));
  }

  const online = computed(() => connectivity.value.state === 'online');
  const databaseProblem = computed(() => state.value?.databaseProblem ?? null);

  return { state, loadError, connectivity, online, databaseProblem, load, listen };
});
