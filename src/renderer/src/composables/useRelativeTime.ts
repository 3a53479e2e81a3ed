import { useI18n } from 'vue-i18n';

/** Clock times and "n minutes ago" in the current language, for staff screens. */
export function useRelativeTime() {
  const { d, t } = useI18n();
  const clock = (at: number | null | undefined): string =>
    at === null || at === undefined ? '—' : d(new Date(at), { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const age = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '—' : t('sync.ageMinutes', { minutes: Math.floor(ms / 60_000) }));
  return { clock, age };
}
