/**
 * What a scan can mean, shared by the rule set (`rule-set.ts`, `scan-rules.ts`: ordered rules,
 * first match wins, edited on the admin screen) and the kiosk API's scan views. The classifier
 * itself is `classifyScan` in `scan-rules.ts`.
 */
import type { AppTokenMode } from './formats';

export const UNKNOWN_REASONS = ['empty', 'too_long', 'not_printable', 'product_code', 'bad_check_digit', 'unrecognised'] as const;
export type UnknownReason = (typeof UNKNOWN_REASONS)[number];

export type BarcodeClassification =
  | { kind: 'memberCard'; memberNo: string; ruleId: string; symbology?: string }
  | { kind: 'appToken'; mode: AppTokenMode; token: string; ruleId: string }
  | { kind: 'unknown'; reason: UnknownReason; ruleId?: string };

/** AIM symbology identifier: `]`, a code letter, a modifier character (ISO/IEC 15424). */
export const AIM_ID_PATTERN = /^\][A-Za-z][0-9A-Za-z]$/;
