import { z } from 'zod';
import { NoInput, type MethodSchema } from './common';
import { ApprovalSchema } from './staff';

export const SyncErrorSchema = z.object({ reason: z.string(), code: z.string(), message: z.string() });

/** The queue's health as staff see it (DESIGN.md §3.5, §3.6). */
export const SyncMetricsSchema = z.object({
  state: z.enum(['stopped', 'running', 'paused', 'stopping']),
  depth: z.number().int().nonnegative(),
  oldestAgeMs: z.number().nullable(),
  lastSuccessAt: z.number().nullable(),
  lastError: SyncErrorSchema.extend({ at: z.number() }).nullable(),
  deadLetters: z.number().int().nonnegative(),
  nextAttemptAt: z.number().nullable(),
});
export type SyncMetricsView = z.infer<typeof SyncMetricsSchema>;

/** A dead letter: an operation the portal refused for good. Only what staff need to decide. */
export const DeadLetterSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  memberKey: z.string(),
  clientRequestId: z.string(),
  createdAt: z.number(),
  deadAt: z.number().nullable(),
  attempts: z.number().int(),
  error: SyncErrorSchema.nullable(),
  /** A short human summary (amount, kind) with no personal data beyond the member number. */
  summary: z.string(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

export const SyncOverviewSchema = z.object({ metrics: SyncMetricsSchema, deadLetters: z.array(DeadLetterSchema) });
export type SyncOverview = z.infer<typeof SyncOverviewSchema>;

const DeadLetterId = z.object({ id: z.number().int().positive() }).strict();

export const syncMethods = {
  /** Staff (any role): queue metrics and the dead letters. */
  getSyncOverview: { input: NoInput, output: SyncOverviewSchema },
  /** Staff (any role): send a dead letter again after fixing its cause. */
  retryDeadLetter: { input: DeadLetterId, output: SyncOverviewSchema },
  /** Supervisor: give up on a dead letter (audited). */
  discardDeadLetter: {
    input: DeadLetterId.extend({ note: z.string().trim().max(200).optional(), approval: ApprovalSchema.optional() }).strict(),
    output: SyncOverviewSchema,
  },
} as const satisfies Record<string, MethodSchema>;

export const syncEvents = {
  /** Queue metrics changed (depth, errors, dead letters). */
  syncMetrics: SyncMetricsSchema,
} as const;
