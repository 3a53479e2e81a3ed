/**
 * The runtime schema of the kiosk's errors, and the one source of their details' types
 * (errors.ts derives `KioskErrorDetailsByCode` from it): an error that crosses a host boundary
 * is checked here by its code, so a `details` of the wrong shape is refused where it arrives,
 * never read by a screen. Codes not listed carry no details.
 */
import { z } from 'zod';
import { KIOSK_ERROR_CODES, type KioskErrorCode, type KioskErrorShape } from './errors';

const Bilingual = z.object({ ja: z.string(), en: z.string() });

/** What a portal refusal carries: its own code, and its numbers (so messages state the portal's real limits). */
export const PortalRefusalDetailsSchema = z.object({
  portalCode: z.string().optional(),
  retryAfterSeconds: z.number().optional(),
  attemptsRemaining: z.number().optional(),
  maxCodes: z.number().optional(),
  maxWrongBirthdates: z.number().optional(),
  /** How long the portal's codes live (code_expired). */
  codeLifetimeSeconds: z.number().optional(),
  /** The register transaction a decline belongs to. */
  clientRequestId: z.string().optional(),
});

/** A limit the register refused with: the limit, and what is left of it when that helps the cashier. */
const LimitDetails = z.object({ limit: z.number(), left: z.number().optional(), room: z.number().optional() });
const SqliteDetails = z.object({ sqlite: z.string().optional(), errno: z.string().optional() });
const Refusal = PortalRefusalDetailsSchema;

export const KIOSK_ERROR_DETAILS = {
  config_invalid: z.object({ issues: z.array(z.object({ path: z.string(), key: z.string(), message: Bilingual })) }),
  invalid_input: z.object({
    issues: z.array(z.object({ path: z.array(z.string()), message: z.string() })).optional(),
    field: z.string().optional(),
    errors: z.array(z.unknown()).optional(),
  }),
  db_locked: SqliteDetails,
  db_readonly: SqliteDetails,
  db_full: SqliteDetails,
  db_corrupt: SqliteDetails,
  db_too_new: z.object({ fileVersion: z.number(), knownVersion: z.number() }),
  db_unavailable: z.object({ sqlite: z.string().optional() }),
  pin_wrong: z.object({ attemptsLeft: z.number() }),
  pin_locked: z.object({ retryAfterSeconds: z.number() }),
  pin_throttled: z.object({ retryAfterSeconds: z.number() }),
  pin_rule: z.object({ rule: z.enum(['length', 'repeated', 'run', 'staff_no', 'same_as_current']) }),
  forbidden: z.object({ required: z.string(), actual: z.string().optional() }),
  supervisor_required: z.object({ required: z.literal('supervisor') }),
  draft_discarded: z.object({ maxWrong: z.number() }),
  invalid_step: Refusal.extend({ step: z.string().optional() }),
  birthdate_mismatch: Refusal,
  identify_locked: Refusal,
  already_registered: Refusal,
  code_wrong: Refusal,
  code_expired: Refusal,
  code_tries_exhausted: Refusal,
  code_generation_limit: Refusal,
  resend_cooldown: Refusal,
  code_not_verified: Refusal,
  email_change_pending: Refusal,
  email_change_decided: Refusal,
  portal_offline: z.object({ reason: z.string().optional(), retryAfterSeconds: z.number().optional() }),
  portal_error: Refusal,
  member_not_found: Refusal,
  member_not_active: Refusal.extend({ status: z.string().optional() }),
  not_member_card: z.object({ reason: z.string() }),
  insufficient_balance: Refusal.extend({ available: z.number().optional(), asOf: z.number().optional() }),
  topup_limit: Refusal.extend(LimitDetails.partial().shape),
  balance_limit: Refusal.extend(LimitDetails.partial().shape),
  token_used: Refusal,
  token_expired: Refusal,
  token_unknown: Refusal,
  token_mode: Refusal.extend({ mode: z.string().optional() }),
  kiosk_disabled: Refusal,
  offline_limit_transaction: LimitDetails,
  offline_limit_member: LimitDetails,
  offline_limit_kiosk: LimitDetails,
  offline_limit_age: z.object({ maxAgeHours: z.number(), since: z.number().nullable() }),
  void_not_allowed: Refusal,
  request_conflict: Refusal.extend({ waiting: z.number().optional() }),
  wipe_incomplete: z.object({ problems: z.array(z.string()) }),
  setup_code_wrong: z.object({ attemptsLeft: z.number() }),
  setup_code_expired: z.object({ validMinutes: z.number() }),
  setup_locked: z.object({ retryAfterSeconds: z.number() }),
  internal: Refusal,
} satisfies Partial<Record<KioskErrorCode, z.ZodType>>;

function errorMemberSchema(code: KioskErrorCode) {
  const details: z.ZodType = code in KIOSK_ERROR_DETAILS ? KIOSK_ERROR_DETAILS[code as keyof typeof KIOSK_ERROR_DETAILS] : z.never();
  return z.object({ code: z.literal(code), message: z.string(), details: details.optional() });
}

const [firstCode, ...otherCodes] = KIOSK_ERROR_CODES;

/** An error as it crosses a host boundary: one member per code (a discriminated union), so `details` is checked by `code`. */
export const KioskErrorSchema: z.ZodType<KioskErrorShape> = z.discriminatedUnion('code', [errorMemberSchema(firstCode), ...otherCodes.map(errorMemberSchema)]) as unknown as z.ZodType<KioskErrorShape>;
