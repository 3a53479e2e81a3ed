import { useI18n } from 'vue-i18n';
import { formatStoreTime, type StoreTimeStyle } from '@shared/time/store-time';
import { useKioskStore } from '../stores/kiosk';

/** Times on staff screens in the screen's language and the store's time zone (kiosk state, from the settings). */
export function useStoreTime() {
  const { locale } = useI18n();
  const kiosk = useKioskStore();
  return (at: number, style: StoreTimeStyle): string => formatStoreTime(at, locale.value, kiosk.state?.timeZone, style);
}
