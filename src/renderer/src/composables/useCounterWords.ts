import { onBeforeUnmount, ref } from 'vue';
import { useI18n } from 'vue-i18n';

/** Dates and times in the student's language, and a clock that ticks each second (for countdowns). */
export function useCounterWords() {
  const { locale } = useI18n();
  const tag = () => (locale.value === 'ja' ? 'ja-JP' : 'en-GB');
  function dateTime(at: number): string {
    return new Intl.DateTimeFormat(tag(), { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(at));
  }
  function clock(at: number): string {
    return new Intl.DateTimeFormat(tag(), { hour: '2-digit', minute: '2-digit' }).format(new Date(at));
  }
  return { dateTime, clock };
}

/** `now` in epoch ms, updated every second while the component lives. */
export function useTicker() {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), 1000);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
