/**
 * Reads of the reference portal's admin API that wait (bounded) for what the kiosk sends: a
 * confirmation on screen does not mean the portal has the row yet on a loaded machine (the kiosk
 * queues a sale whose answer is late and sends it moments later), so a test never reads once.
 */
import { expect } from '@playwright/test';

/** GETs `url` (JSON) until `ready` holds for the answer, up to 15 s; returns that answer. */
export async function portalJsonWhen<T>(url: string, ready: (value: T) => boolean, what: string): Promise<T> {
  let value: T | undefined;
  await expect
    .poll(
      async () => {
        value = (await (await fetch(url)).json()) as T;
        return ready(value);
      },
      { message: `the portal to have ${what}`, timeout: 15_000 },
    )
    .toBe(true);
  return value as T;
}
