import { z } from 'zod';

/**
 * Why the kiosk's audit log does not match what it anchored at the portal (SECURITY.md §7):
 * - local_row_missing: the anchored row (or rows up to it) is gone from this kiosk's log;
 * - hash_differs: the anchored row is there but its hash is not the anchored one (the chain was rewritten);
 * - chain_broken: the log itself does not verify (a row edited, removed or moved);
 * - portal_refused: the portal refused the new head because it does not continue its latest anchor.
 */
export const AUDIT_ANCHOR_MISMATCH_REASONS = ['local_row_missing', 'hash_differs', 'chain_broken', 'portal_refused'] as const;
export type AuditAnchorMismatchReason = (typeof AUDIT_ANCHOR_MISMATCH_REASONS)[number];

/** The audit anchor as staff see it on the status screen. Times are epoch ms. */
export const AuditAnchorStatusSchema = z.discriminatedUnion('state', [
  /** Not checked yet (just started), or the log has no rows to anchor. */
  z.object({ state: z.literal('unchecked') }),
  /** The newest rows are not anchored yet: offline, or the portal did not answer (reason: 'offline' or a sync reason code). */
  z.object({
    state: z.literal('pending'),
    reason: z.string(),
    since: z.number(),
    /** The last anchor this kiosk knows of (id and when the portal stored it). */
    lastAnchored: z.object({ auditId: z.number().int(), at: z.number() }).nullable(),
  }),
  /** The portal holds the current head: row `auditId` anchored at `at` (the portal's clock). */
  z.object({ state: z.literal('anchored'), auditId: z.number().int().positive(), rowCount: z.number().int().positive(), at: z.number(), checkedAt: z.number() }),
  /** The log does not match the copy anchored at the portal: staff must not wipe the kiosk and must call the administrator. */
  z.object({
    state: z.literal('mismatch'),
    reason: z.enum(AUDIT_ANCHOR_MISMATCH_REASONS),
    /** The audit row in question, when there is one. */
    auditId: z.number().int().nullable(),
    /** When the portal stored the anchor the log no longer matches (null when not known). */
    anchoredAt: z.number().nullable(),
    detectedAt: z.number(),
    /** A technical one-line explanation (English, no personal data). */
    message: z.string(),
  }),
]);
export type AuditAnchorStatus = z.infer<typeof AuditAnchorStatusSchema>;
