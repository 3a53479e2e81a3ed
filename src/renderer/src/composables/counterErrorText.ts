import type { KioskErrorCode, KioskErrorShape } from '@shared/errors';

/** The i18n functions the counter's sentences need (a component's `useI18n()`, or the global composer). */
export interface CounterTranslator {
  t(key: string, named: Record<string, unknown>): string;
  te(key: string): boolean;
  locale: string;
}

/** A span of time in the student's language: "10 分", "10 minutes", "1 minute", "2 秒". */
export function formatDuration(ms: number, locale: string): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  const inMinutes = seconds % 60 === 0 || seconds >= 120;
  const unit = inMinutes ? 'minute' : 'second';
  const n = inMinutes ? Math.round(seconds / 60) : seconds;
  return new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { style: 'unit', unit, unitDisplay: 'long' }).format(n);
}

/** A wait, rounded up to whole minutes (at least one): "about {wait}". */
export function formatWait(seconds: number, locale: string): string {
  return formatDuration(Math.max(1, Math.ceil(seconds / 60)) * 60_000, locale);
}

/**
 * Errors whose sentence can state the portal's own limit, and the detail that carries it. With the
 * number they use `counter.errorsWithLimit`; without it (an older portal, a draft from before) the
 * plain sentence in `counter.errors`, so no number of ours is ever shown as the portal's.
 */
const LIMIT_DETAIL: Partial<Record<KioskErrorCode, string>> = {
  birthdate_mismatch: 'attemptsRemaining',
  code_expired: 'codeLifetimeSeconds',
  code_generation_limit: 'maxCodes',
  identify_locked: 'retryAfterSeconds',
};

/** A counter flow's failure in the student's words, never a stack trace. */
export function counterErrorText(error: KioskErrorShape, i18n: CounterTranslator): string {
  // Each code's details are typed (src/shared/errors.ts); the sentences read a few numbers by name.
  const details: Readonly<Record<string, unknown>> = error.details ?? {};
  const num = (key: string): number | null => {
    const value = details[key];
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
  };
  const seconds = num('retryAfterSeconds') ?? 30;
  const lifetime = num('codeLifetimeSeconds');
  const params = {
    attempts: num('attemptsRemaining') ?? '',
    seconds,
    minutes: Math.max(1, Math.ceil(seconds / 60)),
    wait: formatWait(seconds, i18n.locale),
    lifetime: lifetime === null ? '' : formatDuration(lifetime * 1000, i18n.locale),
    max: num('maxCodes') ?? '',
  };
  const needs = LIMIT_DETAIL[error.code];
  if (needs && num(needs) !== null && i18n.te(`counter.errorsWithLimit.${error.code}`)) return i18n.t(`counter.errorsWithLimit.${error.code}`, params);
  if (i18n.te(`counter.errors.${error.code}`)) return i18n.t(`counter.errors.${error.code}`, params);
  if (i18n.te(`errors.${error.code}`)) return i18n.t(`errors.${error.code}`, params);
  return i18n.t('errors.internal', {});
}
