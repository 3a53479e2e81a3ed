/**
 * TypeScript names for the Portal API's types. The types themselves are generated from the
 * OpenAPI document (`generated/portal-api.d.ts`, openapi-typescript; `scripts/portal-contract.ts`),
 * so the document is their one source: nothing here states a field.
 */
import type { components } from '../../../generated/portal-api';

type Schemas = components['schemas'];

export type MemberStatus = Schemas['MemberStatus'];
export type AppTokenMode = Schemas['AppTokenMode'];
export type OperationKind = Schemas['OperationKind'];
export const OPERATION_KINDS: readonly OperationKind[] = ['wallet.topup', 'wallet.payment', 'wallet.void', 'signup.create', 'email_change.create', 'repair_request.create'];

export type Problem = Schemas['Problem'];
export type Health = Schemas['Health'];
export type DeviceTokenRequest = Schemas['DeviceTokenRequest'];
export type DeviceToken = Schemas['DeviceToken'];
export type MemberProfile = Schemas['MemberProfile'];
export type Member = Schemas['Member'];
export type RosterMember = Schemas['RosterMember'];
export type RosterPage = Schemas['RosterPage'];
export type AppTokenResolution = Schemas['AppTokenResolution'];
export type VerificationPurpose = Schemas['VerificationPurpose'];
export type VerificationSendRequest = Schemas['VerificationSendRequest'];
export type Verification = Schemas['Verification'];
export type VerificationConfirmation = Schemas['VerificationConfirmation'];
export type Address = Schemas['Address'];
export type SignupProfile = Schemas['SignupProfile'];
export type SignupPayload = Schemas['SignupPayload'];
export type Signup = Schemas['Signup'];
export type EmailChangePayload = Schemas['EmailChangePayload'];
export type EmailChangeStatus = Schemas['EmailChangeStatus'];
export type EmailChange = Schemas['EmailChange'];
export type EmailChangeDecision = Schemas['EmailChangeDecision'];
export type EmailChangeReview = Schemas['EmailChangeReview'];
export type StoreEmailChanges = Schemas['StoreEmailChanges'];
export type RepairProblem = Schemas['RepairProblem'];
export type RepairRequestPayload = Schemas['RepairRequestPayload'];
export type RepairRequestStatus = Schemas['RepairRequestStatus'];
export type RepairRequest = Schemas['Repair'];
export type TopupPayload = Schemas['TopupPayload'];
export type PaymentPayload = Schemas['PaymentPayload'];
export type VoidPayload = Schemas['VoidPayload'];
export type WalletTransaction = Schemas['WalletTransaction'];
export type WalletStatement = Schemas['WalletStatement'];
export type OperationOutcome = Schemas['OperationOutcome'];
export type OperationOutcomeKind = OperationOutcome['outcome'];
export type BatchResponse = Schemas['BatchResponse'];
/** The head of a kiosk's hash-chained audit log, as the kiosk sends it (POST /v1/audit-anchors). */
export type AuditAnchorRequest = Schemas['AuditAnchorRequest'];
/** An anchor the portal stored (append-only); receivedAt is the portal's clock. */
export type AuditAnchor = Schemas['AuditAnchor'];

export interface PayloadByKind {
  'wallet.topup': TopupPayload;
  'wallet.payment': PaymentPayload;
  'wallet.void': VoidPayload;
  'signup.create': SignupPayload;
  'email_change.create': EmailChangePayload;
  'repair_request.create': RepairRequestPayload;
}

/** One sequenced operation (the document's `Operation`): the unit of the outbox and of POST /v1/batch, typed per kind. */
export type SequencedOperation<K extends OperationKind = OperationKind> = Omit<Schemas['Operation'], 'kind' | 'payload'> & {
  kind: K;
  payload: K extends OperationKind ? PayloadByKind[K] | Record<string, unknown> : never;
};

export type BatchRequest = { operations: SequencedOperation[] };

// ---- dev admin ----
export type FaultRate = Schemas['FaultRate'];
export type FaultConfig = Schemas['FaultConfig'];
export type AdminMessage = Schemas['AdminMessages']['messages'][number];
export type AdminLedger = Schemas['AdminLedger'];
export type AdminDevice = Schemas['AdminDevice'];
