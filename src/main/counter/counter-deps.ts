import type { SqliteDatabase } from '../db/database';
import type { DraftCipher } from '../db/sealing';
import type { MemberSource } from '../members';
import type { StaffService } from '../staff';
import type { PortalClient } from '../sync';

/** What the counter flows need of the portal: whether it can be reached, its member, code and email-change calls, and a kick of the engine after a submission. */
export interface CounterPortal {
  /** Degraded counts as reachable: the flows try the portal and fall back when a call fails. */
  reachable(): boolean;
  client: Pick<
    PortalClient,
    'identifyMember' | 'sendVerificationCode' | 'resendVerificationCode' | 'confirmVerificationCode' | 'listEmailChanges' | 'getEmailChange' | 'decideEmailChange' | 'listStoreEmailChanges' | 'reviewEmailChange' | 'listRepairRequests' | 'setRepairRequestStatus'
  >;
  kick(): void;
}

/** The counter room's dependencies, handed out by the composition root (each a small interface). */
export interface CounterDeps {
  db(): SqliteDatabase;
  portal(): CounterPortal;
  members(): Pick<MemberSource, 'roster'>;
  staff(): Pick<StaffService, 'require' | 'approver'>;
  cipher(): DraftCipher;
  now(): number;
  log(line: string): void;
  /** A flow's submission changed (after the transaction that changed it). */
  changed(flowId: string): void;
  draftTtlMs?: number;
}

export interface SubmissionRow {
  client_request_id: string;
  flow: 'signup' | 'emailChange' | 'repair';
  draft_id: string;
  member_no: string;
  state: 'queued' | 'applied' | 'failed';
  signup_status: string | null;
  request_id: string | null;
  masked_email: string | null;
  failure: string | null;
  created_at: number;
  updated_at: number;
}

