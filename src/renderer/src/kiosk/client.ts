import type { z } from 'zod';
import type { KioskBridge, KioskEventName, KioskEventPayload, KioskInput, KioskMethod, KioskOutput } from '@shared/kiosk-api';
import { KioskError } from '@shared/errors';
import { eventSchema, loadedEventSchema, methodSchema } from './schemas';
import { ensureKioskBridge } from './web-bridge';

let bridge: KioskBridge | null = null;
function getBridge(): KioskBridge {
  bridge ??= ensureKioskBridge();
  return bridge;
}

/**
 * The renderer's only way to the core: validates the input with the shared schema before it
 * leaves, validates the answer, unwraps the envelope, and throws a KioskError the view can
 * translate. The schemas load with the method's domain on its first call (./schemas).
 */
export async function callKiosk<M extends KioskMethod>(method: M, input: KioskInput<M>): Promise<KioskOutput<M>> {
  const schema = await methodSchema(method);
  const parsed = schema.input.safeParse(input);
  if (!parsed.success) throw new KioskError('invalid_input', parsed.error.issues[0]?.message ?? 'Invalid input.');
  const call = getBridge()[method] as (input: unknown) => Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
  const result = await call(parsed.data);
  if (!result.ok) {
    const { kioskErrorFrom } = await import('./error-boundary');
    throw kioskErrorFrom(result.error);
  }
  return schema.output.parse(result.value) as KioskOutput<M>;
}

/**
 * Listens to a core event; only payloads its schema accepts reach the listener, in the order
 * they arrived: at once when the schema is loaded (a scan's sound and screen are not delayed),
 * and an event that comes before it has loaded waits for it.
 */
export function onKioskEvent<E extends KioskEventName>(event: E, listener: (payload: KioskEventPayload<E>) => void): () => void {
  // A schema that cannot load drops the events (as a malformed payload would be); the next state poll corrects the view.
  const schema = eventSchema(event);
  let listening = true;
  const deliver = (checked: z.ZodType, payload: unknown): void => {
    const parsed = checked.safeParse(payload);
    if (listening && parsed.success) listener(parsed.data as KioskEventPayload<E>);
  };
  let waiting = 0;
  const stop = getBridge().on(event, (payload) => {
    const loaded = loadedEventSchema(event);
    // Synchronously only when no earlier event still waits for the schema (order is kept).
    if (loaded && waiting === 0) return deliver(loaded, payload);
    waiting++;
    void schema.then(
      (checked) => {
        waiting--;
        deliver(checked, payload);
      },
      () => waiting--,
    );
  });
  return () => {
    listening = false;
    stop();
  };
}
