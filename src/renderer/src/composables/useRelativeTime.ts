import { useI18n } from 'vue-i18n';
import { useStoreTime } from './useStoreTime';

/** Clock times (the store's time zone) and "n minutes ago" in the current language, for staff screens. */
export function useRelativeTime() {
  const { t } = useI18n();
  const storeTime = useStoreTime();
  const clock = (at: number | null | undefined): string =>
    at === null || at === undefined ? '—' : storeTime(at, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const age = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '—' : t('sync.ageMinutes', { minutes: Math.floor(ms / 60_000) }));
  return { clock, age };
}
