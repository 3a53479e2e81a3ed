import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RegistrationCatalog } from '../../shared/api/registration';

const CatalogFileSchema = z
  .object({
    universities: z
      .array(z.object({ name: z.string().trim().min(1).max(100), faculties: z.array(z.string().trim().min(1).max(100)).min(1).max(100) }).strict())
      .min(1)
      .max(50),
  })
  .strict();

/** The demo store's lists (the seeded members study here). */
export const DEFAULT_CATALOG: RegistrationCatalog = {
  universities: [
    { name: '生協大学', faculties: ['文学部', '法学部', '経済学部', '理学部', '工学部', '農学部', '医学部', '教育学部'] },
    { name: '生協大学大学院', faculties: ['文学研究科', '法学研究科', '経済学研究科', '理学研究科', '工学研究科'] },
  ],
};

export const CATALOG_FILE = 'registration-catalog.json';

/**
 * University / faculty lists: `registration-catalog.json` in the data folder when present (a
 * store's configuration), else the defaults. A malformed file stops nothing: the defaults are
 * used and the reason is logged for staff.
 */
export function loadCatalog(dataDir: string, log: (line: string) => void): RegistrationCatalog {
  const path = join(dataDir, CATALOG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return DEFAULT_CATALOG;
  }
  try {
    return CatalogFileSchema.parse(JSON.parse(text));
  } catch (error) {
    log(`registration: ${path} is not a valid catalog (${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}); using the default lists.`);
    return DEFAULT_CATALOG;
  }
}
