/** zod pieces for scanner URI query parameters (all values arrive as strings). */
import { z } from 'zod';

/** `1`/`0`/`true`/`false`/`yes`/`no`. */
export const booleanParam = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'], { error: 'must be 1, 0, true, false, yes or no' })
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

/** A whole number written in decimal or with a 0x prefix, within [min, max]. */
export function integerParam(min: number, max: number) {
  return z
    .string()
    .regex(/^(0x[0-9a-fA-F]+|[0-9]+)$/, 'must be a whole number (decimal or 0x hex)')
    .transform((value) => Number(value))
    .pipe(z.number().int().min(min).max(max));
}

/** A short literal string (prefix/suffix); percent-decoding already happened in the URI parser. */
export const affixParam = z.string().max(16, 'at most 16 characters');

export const sourceIdParam = z.string().min(1).max(64).regex(/^[\w.:/@-]+$/, 'letters, digits and . : / @ - _ only');
