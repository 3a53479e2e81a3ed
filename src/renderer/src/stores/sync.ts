import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SyncMetricsView, SyncOverview } from '@shared/api/sync';
import { callKiosk, onKioskEvent } from '../kiosk/client';

/** The outbox as staff see it: live metrics and the dead letters they can retry or discard. */
export const useSyncStore = defineStore('sync', () => {
  const overview = ref<SyncOverview | null>(null);

  async function load(): Promise<void> {
    overview.value = await callKiosk('getSyncOverview', {});
  }
  async function retry(id: number): Promise<void> {
    overview.value = await callKiosk('retryDeadLetter', { id });
  }
  async function discard(id: number): Promise<void> {
    overview.value = await callKiosk('discardDeadLetter', { id });
  }

  let unsubscribe: (() => void) | null = null;
  function listen(): void {
    unsubscribe ??= onKioskEvent('syncMetrics', (metrics: SyncMetricsView) => {
      if (!overview.value) return;
      const deadChanged = metrics.deadLetters !== overview.value.metrics.deadLetters;
      overview.value = { ...overview.value, metrics };
      if (deadChanged) void load().catch(() => undefined);
    });
  }

  return { overview, load, retry, discard, listen };
});
