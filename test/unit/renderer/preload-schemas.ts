import { KIOSK_EVENT_NAMES, KIOSK_METHODS } from '../../../src/shared/kiosk-api';
import { eventSchema, methodSchema } from '../../../src/renderer/src/kiosk/schemas';

/**
 * The renderer loads the kiosk API's schemas per domain on first use; a test that fires events
 * or waits a fixed number of ticks for a call loads them first, as on a kiosk that has been running.
 */
export async function preloadKioskSchemas(): Promise<void> {
  await Promise.all([...KIOSK_METHODS.map((method) => methodSchema(method)), ...KIOSK_EVENT_NAMES.map((event) => eventSchema(event))]);
}
