import { KioskError } from '../../shared/errors';
import type { CounterFlow, CounterStep } from '../../shared/api/registration';

/**
 * The counter flows as state machines (DESIGN.md §3.1, §3.2). Identification happens before a
 * flow exists; each flow then walks its steps. `NEXT` lists the forward moves a step allows,
 * `BACK` where "back" goes (null: the way out is cancel). Every move goes through `move`, so a
 * call out of order (a stale screen, a replayed request) is refused, never half-applied.
 */
const NEXT: Record<CounterFlow, Partial<Record<CounterStep, readonly CounterStep[]>>> = {
  // email → code (online) or straight to info (offline: the code comes later by e-mail link).
  signup: { email: ['code', 'info'], code: ['info'], info: ['confirm'], confirm: ['done'], done: [] },
  emailChange: { current: ['newEmail'], newEmail: ['code'], code: ['done'], done: [] },
  lookup: { shown: [] },
  // problem → email → code (online) or straight to done (offline: the contact address stays unverified).
  repair: { problem: ['email'], email: ['code', 'done'], code: ['done'], done: [] },
};

const BACK: Record<CounterFlow, Partial<Record<CounterStep, CounterStep | null>>> = {
  signup: { email: null, code: 'email', info: 'email', confirm: 'info', done: null },
  emailChange: { current: null, newEmail: 'current', code: 'newEmail', done: null },
  lookup: { shown: null },
  repair: { problem: null, email: 'problem', code: 'email', done: null },
};

export const FIRST_STEP: Record<CounterFlow, CounterStep> = { signup: 'email', emailChange: 'current', lookup: 'shown', repair: 'problem' };

export function stepsOf(flow: CounterFlow): CounterStep[] {
  return Object.keys(NEXT[flow]) as CounterStep[];
}

/** Throws `invalid_step` unless the flow is at one of `allowed`. */
export function requireStep(flow: CounterFlow, step: CounterStep, allowed: readonly CounterStep[]): void {
  if (!allowed.includes(step)) {
    throw new KioskError('invalid_step', `The ${flow} flow is at ${step}; this needs ${allowed.join(' or ')}.`, { step });
  }
}

/** The step after a forward move, checked against the machine. */
export function move(flow: CounterFlow, from: CounterStep, to: CounterStep): CounterStep {
  const allowed = NEXT[flow][from];
  if (!allowed?.includes(to)) throw new KioskError('invalid_step', `The ${flow} flow cannot go from ${from} to ${to}.`, { step: from });
  return to;
}

/** Where "back" goes from a step, or null when the only way out is to cancel. */
export function backOf(flow: CounterFlow, from: CounterStep): CounterStep | null {
  return BACK[flow][from] ?? null;
}

/** Whether the flow is finished (nothing more to send; the draft is wiped). */
export function isFinal(flow: CounterFlow, step: CounterStep): boolean {
  return (NEXT[flow][step]?.length ?? 0) === 0;
}
