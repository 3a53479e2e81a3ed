/**
 * TypeScript types for the Portal API (src/shared/portal-api/openapi.json). Hand-kept in step
 * with the document; test/unit/portal checks the enums and required fields against it.
 */

export type MemberStatus = 'active' | 'suspended' | 'withdrawn';
export type AppTokenMode = 'pay' | 'points' | 'charge';
export type OperationKind = 'wallet.topup' | 'wallet.payment' | 'wallet.void' | 'signup.create' | 'email_change.create';
export const OPERATION_KINDS: readonly OperationKind[] = ['wallet.topup', 'wallet.payment', 'wallet.void', 'signup.create', 'email_change.create'];

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  /** Set when a sequenced operation was recorded with this answer. */
  outcome?: 'declined' | 'rejected';
  retryAfterSeconds?: number;
  errors?: Array<{ pointer: string; message: string }>;
  details?: Record<string, unknown>;
}

export interface Health {
  status: 'ok';
  version: string;
  time?: string;
  mode?: 'demo' | 'production';
}

export interface DeviceTokenRequest {
  deviceId: string;
  secret: string;
}

export interface DeviceToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresAt: string;
  expiresIn?: number;
  deviceId: string;
  lastSeq?: number;
}

export interface MemberProfile {
  phone?: string | null;
  university?: string | null;
  faculty?: string | null;
  studentNo?: string | null;
}

export interface Member {
  memberNo: string;
  cardBarcode: string;
  name: string;
  nameKana: string;
  status: MemberStatus;
  maskedEmail: string | null;
  portalRegistered: boolean;
  balance: number;
  asOf: string;
  profile?: MemberProfile;
}

export interface RosterMember {
  memberNo: string;
  cardBarcode: string;
  name: string;
  nameKana: string;
  status: MemberStatus;
  maskedEmail: string | null;
  portalRegistered?: boolean;
  balance: number;
  version: number;
}

export interface RosterPage {
  members: RosterMember[];
  nextCursor: string;
  hasMore: boolean;
  asOf: string;
}

export interface AppTokenResolution {
  token: string;
  mode: AppTokenMode;
  memberNo: string;
  expiresAt: string;
  member: Member;
}

export type VerificationPurpose = 'signup' | 'email_change';

export interface VerificationSendRequest {
  purpose: VerificationPurpose;
  memberNo: string;
  email: string;
  locale?: 'ja' | 'en';
}

export interface Verification {
  verificationId: string;
  maskedEmail: string;
  /** When the current code was sent (optional: with expiresAt it gives the code's lifetime). */
  sentAt?: string;
  expiresAt: string;
  resendAvailableAt: string;
  codesRemaining: number;
  attemptsRemaining: number;
}

export interface VerificationConfirmation {
  verificationId: string;
  verified: true;
}

export interface Address {
  prefecture: string;
  city: string;
  town: string;
  line?: string;
}

export interface SignupProfile {
  name: string;
  nameKana: string;
  /** +81 then 60/70/80/90 and 8 digits. */
  phone: string;
  postalCode: string;
  address: Address;
  university: string;
  faculty: string;
  studentNo: string;
  remarks?: string;
}

export interface SignupPayload {
  memberNo: string;
  email: string;
  verificationId?: string;
  profile: SignupProfile;
  locale?: 'ja' | 'en';
  createdAt?: string;
}

export interface Signup {
  signupId: string;
  memberNo: string;
  maskedEmail: string;
  status: 'pending_email_confirmation' | 'completed';
  createdAt: string;
}

export interface EmailChangePayload {
  memberNo: string;
  newEmail: string;
  verificationId: string;
  createdAt?: string;
}

export type EmailChangeStatus = 'requested' | 'approved' | 'completed' | 'rejected';

export interface EmailChange {
  requestId: string;
  memberNo: string;
  maskedNewEmail: string;
  status: EmailChangeStatus;
  requestedAt: string;
  decidedAt?: string | null;
  decidedBy?: string | null;
  reason?: string | null;
  completedAt?: string | null;
}

