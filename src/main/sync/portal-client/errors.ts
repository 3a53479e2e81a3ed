import type { Problem } from '../../../shared/portal-api/types';

/**
 * Why a sync step failed, as a stable reason code (in the manner of Actual Budget's sync
 * error reasons). The staff status screen shows the reason; the engine decides by `transient`.
 */
export const SYNC_REASONS = [
  // Transient: retried without limit, with backoff.
  'network_failure', // connection refused / DNS / unreachable: the portal is down or the network is.
  'connection_reset', // the connection dropped mid-request (the work may have committed).
  'timeout',
  'server_error', // 5xx
  'rate_limited', // 429 or 503 with Retry-After
  'in_flight', // 409 request_in_progress: an earlier attempt is still being processed
  'invalid_response', // the portal answered something that is not the documented shape
  // Blocking: retried with backoff, never dead-lettered, but staff must look.
  'unauthorized', // device credentials refused
  'kiosk_disabled', // terminal_is_invalidated
  'sequence_gap', // the portal expects an earlier sequence number than the kiosk holds
  // Permanent for one operation: dead-lettered.
  'declined', // a business rule refused it (balance, limits, token) — recorded at the portal
  'invalid_request', // the payload does not match the API document
  'rejected', // refused for another reason (unknown member, sequence conflict …)
  'idempotency_conflict', // the client request id was used with another body
  'payload_too_large',
] as const;

export type SyncReason = (typeof SYNC_REASONS)[number];

export type Disposition = 'transient' | 'blocking' | 'permanent';

export function dispositionOf(reason: SyncReason): Disposition {
  switch (reason) {
    case 'network_failure':
    case 'connection_reset':
    case 'timeout':
    case 'server_error':
    case 'rate_limited':
    case 'in_flight':
    case 'invalid_response':
      return 'transient';
    case 'unauthorized':
    case 'kiosk_disabled':
    case 'sequence_gap':
      return 'blocking';
    default:
      return 'permanent';
  }
}

/** Maps a problem code (or HTTP status) from the portal to a reason. */
export function reasonForProblem(status: number, code: string | undefined): SyncReason {
  switch (code) {
    case 'request_in_progress':
      return 'in_flight';
    case 'sequence_gap':
      return 'sequence_gap';
    case 'terminal_is_invalidated':
      return 'kiosk_disabled';
    case 'unauthorized':
    case 'invalid_device_credentials':
      return 'unauthorized';
    case 'idempotency_key_reused':
      return 'idempotency_conflict';
    case 'invalid_request':
    case 'invalid_json':
    case 'unsupported_media_type':
      return 'invalid_request';
    case 'payload_too_large':
      return 'payload_too_large';
    case 'rate_limited':
      return 'rate_limited';
    default:
      break;
  }
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status === 503) return 'rate_limited';
  if (status >= 500) return 'server_error';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'kiosk_disabled';
  if (status === 413) return 'payload_too_large';
  if (status === 400) return 'invalid_request';
  return 'rejected';
}

/** A failed call to the portal: transport failure (status null) or an error answer. */
export class PortalError extends Error {
  readonly status: number | null;
  /** The problem's `code`, or a transport code such as ECONNREFUSED. */
  readonly code: string;
  readonly reason: SyncReason;
  readonly disposition: Disposition;
  /** From Retry-After (seconds or HTTP date), in ms; null when absent. */
  readonly retryAfterMs: number | null;
  readonly problem?: Problem;

  constructor(init: { message: string; status: number | null; code: string; reason: SyncReason; retryAfterMs?: number | null; problem?: Problem; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'PortalError';
    this.status = init.status;
    this.code = init.code;
    this.reason = init.reason;
    this.disposition = dispositionOf(init.reason);
    this.retryAfterMs = init.retryAfterMs ?? null;
    if (init.problem) this.problem = init.problem;
  }

  get transient(): boolean {
    return this.disposition === 'transient';
  }
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** Classifies a thrown fetch error (undici wraps socket errors in `cause`). */
export function transportError(error: unknown): PortalError {
  const e = error as { name?: string; message?: string; cause?: { code?: string; name?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new PortalError({ message: 'The portal did not answer in time.', status: null, code: 'ETIMEDOUT', reason: 'timeout', cause: error });
  }
  const code = e?.cause?.code ?? e?.cause?.name ?? 'EUNKNOWN';
  const reset = ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED', 'SocketError'].includes(code);
  return new PortalError({
    message: `Portal unreachable: ${e?.cause?.message ?? e?.message ?? String(error)}`,
    status: null,
    code,
    reason: reset ? 'connection_reset' : 'network_failure',
    cause: error,
  });
}
