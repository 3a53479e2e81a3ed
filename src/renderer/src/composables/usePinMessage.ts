import { kioskErrorOf } from '@shared/errors';
import { i18n } from '../i18n';

/** The sentence for a refused staff number / PIN (wrong, locked, slowed down, a PIN rule…). */
export function pinMessage(error: unknown): string {
  const t = i18n.global.t;
  const shape = kioskErrorOf(error);
  const details = (shape?.details ?? {}) as { attemptsLeft?: number; retryAfterSeconds?: number };
  if (shape?.code === 'pin_wrong') return t('staff.pinWrong', { attempts: details.attemptsLeft ?? 0 });
  if (shape?.code === 'pin_locked') return t('staff.pinLocked', { seconds: details.retryAfterSeconds ?? 0 });
  if (shape?.code === 'pin_throttled') return t('staff.pinThrottled', { seconds: details.retryAfterSeconds ?? 0 });
  return t(`errors.${shape?.code ?? 'internal'}`, details);
}
