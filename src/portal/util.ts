import { createHash, randomUUID } from 'node:crypto';
import { maskEmail as maskSharedEmail } from '../shared/registration/normalize';

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

/** t***@e***.jp, the same mask the kiosk checks typed addresses against. */
export function maskEmail(email: string | null): string | null {
  return email ? maskSharedEmail(email) : null;
}
