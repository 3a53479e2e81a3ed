/**
 * Counter flows (DESIGN.md §3.1, §3.2): guided My Portal sign-up, the counter email change and
 * "which address is registered?". The state machines live in the core; the renderer only shows
 * the flow view it gets back and sends the student's input. Inputs are strict and bounded.
 *
 * The kiosk never asks for a password or an MFA code: no method here takes one.
 */
import { z } from 'zod';
import { LanguageSchema, NoInput, Ok, type MethodSchema } from './common';
import { MemberNoSchema } from './scanner';
import { ApprovalSchema } from './staff';
import { RepairProblemSchema, RepairProblemsInputSchema } from './repair';
import { KANA_PATTERN, MOBILE_PATTERN, POSTAL_PATTERN } from '../registration/normalize';

export const COUNTER_FLOWS = ['signup', 'emailChange', 'lookup', 'repair'] as const;
export const CounterFlowSchema = z.enum(COUNTER_FLOWS);
export type CounterFlow = z.infer<typeof CounterFlowSchema>;

export const SIGNUP_STEPS = ['email', 'code', 'info', 'confirm', 'done'] as const;
export const EMAIL_CHANGE_STEPS = ['current', 'newEmail', 'code', 'done'] as const;
export const LOOKUP_STEPS = ['shown'] as const;
/** "My app setup failed": what happened, the contact address, its code, done. */
export const REPAIR_STEPS = ['problem', 'email', 'code', 'done'] as const;
export const CounterStepSchema = z.enum(['email', 'code', 'info', 'confirm', 'done', 'current', 'newEmail', 'shown', 'problem']);
export type CounterStep = z.infer<typeof CounterStepSchema>;

/** ISO date of birth as the year / month / day selectors give it. */
export const BirthDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'not a calendar date');

export const EmailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

export const CARRIERS = ['docomo', 'au', 'softbank', 'icloud'] as const;
export const CarrierSchema = z.enum(CARRIERS);
export type Carrier = z.infer<typeof CarrierSchema>;

export const EMAIL_CHANGE_STATUSES = ['requested', 'approved', 'completed', 'rejected'] as const;
export const EmailChangeStatusSchema = z.enum(EMAIL_CHANGE_STATUSES);

export const AddressSchema = z
  .object({
    prefecture: z.string().trim().min(1).max(10),
    city: z.string().trim().min(1).max(50),
    town: z.string().trim().max(100),
    line: z.string().trim().max(200),
  })
  .strict();
export type AddressInput = z.infer<typeof AddressSchema>;

/** The registration info as the form sends it (already normalised by the renderer; checked again here). */
export const SignupProfileInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    nameKana: z.string().trim().min(1).max(100).regex(KANA_PATTERN, 'katakana only'),
    phone: z.string().regex(MOBILE_PATTERN, '11-digit mobile number'),
    postalCode: z.string().regex(POSTAL_PATTERN, '7-digit postal code'),
    address: AddressSchema,
    university: z.string().trim().min(1).max(100),
    faculty: z.string().trim().min(1).max(100),
    studentNo: z.string().trim().min(1).max(32),
    remarks: z.string().trim().max(500),
  })
  .strict();
export type SignupProfileInput = z.infer<typeof SignupProfileInputSchema>;

/** Pre-filled info: every field may be missing. */
export const SignupProfileDraftSchema = z.object({
  name: z.string(),
  nameKana: z.string(),
  phone: z.string(),
  postalCode: z.string(),
  address: z.object({ prefecture: z.string(), city: z.string(), town: z.string(), line: z.string() }),
  university: z.string(),
  faculty: z.string(),
  studentNo: z.string(),
  remarks: z.string(),
});
export type SignupProfileDraft = z.infer<typeof SignupProfileDraftSchema>;

export const CodeStateSchema = z.object({
  maskedEmail: z.string(),
  /** Epoch ms. */
  expiresAt: z.number(),
  /** How long the portal's codes live (ms), as its answer says; null when it could not be told. */
  lifetimeMs: z.number().int().positive().nullable(),
  resendAvailableAt: z.number(),
  codesRemaining: z.number().int().nonnegative(),
  attemptsRemaining: z.number().int().nonnegative(),
  verified: z.boolean(),
});
export type CodeState = z.infer<typeof CodeStateSchema>;

