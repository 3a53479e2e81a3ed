import type {
  AppTokenResolution,
  AuditAnchor,
  AuditAnchorRequest,
  BatchResponse,
  DeviceToken,
  EmailChange,
  EmailChangeDecision,
  EmailChangeReview,
  Health,
  Member,
  OperationKind,
  OperationOutcome,
  Problem,
  RepairRequest,
  RepairRequestStatus,
  StoreEmailChanges,
  RosterPage,
  SequencedOperation,
  Verification,
  VerificationConfirmation,
  VerificationSendRequest,
  WalletStatement,
} from '../../../shared/portal-api/types';
import { responseValidator } from '../../../shared/portal-api/validator';
import { PortalError, parseRetryAfter, reasonForProblem, transportError } from './errors';

export interface PortalClientOptions {
  baseUrl: string;
  deviceId: string;
  deviceSecret: string;
  /** Per-request timeout (ms). Default 10 s. */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  now?: () => number;
  /** Largest response body read (bytes); a longer one is abandoned as invalid. Default 8 MB. */
  maxResponseBytes?: number;
}

/** A roster page of 500 members is about 100 kB; nothing the portal sends comes near this. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Single-operation endpoints for each sequenced kind. */
const SINGLE_PATH: Record<OperationKind, string> = {
  'wallet.topup': '/v1/wallet/topups',
  'wallet.payment': '/v1/wallet/payments',
  'wallet.void': '/v1/wallet/voids',
  'signup.create': '/v1/signups',
  'email_change.create': '/v1/email-changes',
  'repair_request.create': '/v1/repair-requests',
};

interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * Typed client of the Portal API. Authenticates with the device id + secret, keeps the bearer
 * token and re-authenticates once on a 401. Every failure is a PortalError with a reason code.
 */
export class PortalClient {
  private token: { value: string; expiresAt: number } | null = null;
  private authenticating: Promise<void> | null = null;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  /** The portal's last processed sequence number for this device, as of the last sign-in or batch. */
  lastKnownSeq: number | null = null;

