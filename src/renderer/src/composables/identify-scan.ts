import type { ScanView } from '@shared/api/scanner';
import type { ScanTone } from '../sound/scan-sounds';

/** What identification makes of a scan: a member card is taken, an app payment code is pointed to the member card screen. */
export type IdentifyScanVerdict = { note: 'scanned'; memberNo: string; tone: ScanTone } | { note: 'paymentCode' | 'notCard'; tone: ScanTone };

/**
 * Identification's verdict. Whatever the nomenclature classifies as a member card is one (the
 * physical card, or the app's member-card display where a rule says so); an app token is the
 * app's one-time payment / points / charge code, which names nobody: the student is told to open
 * the app's 電子組合員証 screen, and the refusal sounds as one.
 */
export function identifyScanVerdict(scan: ScanView): IdentifyScanVerdict {
  switch (scan.meaning.kind) {
    case 'memberCard':
      return { note: 'scanned', memberNo: scan.meaning.memberNo, tone: 'good' };
    case 'appToken':
      return { note: 'paymentCode', tone: 'bad' };
    default:
      return { note: 'notCard', tone: 'bad' };
  }
}
