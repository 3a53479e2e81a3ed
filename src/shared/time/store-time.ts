/**
 * Instants as staff read them on screen, in the store's time zone (the settings' IANA zone, as
 * receipts, the business day and the CSV use), never the zone of the machine the browser runs on.
 */
import { DEFAULT_STORE_TIME_ZONE } from './zoned';

export type StoreTimeStyle = Omit<Intl.DateTimeFormatOptions, 'timeZone'>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `at` (epoch ms) in `locale` ('ja', 'en') with `style`, in the store's `timeZone`. Lists format many rows: formatters are kept. */
export function formatStoreTime(at: number, locale: string, timeZone: string = DEFAULT_STORE_TIME_ZONE, style: StoreTimeStyle = {}): string {
  const key = `${locale}\u0000${timeZone}\u0000${JSON.stringify(style)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...style, timeZone });
    formatters.set(key, formatter);
  }
  return formatter.format(new Date(at));
}
