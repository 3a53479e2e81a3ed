import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { onSessionWipe } from '../composables/session-wipe';

/**
 * Larger text for the student at arm's length: kept while their visit lasts (every student screen
 * shows the switch), back to the normal size when the session ends, so the next student starts fresh.
 */
export const useTextSizeStore = defineStore('textSize', () => {
  const large = ref(false);
  watch(large, (on) => document.documentElement.classList.toggle('text-large', on), { immediate: true });
  onSessionWipe(() => {
    large.value = false;
  });
  function toggle(): void {
    large.value = !large.value;
  }
  return { large, toggle };
});
