/**
 * The sign-up form's university / faculty catalog as a stored or imported value, with the limits
 * of src/main/registration/catalog.ts. Kept apart from the CSV reader so the renderer can use it
 * without the decoders.
 */
import { z } from 'zod';

export const CATALOG_LIMITS = { universities: 50, facultiesPerUniversity: 100, nameLength: 100 } as const;

const name = z.string().trim().min(1).max(CATALOG_LIMITS.nameLength);

export const registrationCatalogSchema = z
  .object({
    universities: z
      .array(z.object({ name, faculties: z.array(name).min(1).max(CATALOG_LIMITS.facultiesPerUniversity) }).strict())
      .min(1)
      .max(CATALOG_LIMITS.universities),
  })
  .strict();
