import type { FieldError } from '../shared/portal-api/validator';
import type { Problem } from '../shared/portal-api/types';

/**
 * Every error the portal answers with: an RFC 9457 problem document with a stable `code`.
 * Wallet codes follow PokePay's partner API names so a real back end maps one to one.
 */
export const PORTAL_ERROR_CODES = {
  invalid_request: { status: 400, title: 'The request is malformed.' },
  invalid_json: { status: 400, title: 'The body is not valid JSON.' },
  unsupported_media_type: { status: 415, title: 'Send application/json.' },
  payload_too_large: { status: 413, title: 'The body is too large.' },
  unauthorized: { status: 401, title: 'A valid device token is required.' },
  invalid_device_credentials: { status: 401, title: 'Unknown device or wrong secret.' },
  terminal_is_invalidated: { status: 403, title: 'This kiosk has been disabled.' },
  not_found: { status: 404, title: 'No such resource.' },
  misdirected_request: { status: 421, title: 'Unknown host name: call the portal by its own address.' },
  method_not_allowed: { status: 405, title: 'Method not allowed.' },
  member_not_found: { status: 404, title: 'No member with that number or card.' },
  member_not_active: { status: 422, title: 'The membership is not active.' },
  birthdate_mismatch: { status: 422, title: 'The birthdate does not match the member record.' },
  identify_locked: { status: 429, title: 'Too many wrong birthdates for this member number; identification is locked for a while.' },
  app_token_not_found: { status: 404, title: 'Unknown app token.' },
  cpm_token_already_proceed: { status: 422, title: 'The app token has already been used.' },
  cpm_token_already_expired: { status: 422, title: 'The app token has expired.' },
  cpm_token_mode_mismatch: { status: 422, title: 'The app token was shown for another purpose.' },
  account_money_topup_transfer_limit_exceeded: { status: 422, title: 'The top-up exceeds the per-transaction limit.' },
  account_balance_exceeded: { status: 422, title: 'The balance would exceed its limit.' },
  account_balance_not_enough: { status: 422, title: 'The balance is not enough.' },
  transaction_not_found: { status: 422, title: 'No applied transaction with that client request id for this member.' },
  transaction_already_voided: { status: 422, title: 'The transaction has already been voided.' },
  transaction_not_voidable: { status: 422, title: 'This transaction cannot be voided.' },
  verification_not_found: { status: 404, title: 'No such verification.' },
  verification_code_invalid: { status: 422, title: 'The code is wrong.' },
  verification_code_expired: { status: 422, title: 'The code has expired; send a new one.' },
  verification_code_attempts_exceeded: { status: 422, title: 'Too many wrong codes; send a new one.' },
  verification_code_limit_reached: { status: 429, title: 'Too many codes for this address; wait until the lock ends.' },
  verification_resend_cooldown: { status: 429, title: 'Wait a little before sending a new code.' },
  verification_already_verified: { status: 409, title: 'This address is already verified.' },
  verification_required: { status: 422, title: 'A verified code for this address is required.' },
  email_already_registered: { status: 422, title: 'The member already has a portal account.' },
  email_change_not_found: { status: 404, title: 'No such email-change request.' },
  email_change_already_decided: { status: 409, title: 'The request has already been decided.' },
  email_change_not_approved: { status: 409, title: 'The request is not approved.' },
  repair_request_not_found: { status: 404, title: 'No such repair request.' },
  email_change_pending: { status: 422, title: 'An email-change request is already open for this member.' },
  idempotency_key_reused: { status: 422, title: 'This client request id was used with a different request.' },
  request_in_progress: { status: 409, title: 'A request with this client request id is still being processed.' },
  sequence_gap: { status: 409, title: 'Sequence numbers must increase by one; an earlier operation is missing.' },
  sequence_conflict: { status: 409, title: 'This sequence number was used by another operation.' },
  device_not_found: { status: 404, title: 'No such device.' },
  audit_anchor_not_found: { status: 404, title: 'This kiosk has not anchored its audit log yet.' },
  audit_anchor_conflict: { status: 409, title: 'The audit anchor does not continue the one the portal holds for this kiosk.' },
  rate_limited: { status: 429, title: 'Too many requests; retry later.' },
  temporarily_unavailable: { status: 503, title: 'Temporarily unavailable; retry later.' },
  internal_error: { status: 500, title: 'Internal error.' },
} as const satisfies Record<string, { status: number; title: string }>;

export type PortalErrorCode = keyof typeof PORTAL_ERROR_CODES;

/** The RFC 9457 document the portal answers errors with (its type is the shared Problem). */
export type ProblemDocument = Problem;

export class PortalProblem extends Error {
  readonly code: PortalErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  readonly errors?: FieldError[];
  readonly retryAfterSeconds?: number;

  constructor(
    code: PortalErrorCode,
    detail?: string,
    extra: { details?: Record<string, unknown>; errors?: FieldError[]; retryAfterSeconds?: number; status?: number } = {},
  ) {
    super(detail ?? PORTAL_ERROR_CODES[code].title);
    this.name = 'PortalProblem';
    this.code = code;
    this.status = extra.status ?? PORTAL_ERROR_CODES[code].status;
    if (extra.details) this.details = extra.details;
    if (extra.errors) this.errors = extra.errors;
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  toProblem(): ProblemDocument {
    const doc: ProblemDocument = {
      type: `urn:coop:portal:problem:${this.code}`,
      title: PORTAL_ERROR_CODES[this.code].title,
      status: this.status,
      code: this.code,
    };
    if (this.message !== doc.title) doc.detail = this.message;
    if (this.retryAfterSeconds !== undefined) doc.retryAfterSeconds = this.retryAfterSeconds;
    if (this.errors) doc.errors = this.errors;
    if (this.details) doc.details = this.details;
    return doc;
  }
}