export const EmailChangeViewSchema = z.object({
  requestId: z.string().nullable(),
  maskedNewEmail: z.string(),
  status: EmailChangeStatusSchema,
  /** Still in this kiosk's queue: the portal has not seen it yet. */
  queued: z.boolean(),
  requestedAt: z.number(),
  reason: z.string().nullable(),
});
export type EmailChangeView = z.infer<typeof EmailChangeViewSchema>;

export const SubmissionViewSchema = z.object({
  state: z.enum(['queued', 'applied', 'failed']),
  /** Portal sign-up status once applied: completed (code was checked) or waiting for the e-mail link. */
  signupStatus: z.enum(['completed', 'pending_email_confirmation']).nullable(),
  /** Why the portal refused it (a kiosk error code), when failed. */
  failure: z.string().nullable(),
});
export type SubmissionView = z.infer<typeof SubmissionViewSchema>;

/** Everything a flow's screens show. Personal data stays on this kiosk's own boundary. */
export const CounterFlowViewSchema = z.object({
  flowId: z.string(),
  flow: CounterFlowSchema,
  step: CounterStepSchema,
  memberNo: z.string(),
  /** When the draft is wiped if not finished (epoch ms). */
  expiresAt: z.number(),
  resumed: z.boolean(),
  member: z.object({
    name: z.string(),
    nameKana: z.string(),
    maskedEmail: z.string().nullable(),
    portalRegistered: z.boolean(),
    /** Where the member facts came from: the portal, or this kiosk's roster while offline. */
    source: z.enum(['portal', 'roster']),
  }),
  /** The address the student typed (sign-up: the one to use; email change: the new one). */
  email: z.string().nullable(),
  /** Whether the typed address fits the registered one's mask (null when there is none to compare). */
  emailMatchesRegistered: z.boolean().nullable(),
  carrier: CarrierSchema.nullable(),
  /** The code step was skipped because the portal was unreachable: the sign-up goes by e-mail link later. */
  deferredVerification: z.boolean(),
  code: CodeStateSchema.nullable(),
  profile: SignupProfileDraftSchema.nullable(),
  submission: SubmissionViewSchema.nullable(),
  emailChanges: z.array(EmailChangeViewSchema),
  /** Repair request: what the student picked from the failure list (null in the other flows). */
  repairProblems: z.array(RepairProblemSchema).nullable(),
});
export type CounterFlowView = z.infer<typeof CounterFlowViewSchema>;

export const PostalCandidateSchema = z.object({ prefecture: z.string(), city: z.string(), town: z.string() });
export type PostalCandidate = z.infer<typeof PostalCandidateSchema>;

export const CatalogSchema = z.object({
  universities: z.array(z.object({ name: z.string(), faculties: z.array(z.string()) })),
});
export type RegistrationCatalog = z.infer<typeof CatalogSchema>;

export const DraftHintSchema = z.object({ flow: CounterFlowSchema, step: CounterStepSchema, updatedAt: z.number(), expiresAt: z.number() });
export type DraftHint = z.infer<typeof DraftHintSchema>;

const EmailPairSchema = z.object({ email: EmailSchema, emailConfirm: EmailSchema }).strict();

export const StaffEmailChangeSchema = z.object({
  /** The portal's request id; the client request id while still queued. */
  requestId: z.string(),
  memberNo: z.string(),
  maskedNewEmail: z.string(),
  status: EmailChangeStatusSchema,
  requestedAt: z.number(),
  decidedBy: z.string().nullable(),
  reason: z.string().nullable(),
  /** Not at the portal yet (this kiosk is offline): it cannot be decided until it is sent. */
  queued: z.boolean(),
});
export type StaffEmailChange = z.infer<typeof StaffEmailChangeSchema>;

/**
 * One open request with what staff check against the student's ID (issue 12). Personal data:
 * fetched from the portal when staff open the request, shown while it is open, never stored or logged.
 */
export const StaffEmailChangeReviewSchema = StaffEmailChangeSchema.extend({
  maskedCurrentEmail: z.string().nullable(),
  name: z.string(),
  nameKana: z.string(),
  birthDate: z.string(),
  /** The kiosk of the store the student asked at. */
  requestedAtDevice: z.string(),
});
export type StaffEmailChangeReview = z.infer<typeof StaffEmailChangeReviewSchema>;

