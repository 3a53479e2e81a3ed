/**
 * The hub's scans and statuses as the kiosk API shows them: epoch times instead of the drivers'
 * monotonic clock, and app tokens masked (a one-time payment token is a credential; it stays in
 * the core).
 */
import type { ScanClassification } from '../../shared/barcode/scan-rules';
import { maskAppToken } from '../../shared/api/scanner';
import type { ScanMeaning, ScanView, ScannerSourceStatus, ScannerStateView } from '../../shared/api/scanner';
import { notConnectedView } from '../../../drivers/status-view';
import type { ScannerStatus } from '../../../drivers/types';
import type { ScanEvent, SourceStatus } from './hub';

/** Monotonic ms (performance.now()) → epoch ms. */
export function epochOf(monotonicMs: number): number {
  return Math.round(performance.timeOrigin + monotonicMs);
}

export function toMeaning(classification: ScanClassification): ScanMeaning {
  switch (classification.kind) {
    case 'memberCard':
      return {
        kind: 'memberCard',
        memberNo: classification.memberNo,
        ruleId: classification.ruleId,
        ...(classification.symbology ? { symbology: classification.symbology } : {}),
      };
    case 'appToken':
      return { kind: 'appToken', mode: classification.mode, tokenHint: maskAppToken(classification.token), ruleId: classification.ruleId };
    case 'staffCard':
      // The staff number is what a staff sign-in by card uses (issue 12); it is not a secret.
      return { kind: 'staffCard', staffNo: classification.staffNo, ruleId: classification.ruleId, ...(classification.symbology ? { symbology: classification.symbology } : {}) };
    case 'unknown':
      return { kind: 'unknown', reason: classification.reason, ...(classification.ruleId ? { ruleId: classification.ruleId } : {}) };
  }
}

export function toScanView(event: ScanEvent, toEpoch: (monotonicMs: number) => number = epochOf): ScanView {
  const meaning = toMeaning(event.classification);
  return {
    id: event.id,
    seq: event.seq,
    sourceId: event.sourceId,
    data: meaning.kind === 'appToken' ? meaning.tokenHint : event.data,
    ...(event.symbology ? { symbology: event.symbology } : {}),
    meaning,
    at: toEpoch(event.receivedAt),
  };
}

function toStateView(status: ScannerStatus, toEpoch: (monotonicMs: number) => number): ScannerStateView {
  if (status.state !== 'connected') return notConnectedView(status);
  return { state: 'connected', device: { description: status.device.description }, since: toEpoch(status.since) };
}

export function toSourceView(
  status: SourceStatus,
  source: { uri: string; invalid: boolean },
  toEpoch: (monotonicMs: number) => number = epochOf,
): ScannerSourceStatus {
  return {
    sourceId: status.sourceId,
    kind: source.invalid ? 'invalid' : status.kind,
    uri: source.uri,
    status: toStateView(status.status, toEpoch),
    connected: status.connected,
    scanCount: status.scanCount,
    duplicatesDropped: status.duplicatesDropped,
    lastScanAt: status.lastScanAt === undefined ? null : toEpoch(status.lastScanAt),
    errorCount: status.errorCount,
    lastError: status.lastError ? { message: status.lastError.message, at: toEpoch(status.lastError.at) } : null,
  };
}
