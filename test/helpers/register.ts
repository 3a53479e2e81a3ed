import { randomUUID } from 'node:crypto';
import type { KioskCore } from '../../src/main/core/kiosk-core';
import type { KioskInput, KioskMethod, KioskOutput } from '../../src/shared/kiosk-api';

/** Calls the core and returns the value; throws with the error code when the call failed. */
export async function ok<M extends KioskMethod>(core: KioskCore, method: M, input: KioskInput<M>): Promise<KioskOutput<M>> {
  const result = await core.invoke(method, input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** Calls the core expecting a failure; returns the error code (and details). */
export async function refused<M extends KioskMethod>(core: KioskCore, method: M, input: KioskInput<M>): Promise<{ code: string; details?: Record<string, unknown> }> {
  const result = await core.invoke(method, input);
  if (result.ok) throw new Error(`${method} was expected to fail but answered ${JSON.stringify(result.value).slice(0, 200)}`);
  return { code: result.error.code, ...(result.error.details ? { details: result.error.details } : {}) };
}

export const newId = (): string => randomUUID();
