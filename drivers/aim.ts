/** AIM symbology identifiers (ISO/IEC 15424): `]` + code character + modifier, sent before the data. */
const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

/** Splits a leading AIM id off `text`; data without one is returned whole. */
export function splitAimId(text: string): { symbology?: string; data: string } {
  if (!AIM_PREFIX.test(text)) return { data: text };
  return { symbology: text.slice(0, 3), data: text.slice(3) };
}

/** Strips a configured prefix and suffix when present (scanners add them around the AIM id and data). */
export function stripAffixes(text: string, prefix: string, suffix: string): string {
  let out = text;
  if (prefix && out.startsWith(prefix)) out = out.slice(prefix.length);
  if (suffix && out.endsWith(suffix)) out = out.slice(0, out.length - suffix.length);
  return out;
}
