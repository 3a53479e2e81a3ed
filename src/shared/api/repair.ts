/**
 * "My app setup failed" (issue 16): a student whose app setup broke leaves a repair request for
 * the co-op's administrator; staff track the requests. The student's side is a counter flow
 * (`repair` in ./registration); this module holds the failure list and the staff methods.
 */
import { z } from 'zod';
import { NoInput, type MethodSchema } from './common';

/**
 * What went wrong, in the guides' words: ログインエラー (an interrupted setup causes it), a sign-up
 * with an address the co-op does not have, a setup stopped halfway, the e-mail code never came
 * (@univ.coop, @microsoft.com, @pokepay.jp blocked), the MFA phone (SMS / call), PokePay, other.
 * The same list as the Portal API's RepairProblem.
 */
export const REPAIR_PROBLEMS = ['login_error', 'unregistered_email', 'interrupted_setup', 'code_not_received', 'mfa_phone', 'pokepay', 'other'] as const;
export const RepairProblemSchema = z.enum(REPAIR_PROBLEMS);
export type RepairProblemKind = z.infer<typeof RepairProblemSchema>;

export const REPAIR_STATUSES = ['open', 'in_progress', 'done'] as const;
export const RepairStatusSchema = z.enum(REPAIR_STATUSES);
export type RepairStatus = z.infer<typeof RepairStatusSchema>;

export const RepairProblemsInputSchema = z
  .object({ problems: z.array(RepairProblemSchema).min(1).max(REPAIR_PROBLEMS.length).refine((list) => new Set(list).size === list.length, 'each problem once') })
  .strict();

export const StaffRepairRequestSchema = z.object({
  /** The portal's request id; the client request id while still queued on this kiosk. */
  requestId: z.string(),
  memberNo: z.string(),
  problems: z.array(RepairProblemSchema),
  maskedContactEmail: z.string(),
  contactVerified: z.boolean(),
  status: RepairStatusSchema,
  requestedAt: z.number(),
  updatedAt: z.number(),
  updatedBy: z.string().nullable(),
  /** Not at the portal yet (this kiosk is offline): its status cannot be changed until it is sent. */
  queued: z.boolean(),
});
export type StaffRepairRequest = z.infer<typeof StaffRepairRequestSchema>;

export const repairMethods = {
  /** Staff (any role): the co-op's repair requests from the portal, newest first, with this kiosk's still queued. */
  listRepairRequests: { input: NoInput, output: z.object({ items: z.array(StaffRepairRequestSchema), online: z.boolean() }) },
  /** Staff (any role): track a request (open → in progress → done); audited. */
  setRepairRequestStatus: { input: z.object({ requestId: z.uuid(), status: RepairStatusSchema }).strict(), output: StaffRepairRequestSchema },
} as const satisfies Record<string, MethodSchema>;
