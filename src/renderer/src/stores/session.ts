import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Language } from '@shared/kiosk-api';
import { callKiosk } from '../kiosk/client';
import { onSessionWipe, runSessionWipes } from '../composables/session-wipe';
import { setLanguage } from '../i18n';

/** One student's visit: from touching the attract screen until done or idle. */
export const useSessionStore = defineStore('session', () => {
  const defaultLanguage = ref<Language>('ja');
  const language = ref<Language>('ja');
  const startedAt = ref<number | null>(null);

  function configure(language_: Language): void {
    defaultLanguage.value = language_;
    chooseLanguage(language_);
  }

  function chooseLanguage(next: Language): void {
    language.value = next;
    setLanguage(next);
  }

  function start(): void {
    startedAt.value ??= Date.now();
  }

  onSessionWipe(() => {
    startedAt.value = null;
    chooseLanguage(defaultLanguage.value);
  });

  /** Forgets the session everywhere: every registered store, and the core's side. */
  async function wipe(): Promise<void> {
    runSessionWipes();
    await callKiosk('endSession', {}).catch(() => undefined);
  }

  return { language, defaultLanguage, startedAt, configure, chooseLanguage, start, wipe };
});
