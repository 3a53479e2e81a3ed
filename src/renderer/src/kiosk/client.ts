import { KioskError, type KioskErrorShape } from '@shared/errors';
import { KioskErrorSchema } from '@shared/kiosk-error-schema';
import {
  kioskApi,
  kioskEvents,
  type KioskBridge,
  type KioskEventName,
  type KioskEventPayload,
  type KioskInput,
  type KioskMethod,
  type KioskOutput,
} from '@shared/kiosk-api';
import { ensureKioskBridge } from './web-bridge';

let bridge: KioskBridge | null = null;
function getBridge(): KioskBridge {
  bridge ??= ensureKioskBridge();
  return bridge;
}

/**
 * The renderer's only way to the core: validates the input with the shared schema before it
 * leaves, unwraps the envelope, and throws a KioskError the view can translate.
 */
export async function callKiosk<M extends KioskMethod>(method: M, input: KioskInput<M>): Promise<KioskOutput<M>> {
  const parsed = kioskApi[method].input.safeParse(input);
  if (!parsed.success) throw new KioskError('invalid_input', parsed.error.issues[0]?.message ?? 'Invalid input.');
  const call = getBridge()[method] as (input: unknown) => Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
  const result = await call(parsed.data);
  if (!result.ok) throw kioskErrorFrom(result.error);
  return kioskApi[method].output.parse(result.value) as KioskOutput<M>;
}

/** The error the core answered, checked by its code: one of the wrong shape is an internal error, never read by a screen. */
export function kioskErrorFrom(answered: unknown): KioskError {
  const checked = KioskErrorSchema.safeParse(answered);
  if (!checked.success) return new KioskError('internal', `The kiosk answered with a malformed error: ${checked.error.issues[0]?.message ?? 'unknown shape'}.`);
  const error: KioskErrorShape = checked.data;
  return new KioskError(error.code, error.message, error.details);
}

export function onKioskEvent<E extends KioskEventName>(event: E, listener: (payload: KioskEventPayload<E>) => void): () => void {
  return getBridge().on(event, (payload) => {
    const parsed = kioskEvents[event].safeParse(payload);
    if (parsed.success) listener(parsed.data as KioskEventPayload<E>);
  });
}