  constructor(private readonly options: PortalClientOptions) {
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.now = options.now ?? Date.now;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  private async raw(method: string, path: string, body?: unknown, auth = true, timeoutMs = this.options.timeoutMs ?? 10_000): Promise<RawResponse> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth && this.token) headers.authorization = `Bearer ${this.token.value}`;
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, this.options.baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw transportError(error);
    }
    let text: string;
    try {
      text = await readBody(response, this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    } catch (error) {
      if (error instanceof PortalError) throw error;
      throw transportError(error);
    }
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        throw new PortalError({ message: `The portal answered ${response.status} with a body that is not JSON.`, status: response.status, code: 'invalid_response', reason: 'invalid_response' });
      }
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  private toError(res: RawResponse): PortalError {
    const problem = isProblem(res.body) ? res.body : undefined;
    const code = problem?.code ?? `http_${res.status}`;
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.now()) ?? (problem?.retryAfterSeconds !== undefined ? problem.retryAfterSeconds * 1000 : null);
    return new PortalError({
      message: problem?.detail ?? problem?.title ?? `The portal answered ${res.status}.`,
      status: res.status,
      code,
      reason: reasonForProblem(res.status, problem?.code),
      retryAfterMs,
      problem,
    });
  }

  /** Signs the device in (also done on demand). */
  async authenticate(): Promise<DeviceToken> {
    const res = await this.raw('POST', '/v1/auth/device-token', { deviceId: this.options.deviceId, secret: this.options.deviceSecret }, false);
    if (res.status !== 200) throw this.toError(res);
    const token = checked<DeviceToken>(res, 'POST', '/v1/auth/device-token');
    if (token.accessToken === '' || Number.isNaN(Date.parse(token.expiresAt))) {
      throw new PortalError({ message: 'The portal’s device token answer is not the documented shape.', status: res.status, code: 'invalid_response', reason: 'invalid_response' });
    }
    this.token = { value: token.accessToken, expiresAt: Date.parse(token.expiresAt) };
    if (typeof token.lastSeq === 'number') this.lastKnownSeq = token.lastSeq;
    return token;
  }

  private async ensureToken(): Promise<void> {
    if (this.token && this.token.expiresAt - 60_000 > this.now()) return;
    this.authenticating ??= this.authenticate().catch((error: unknown) => {
      // A refused sign-in concerns the device, never the operation being sent: blocking, not permanent.
      if (error instanceof PortalError && error.disposition === 'permanent') {
        throw new PortalError({ message: `Device sign-in refused: ${error.message}`, status: error.status, code: error.code, reason: 'unauthorized', problem: error.problem, cause: error });
      }
      throw error;
    }).then(
      () => {
        this.authenticating = null;
      },
      (error: unknown) => {
        this.authenticating = null;
        throw error;
      },
    );
    await this.authenticating;
  }

  /** An authenticated call; re-authenticates once when the token was refused. */
  private async call(method: string, path: string, body?: unknown): Promise<RawResponse> {
    await this.ensureToken();
    let res = await this.raw(method, path, body);
    if (res.status === 401) {
      this.token = null;
      await this.ensureToken();
      res = await this.raw(method, path, body);
    }
    return res;
  }

  /** An authenticated call to one operation of the document; the answer is checked against it. */
  private async expect<T>(method: string, template: string, params: Record<string, string>, body: unknown, ok: number[], query?: URLSearchParams): Promise<T> {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
    const res = await this.call(method, query ? `${path}?${query.toString()}` : path, body);
    if (!ok.includes(res.status)) throw this.toError(res);
    return checked<T>(res, method, template);
  }

  /**
   * Compiles the answer validators of the calls a scan and a drain make, one per turn of the
   * loop, so their first use (a cashier's first scan, the first batch of a drain) does not pay
   * the compile (13–50 ms each, measured on a drain's first batch). Each is compiled once.
   */
  async prepareHotValidators(): Promise<void> {
    for (const [method, template] of HOT_ANSWERS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      responseValidator(method, template, 200);
    }
  }

  async health(timeoutMs?: number): Promise<Health> {
    const res = await this.raw('GET', '/v1/health', undefined, false, timeoutMs);
    if (res.status !== 200) throw this.toError(res);
    return checked<Health>(res, 'GET', '/v1/health');
  }

  getMember(memberNo: string): Promise<Member> {
    return this.expect('GET', '/v1/members/{memberNo}', { memberNo }, undefined, [200]);
  }

  getMemberByCard(barcode: string): Promise<Member> {
    return this.expect('GET', '/v1/members/by-card/{barcode}', { barcode }, undefined, [200]);
  }

  identifyMember(memberNo: string, birthDate: string): Promise<Member> {
    return this.expect('POST', '/v1/members/identify', {}, { memberNo, birthDate }, [200]);
  }

  getRoster(cursor: string | null, limit = 500): Promise<RosterPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor !== null) q.set('cursor', cursor);
    return this.expect('GET', '/v1/roster', {}, undefined, [200], q);
  }

  resolveAppToken(token: string): Promise<AppTokenResolution> {
    return this.expect('POST', '/v1/app-tokens/resolve', {}, { token }, [200]);
  }

  sendVerificationCode(input: VerificationSendRequest): Promise<Verification> {
    return this.expect('POST', '/v1/verifications', {}, input, [201]);
  }

  resendVerificationCode(verificationId: string): Promise<Verification> {
    return this.expect('POST', '/v1/verifications/{verificationId}/resend', { verificationId }, undefined, [201]);
  }

  confirmVerificationCode(verificationId: string, code: string): Promise<VerificationConfirmation> {
    return this.expect('POST', '/v1/verifications/{verificationId}/confirm', { verificationId }, { code }, [200]);
  }

  getEmailChange(requestId: string): Promise<EmailChange> {
    return this.expect('GET', '/v1/email-changes/{requestId}', { requestId }, undefined, [200]);
  }

  async listEmailChanges(memberNo: string): Promise<EmailChange[]> {
    const res = await this.expect<{ items: EmailChange[] }>('GET', '/v1/members/{memberNo}/email-changes', { memberNo }, undefined, [200]);
    return res.items;
  }

  decideEmailChange(requestId: string, decision: EmailChangeDecision): Promise<EmailChange> {
    return this.expect('POST', '/v1/email-changes/{requestId}/decision', { requestId }, decision, [200]);
  }

  /** GET /v1/store/email-changes: the pending requests of every kiosk of this kiosk's store. */
  listStoreEmailChanges(limit = 50): Promise<StoreEmailChanges> {
    return this.expect('GET', '/v1/store/email-changes', {}, undefined, [200], new URLSearchParams({ limit: String(limit) }));
  }

  /** GET /v1/store/email-changes/{requestId}/review: the request with the member's name, kana and birth date (shown, never stored). */
  reviewEmailChange(requestId: string): Promise<EmailChangeReview> {
    return this.expect('GET', '/v1/store/email-changes/{requestId}/review', { requestId }, undefined, [200]);
  }

  async listRepairRequests(limit = 100): Promise<RepairRequest[]> {
    const res = await this.expect<{ items: RepairRequest[] }>('GET', '/v1/repair-requests', {}, undefined, [200], new URLSearchParams({ limit: String(limit) }));
    return res.items;
  }

  setRepairRequestStatus(requestId: string, status: RepairRequestStatus, staffId: string): Promise<RepairRequest> {
    return this.expect('POST', '/v1/repair-requests/{requestId}/status', { requestId }, { status, staffId }, [200]);
  }

  walletStatement(memberNo: string, limit = 20): Promise<WalletStatement> {
    return this.expect('GET', '/v1/wallet/members/{memberNo}/transactions', { memberNo }, undefined, [200], new URLSearchParams({ limit: String(limit) }));
  }

  /**
   * Sends one sequenced operation to its own endpoint. Business answers (applied, declined,
   * rejected, deferred) come back as an OperationOutcome; only failures of the request as a
   * whole (transport, 5xx, 429, 401/403) throw.
   */
  async submitOperation(op: SequencedOperation): Promise<OperationOutcome> {
    const res = await this.call('POST', SINGLE_PATH[op.kind], { clientRequestId: op.clientRequestId, seq: op.seq, payload: op.payload });
    const replayed = res.headers.get('idempotent-replayed') === 'true';
    if (res.status === 200 || res.status === 201) {
      const outcome = checked<OperationOutcome>(res, 'POST', SINGLE_PATH[op.kind]);
      if (outcome.clientRequestId !== op.clientRequestId) throw new PortalError({ message: 'The portal answered for another operation.', status: res.status, code: 'invalid_response', reason: 'invalid_response' });
      return outcome;
    }
    const problem = isProblem(res.body) ? res.body : undefined;
    const base = { clientRequestId: op.clientRequestId, seq: op.seq, kind: op.kind, status: res.status, replayed };
    if (problem?.outcome === 'declined' || problem?.outcome === 'rejected') return { ...base, outcome: problem.outcome, problem };
    if (problem && (problem.code === 'sequence_gap' || problem.code === 'request_in_progress')) return { ...base, outcome: 'deferred', problem };
    // 400 before the operation was recorded (the envelope itself) is a rejection of this operation.
    if (problem && res.status === 400) return { ...base, outcome: 'rejected', problem };
    throw this.toError(res);
  }

  /** POST /v1/batch: one outcome per operation, in order. */
  async submitBatch(ops: readonly SequencedOperation[]): Promise<BatchResponse> {
    const res = await this.call('POST', '/v1/batch', { operations: ops });
    if (res.status !== 200) throw this.toError(res);
    // A malformed entry would settle an operation on a guess: the whole answer is refused and retried.
    const body = checked<BatchResponse>(res, 'POST', '/v1/batch');
    if (body.results.length > ops.length) {
      throw new PortalError({ message: 'The batch answer has results that are not the documented shape.', status: 200, code: 'invalid_response', reason: 'invalid_response' });
    }
    this.lastKnownSeq = body.lastSeq;
    return body;
  }

  /** GET /v1/audit-anchors/latest: this kiosk's latest audit anchor, null when it has none yet. */
  async getLatestAuditAnchor(): Promise<AuditAnchor | null> {
    const res = await this.call('GET', '/v1/audit-anchors/latest');
    if (res.status === 404 && isProblem(res.body) && res.body.code === 'audit_anchor_not_found') return null;
    if (res.status !== 200) throw this.toError(res);
    return checkedAnchor(res, 'GET', '/v1/audit-anchors/latest');
  }

  /**
   * POST /v1/audit-anchors: anchors the audit log's head. A refusal (409 `audit_anchor_conflict`:
   * the anchor does not continue the portal's latest one) throws a PortalError with that code.
   */
  async postAuditAnchor(anchor: AuditAnchorRequest): Promise<AuditAnchor> {
    const res = await this.call('POST', '/v1/audit-anchors', anchor);
    if (res.status !== 200 && res.status !== 201) throw this.toError(res);
    return checkedAnchor(res, 'POST', '/v1/audit-anchors');
  }
}