export const registrationMethods = {
  /** A card was scanned or a number typed: is there an unfinished flow for it? No personal data. */
  counterCheckCard: { input: z.object({ memberNo: MemberNoSchema }).strict(), output: z.object({ draft: DraftHintSchema.nullable() }) },
  /** Identify (member number + birthdate) and start the flow, or resume this member's draft of it. */
  counterStart: {
    input: z
      .object({
        flow: CounterFlowSchema,
        memberNo: MemberNoSchema,
        birthDate: BirthDateSchema,
        via: z.enum(['card', 'typed']),
        /** The language of the code and confirmation e-mails. */
        language: LanguageSchema,
      })
      .strict(),
    output: CounterFlowViewSchema,
  },
  /** The flow this session is in, or null. */
  counterGetFlow: { input: NoInput, output: CounterFlowViewSchema.nullable() },
  /** One step back (every screen has a way back). */
  counterBack: { input: NoInput, output: CounterFlowViewSchema },
  /** The student gives up: the draft and everything it held is wiped. */
  counterCancel: { input: NoInput, output: Ok },
  /** Sign-up: the address to use, typed twice. Email change: the new address. Repair: the contact address. */
  counterSetEmail: { input: EmailPairSchema, output: CounterFlowViewSchema },
  /** Email change: the student has seen the current address and goes on to type the new one. */
  counterContinue: { input: NoInput, output: CounterFlowViewSchema },
  /** Send the 6-digit code to the chosen address (portal). */
  counterSendCode: { input: NoInput, output: CounterFlowViewSchema },
  /** "Send a new code" (cooldown and generation limit enforced by the portal). */
  counterResendCode: { input: NoInput, output: CounterFlowViewSchema },
  counterConfirmCode: { input: z.object({ code: z.string().regex(/^\d{6}$/, '6 digits') }).strict(), output: CounterFlowViewSchema },
  /** Repair request: what went wrong, from the guides' failure list; goes on to the contact address. */
  counterSetRepairProblems: { input: RepairProblemsInputSchema, output: CounterFlowViewSchema },
  /** Sign-up: registration info; goes to the confirmation step. */
  counterSaveProfile: { input: z.object({ profile: SignupProfileInputSchema }).strict(), output: CounterFlowViewSchema },
  /** Sign-up / email change: send it (through the outbox: queued when offline). */
  counterSubmit: { input: NoInput, output: CounterFlowViewSchema },
  /**
   * Sign-up done: the hand-off slip (QR to the password guide, the checklist, the masked address)
   * on the receipt printers, in the student's language. Twice at most per sign-up.
   */
  counterPrintHandoffSlip: { input: z.object({ language: LanguageSchema }).strict(), output: z.object({ printers: z.number().int() }) },
  /** Postal code → address candidates from the offline data set (several towns: several candidates). */
  lookupPostalCode: { input: z.object({ postalCode: z.string().regex(POSTAL_PATTERN) }).strict(), output: z.object({ candidates: z.array(PostalCandidateSchema) }) },
  /** University / faculty lists (configuration). */
  getRegistrationCatalog: { input: NoInput, output: CatalogSchema },
  /**
   * Staff (any role): the store's pending email-change requests (every kiosk of the store, from the
   * portal when online) and those made at this kiosk, newest first.
   */
  listEmailChangeRequests: { input: NoInput, output: z.object({ items: z.array(StaffEmailChangeSchema), online: z.boolean() }) },
  /** Staff (any role): one request opened for the ID check, with the member's name, kana and birth date (portal, online only). */
  openEmailChangeRequest: { input: z.object({ requestId: z.uuid() }).strict(), output: StaffEmailChangeReviewSchema },
  /** Staff: approve or reject after checking ID; needs the deciding staff member's PIN again (audited). */
  decideEmailChangeRequest: {
    input: z
      .object({
        requestId: z.uuid(),
        decision: z.enum(['approve', 'reject']),
        /** A supervisor's or admin's staff number + PIN; omitted when one is signed in. */
        approval: ApprovalSchema.optional(),
        reason: z.string().trim().max(500).optional(),
      })
      .strict(),
    output: StaffEmailChangeSchema,
  },
} as const satisfies Record<string, MethodSchema>;

export const registrationEvents = {
  /** A flow's submission changed (the portal applied or refused it): screens showing it re-read the flow. */
  counterFlowChanged: z.object({ flowId: z.string() }),
} as const;
