import { createHash, randomUUID } from 'node:crypto';

export const iso = (ms: number): string => new Date(ms).toISOString();

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const uuid = (): string => randomUUID();

/** JSON with object keys sorted, so two equal bodies have one fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** t***@e***.jp — first letter of the local part and of the domain, then the last label. */
export function maskEmail(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const lastDot = domain.lastIndexOf('.');
  const tld = lastDot >= 0 ? domain.slice(lastDot) : '';
  return `${local[0]}***@${domain[0] ?? ''}***${tld}`;
}
