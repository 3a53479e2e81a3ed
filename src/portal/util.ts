import { createHash, randomUUID } from 'node:crypto';
import { maskEmail as maskSharedEmail } from '../shared/registration/normalize';

export const iso = (ms: number): string => new Date(ms).toISOString();

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const uuid = (): string => randomUUID();

/** JSON with object keys sorted, so two equal bodies have one fingerprint (runs once per operation). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  let out = '';
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined) continue;
    out += `${out ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `{${out}}`;
}

/** t***@e***.jp, the same mask the kiosk checks typed addresses against. */
export function maskEmail(email: string | null): string | null {
  return email ? maskSharedEmail(email) : null;
}
