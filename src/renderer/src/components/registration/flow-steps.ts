import type { CounterFlow } from '@shared/api/registration';

/** The numbered steps each flow shows, identification first (as the portal numbers its pages). */
export const FLOW_STEPS: Record<CounterFlow, readonly string[]> = {
  signup: ['identify', 'email', 'code', 'info', 'confirm', 'done'],
  emailChange: ['identify', 'current', 'newEmail', 'code', 'done'],
  lookup: ['identify', 'shown'],
  repair: ['identify', 'problem', 'email', 'code', 'done'],
};

/** The route that shows a flow once identified. */
export const FLOW_ROUTES: Record<CounterFlow, 'signup' | 'email-change' | 'email-lookup' | 'repair'> = {
  signup: 'signup',
  emailChange: 'email-change',
  lookup: 'email-lookup',
  repair: 'repair',
};

const PARAMS: Record<string, CounterFlow> = { signup: 'signup', 'email-change': 'emailChange', lookup: 'lookup', repair: 'repair' };

export function flowFromParam(param: unknown): CounterFlow {
  return PARAMS[String(param)] ?? 'signup';
}

/** Steps with a way back (the core's machine agrees; elsewhere the way out is "stop"). */
export const CAN_GO_BACK: Record<CounterFlow, readonly string[]> = {
  signup: ['code', 'info', 'confirm'],
  emailChange: ['newEmail', 'code'],
  lookup: [],
  repair: ['email', 'code'],
};