/**
 * The answer's body checked against the Portal API document (the response schema of this
 * operation and status): a body of another shape is refused as `bad_response` (transient: the
 * engine retries, and a repeat of a sequenced operation replays the portal's first answer), never
 * passed on as if it were the type.
 */
/** The answers read on the scan and drain paths (see `prepareHotValidators`). */
const HOT_ANSWERS: ReadonlyArray<[string, string]> = [
  ['GET', '/v1/members/{memberNo}'],
  ['GET', '/v1/members/by-card/{barcode}'],
  ['POST', '/v1/batch'],
];

function checked<T>(res: RawResponse, method: string, template: string): T {
  const validate = responseValidator(method, template, res.status);
  const errors = validate ? validate(res.body) : [{ pointer: '/', message: `no ${res.status} answer is documented` }];
  if (errors) {
    const where = errors.slice(0, 3).map((e) => `${e.pointer} ${e.message}`).join('; ');
    throw new PortalError({ message: `The portal’s answer to ${method} ${template} is not the documented shape (${where}).`, status: res.status, code: 'bad_response', reason: 'invalid_response' });
  }
  return res.body as T;
}

/** An audit anchor answer in the documented shape whose row id and count are exact (safe) integers, or bad_response. */
function checkedAnchor(res: RawResponse, method: string, template: string): AuditAnchor {
  const a = checked<AuditAnchor>(res, method, template);
  if (Number.isSafeInteger(a.auditId) && Number.isSafeInteger(a.rowCount)) return a;
  throw new PortalError({ message: 'The portal’s audit anchor answer is not the documented shape.', status: res.status, code: 'bad_response', reason: 'invalid_response' });
}

/**
 * Reads a response body as UTF-8 text, at most `limit` bytes: a declared or actual longer body is
 * cancelled (the connection is dropped) and refused, so a hostile or broken server cannot make
 * the kiosk buffer it. The request's timeout signal also covers a body that drips in slowly.
 */
async function readBody(response: Response, limit: number): Promise<string> {
  const tooLarge = () =>
    new PortalError({ message: `The portal's answer is larger than ${limit} bytes.`, status: response.status, code: 'response_too_large', reason: 'invalid_response' });
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' && typeof (value as { status?: unknown }).status === 'number';
}
