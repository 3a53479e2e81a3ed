import { z } from 'zod';
import type { MethodSchema } from './common';

/** What a wipe removed: rows per table, whether the draft key is gone, what was left alone. */
export const WipeResultSchema = z.object({
  /** Rows deleted (or, for register_transactions, stripped of the member's name) per table. */
  rows: z.record(z.string(), z.number().int().nonnegative()),
  /**
   * The draft key files removed from the data folder. The key is dropped from memory as well:
   * the next seal makes a fresh key, so the kiosk carries on without a restart.
   */
  keyFilesRemoved: z.number().int().nonnegative(),
});
export type WipeResult = z.infer<typeof WipeResultSchema>;

export const adminMethods = {
  /**
   * Admin: removes every piece of personal data the kiosk holds at rest (drafts, submissions,
   * the member roster, names on register rows, outbox payloads already given up) and the draft
   * key (audited). Refused while operations wait to be sent or sit among the dead letters
   * (nothing is ever lost: send, retry or discard them first). Money records stay, with member
   * numbers only.
   */
  wipeKiosk: {
    input: z.object({ confirm: z.literal('WIPE') }).strict(),
    output: WipeResultSchema,
  },
} as const satisfies Record<string, MethodSchema>;

export const adminEvents = {} as const;