export interface EmailChangeDecision {
  decision: 'approve' | 'reject';
  staffId: string;
  reason?: string;
}

export interface TopupPayload {
  memberNo: string;
  amount: number;
  appToken?: string;
  staffId?: string;
  method?: 'cash';
  createdAt?: string;
}

export interface PaymentPayload {
  memberNo: string;
  amount: number;
  appToken?: string;
  staffId?: string;
  offline?: boolean;
  createdAt?: string;
}

export interface VoidPayload {
  memberNo: string;
  targetClientRequestId: string;
  staffId: string;
  supervisorId: string;
  createdAt?: string;
}

export interface PayloadByKind {
  'wallet.topup': TopupPayload;
  'wallet.payment': PaymentPayload;
  'wallet.void': VoidPayload;
  'signup.create': SignupPayload;
  'email_change.create': EmailChangePayload;
}

/** One sequenced operation: the unit of the outbox and of POST /v1/batch. */
export interface SequencedOperation<K extends OperationKind = OperationKind> {
  clientRequestId: string;
  seq: number;
  kind: K;
  payload: K extends OperationKind ? PayloadByKind[K] | Record<string, unknown> : never;
}

export interface WalletTransaction {
  transactionId: string;
  clientRequestId: string;
  kind: 'topup' | 'payment' | 'void';
  memberNo: string;
  amount: number;
  balance: number;
  createdAt: string;
  voidsTransactionId?: string | null;
  deviceId?: string;
  seq?: number | null;
}

export interface WalletStatement {
  memberNo: string;
  balance: number;
  asOf: string;
  transactions: WalletTransaction[];
}

export type OperationOutcomeKind = 'applied' | 'declined' | 'rejected' | 'deferred';

export interface OperationOutcome {
  clientRequestId: string;
  seq: number;
  kind: string;
  outcome: OperationOutcomeKind;
  status: number;
  replayed: boolean;
  result?: Record<string, unknown> | WalletTransaction | Signup | EmailChange;
  problem?: Problem;
}

export interface BatchRequest {
  operations: SequencedOperation[];
}

export interface BatchResponse {
  results: OperationOutcome[];
  lastSeq: number;
}

/** The head of a kiosk's hash-chained audit log, as the kiosk sends it (POST /v1/audit-anchors). */
export interface AuditAnchorRequest {
  /** Id of the newest audit row. */
  auditId: number;
  /** Its hash (SHA-256, lower-case hex). */
  hash: string;
  /** Rows up to and including it. */
  rowCount: number;
  /** The kiosk's clock (ISO 8601). */
  createdAt: string;
}

/** An anchor the portal stored (append-only); receivedAt is the portal's clock. */
export interface AuditAnchor extends AuditAnchorRequest {
  deviceId: string;
  receivedAt: string;
}

// ---- dev admin ----

export interface FaultRate {
  rate?: number;
  count?: number;
}

export interface FaultConfig {
  latencyMs?: number;
  serverError?: FaultRate & { status?: 500 | 502 | 503 | 504 };
  connectionReset?: FaultRate;
  dropAfterCommit?: FaultRate;
  rateLimit?: FaultRate & { retryAfterSeconds: number; httpDate?: boolean };
  downForSeconds?: number;
  pathPrefix?: string;
  includeHealth?: boolean;
  seed?: number;
}

export interface AdminMessage {
  id: number;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  meta: Record<string, unknown>;
  createdAt: string;
}

export interface AdminLedger {
  transactions: WalletTransaction[];
  declines: Array<{ clientRequestId: string; deviceId: string; seq: number | null; memberNo: string; kind: string; amount: number; code: string; createdAt: string }>;
  balances: Record<string, number>;
}

export interface AdminDevice {
  deviceId: string;
  displayName: string;
  disabled: boolean;
  lastSeq: number;
}
